package org.rxrpc4j;

/** The call ran out of time: its hard timeout ({@link CallOptions#timeout()}) expired, and the call was aborted with {@code RX_CALL_TIMEOUT}. */
public final class RxTimeoutException extends RxCallException {

    private static final long serialVersionUID = 1L;

    /** @param completion the completion this reports */
    public RxTimeoutException(RxCompletion completion) {
        super(completion);
    }
}
