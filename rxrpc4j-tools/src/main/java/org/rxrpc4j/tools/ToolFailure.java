package org.rxrpc4j.tools;

/**
 * A failure a command reports as one line on stderr, with the exit status it ends with. It
 * carries no stack trace: the user sees the message, never a trace.
 */
public final class ToolFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int exitCode;

    /**
     * @param exitCode one of {@link ExitCodes}
     * @param message the line to print, without the command's name
     */
    public ToolFailure(int exitCode, String message) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    /** @return the exit status */
    public int exitCode() {
        return exitCode;
    }
}
