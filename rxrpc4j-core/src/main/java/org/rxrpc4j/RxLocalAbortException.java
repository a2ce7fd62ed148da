package org.rxrpc4j;

/** This side aborted the call: the application did, or the engine did on a protocol error; {@link #abortCode()} is the code that was sent. */
public final class RxLocalAbortException extends RxCallException {

    private static final long serialVersionUID = 1L;

    /** @param completion the completion this reports */
    public RxLocalAbortException(RxCompletion completion) {
        super(completion);
    }
}
