package org.rxrpc4j;

import java.io.IOException;
import java.util.Objects;
import org.rxrpc4j.wire.AbortCodes;

/**
 * A call did not succeed. It carries the call's {@link RxCompletion}: how it ended and with which
 * abort code. The subclasses say the common cases apart: {@link RxRemoteAbortException},
 * {@link RxLocalAbortException}, {@link RxTimeoutException} and {@link RxNetworkException}; a
 * plain {@code RxCallException} is a local failure (for example, the endpoint closed).
 */
public class RxCallException extends IOException {

    private static final long serialVersionUID = 1L;

    private final transient RxCompletion completion;

    /**
     * @param completion the unsuccessful completion this reports
     */
    public RxCallException(RxCompletion completion) {
        super(Objects.requireNonNull(completion, "completion").toString());
        if (completion.succeeded()) {
            throw new IllegalArgumentException("a successful call is not an exception");
        }
        this.completion = completion;
    }

    /** @return how the call ended */
    public RxCompletion completion() {
        return completion;
    }

    /** @return the abort code sent or received (0 if none) */
    public int abortCode() {
        return completion.abortCode();
    }

    /** @return how the call ended, as a type */
    public RxCompletion.Type type() {
        return completion.type();
    }

    static RxCallException of(RxCompletion c) {
        return switch (c.type()) {
            case REMOTELY_ABORTED -> new RxRemoteAbortException(c);
            case LOCALLY_ABORTED -> c.abortCode() == AbortCodes.RX_CALL_TIMEOUT
                    ? new RxTimeoutException(c) : new RxLocalAbortException(c);
            case NETWORK_ERROR -> c.abortCode() == AbortCodes.RX_CALL_TIMEOUT
                    ? new RxTimeoutException(c) : new RxNetworkException(c);
            default -> new RxCallException(c);
        };
    }
}
