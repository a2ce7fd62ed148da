package org.rxrpc4j;

import java.util.Objects;
import org.rxrpc4j.call.Completion;
import org.rxrpc4j.wire.AbortCodes;

/**
 * How a call ended: one completion type, the Rx abort code that went with it (0 on success) and
 * a short detail for humans. The kernel's terminal state of a call.
 *
 * @param type how the call ended
 * @param abortCode the abort code sent or received, or the Rx code of a network failure
 *     ({@code RX_CALL_DEAD}, {@code RX_CALL_TIMEOUT}); 0 on success
 * @param detail why, for logs and exception messages
 */
public record RxCompletion(Type type, int abortCode, String detail) {

    /** How a call ended (the kernel's {@code enum rxrpc_call_completion}). */
    public enum Type {
        /** Request and reply were both delivered. */
        SUCCEEDED,
        /** The peer aborted the call (or its connection). */
        REMOTELY_ABORTED,
        /** This side aborted the call: the application, a timeout, or a protocol error. */
        LOCALLY_ABORTED,
        /** A local failure ended the call, for example the endpoint closed. */
        LOCAL_ERROR,
        /** The peer stopped answering or could not be reached. */
        NETWORK_ERROR,
    }

    /** Checks the values; see the record's parameters for their ranges. */
    public RxCompletion {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(detail, "detail");
    }

    /** @return whether the call succeeded */
    public boolean succeeded() {
        return type == Type.SUCCEEDED;
    }

    /** @return the abort code's symbolic name where known ({@code RX_CALL_DEAD}, ...), or null */
    public String abortCodeName() {
        return abortCode == 0 ? null : AbortCodes.name(abortCode);
    }

    static RxCompletion of(Completion c) {
        return new RxCompletion(Type.valueOf(c.type().name()), c.abortCode(), c.detail());
    }

    /** @return the exception that reports this (unsuccessful) completion */
    RxCallException toException() {
        return RxCallException.of(this);
    }

    @Override
    public String toString() {
        if (succeeded()) {
            return "SUCCEEDED";
        }
        String name = abortCodeName();
        return type + " (abort " + abortCode + (name == null ? "" : " " + name) + "): " + detail;
    }
}
