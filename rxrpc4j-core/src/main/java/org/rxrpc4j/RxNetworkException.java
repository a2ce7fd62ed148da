package org.rxrpc4j;

/** The peer stopped answering ({@code RX_CALL_DEAD}) or could not be reached. */
public final class RxNetworkException extends RxCallException {

    private static final long serialVersionUID = 1L;

    /** @param completion the completion this reports */
    public RxNetworkException(RxCompletion completion) {
        super(completion);
    }
}
