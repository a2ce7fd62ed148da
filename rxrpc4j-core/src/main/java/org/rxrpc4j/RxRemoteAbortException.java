package org.rxrpc4j;

/** The peer aborted the call; {@link #abortCode()} is the code it sent. */
public final class RxRemoteAbortException extends RxCallException {

    private static final long serialVersionUID = 1L;

    /** @param completion the completion this reports */
    public RxRemoteAbortException(RxCompletion completion) {
        super(completion);
    }
}
