package org.rxrpc4j;

import java.time.Duration;
import java.util.Objects;

/**
 * Options of one call. Immutable; start from {@link #defaults()} and change what you need.
 *
 * <pre>{@code
 * CallOptions o = CallOptions.defaults().withTimeout(Duration.ofSeconds(5)).withUserCallId(42);
 * }</pre>
 *
 * @param timeout the hard timeout: a call still running this long after it started is aborted
 *     with {@code RX_CALL_TIMEOUT} and fails with {@link RxTimeoutException}; {@code null} for
 *     none (the peer-silence timeout of the endpoint's configuration still applies)
 * @param userCallId an application-chosen number that identifies the call in callbacks, logs
 *     and views (the kernel's user call ID); 0 if unused
 * @param transmitLength how many bytes this side will send, or -1 if not known in advance. When
 *     set, sending more is refused with {@link IllegalStateException}, and this side's data
 *     ends by itself once exactly that many bytes have been written
 * @param maxReplyBytes how many bytes {@link RxEndpoint#call} collects at most; a longer reply
 *     aborts the call with {@code RXGEN_CC_UNMARSHAL}. Streaming calls ignore it
 */
public record CallOptions(Duration timeout, long userCallId, long transmitLength, int maxReplyBytes) {

    /** The default cap on a whole-call reply: 64 MiB. */
    public static final int DEFAULT_MAX_REPLY_BYTES = 64 << 20;

    private static final CallOptions DEFAULTS = new CallOptions(null, 0, -1, DEFAULT_MAX_REPLY_BYTES);

    /** Checks the values; see the record's parameters for their ranges. */
    public CallOptions {
        if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
        if (transmitLength < -1) {
            throw new IllegalArgumentException("transmitLength must be -1 (unknown) or >= 0: " + transmitLength);
        }
        if (maxReplyBytes < 0) {
            throw new IllegalArgumentException("maxReplyBytes must be >= 0: " + maxReplyBytes);
        }
    }

    /** @return no hard timeout, no user call ID, unknown transmit length, 64 MiB reply cap */
    public static CallOptions defaults() {
        return DEFAULTS;
    }

    /** @return these options with a hard timeout ({@code null} for none) */
    public CallOptions withTimeout(Duration hardTimeout) {
        return new CallOptions(hardTimeout, userCallId, transmitLength, maxReplyBytes);
    }

    /** @return these options with a user call ID */
    public CallOptions withUserCallId(long id) {
        return new CallOptions(timeout, id, transmitLength, maxReplyBytes);
    }

    /** @return these options with a transmit-length hint (-1 for unknown) */
    public CallOptions withTransmitLength(long bytes) {
        return new CallOptions(timeout, userCallId, bytes, maxReplyBytes);
    }

    /** @return these options with a cap on the bytes a whole call collects */
    public CallOptions withMaxReplyBytes(int bytes) {
        return new CallOptions(timeout, userCallId, transmitLength, bytes);
    }

    /** @return the hard timeout in nanoseconds, or 0 for none */
    long timeoutNs() {
        return timeout == null ? 0 : saturatedNanos(Objects.requireNonNull(timeout));
    }

    private static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE / 4;
        }
    }
}
