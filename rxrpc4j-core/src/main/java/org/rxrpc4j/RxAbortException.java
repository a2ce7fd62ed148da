package org.rxrpc4j;

/**
 * Thrown by an {@link RxServiceHandler} to abort its call with an Rx abort code, as an rxgen
 * server procedure does by returning an error code.
 */
public final class RxAbortException extends Exception {

    private static final long serialVersionUID = 1L;

    private final int abortCode;

    /**
     * @param abortCode the code the client receives
     * @param message why, for logs
     */
    public RxAbortException(int abortCode, String message) {
        super(message);
        this.abortCode = abortCode;
    }

    /** @return the abort code */
    public int abortCode() {
        return abortCode;
    }
}
