package org.rxrpc4j.tools;

/** Exit statuses of {@code bin/rxrpc4j}, the same for every command. */
public final class ExitCodes {

    /** The command did what it was asked. */
    public static final int OK = 0;
    /** It failed: unknown host, bad input file, an error of the local system. */
    public static final int FAILED = 1;
    /** The command line was wrong. */
    public static final int USAGE = 2;
    /** The peer aborted the call; the abort code was printed. */
    public static final int ABORTED = 3;
    /** Nothing answered within the time allowed. */
    public static final int NO_ANSWER = 4;

    private ExitCodes() {
    }
}
