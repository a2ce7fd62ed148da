package org.rxrpc4j.tools.perf;

/**
 * An rxperf run that stopped because a call failed: which thread, which of its calls, and why,
 * in one line.
 */
public final class PerfFailure extends Exception {

    private static final long serialVersionUID = 1L;

    /** What kind of failure it was. */
    public enum Kind {
        /** The server aborted the call; {@link #abortCode()} says with what. */
        ABORTED,
        /** The server did not answer in time, or could not be reached. */
        NO_ANSWER,
        /** The reply broke the protocol: wrong length, wrong cookie. */
        BAD_REPLY,
        /** A local failure (the endpoint closed, the thread was interrupted). */
        LOCAL,
    }

    private final Kind kind;
    private final int abortCode;

    /**
     * @param kind what kind of failure
     * @param abortCode the abort code of an {@link Kind#ABORTED} call, else 0
     * @param message the line that describes it
     */
    public PerfFailure(Kind kind, int abortCode, String message) {
        super(message, null, false, false);
        this.kind = kind;
        this.abortCode = abortCode;
    }

    /** @return what kind of failure */
    public Kind kind() {
        return kind;
    }

    /** @return the server's abort code, or 0 */
    public int abortCode() {
        return abortCode;
    }
}
