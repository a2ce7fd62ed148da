package org.rxrpc4j.call;

import java.util.Objects;

/**
 * The terminal outcome of a call: one completion type, the abort code that went with it (0 for
 * {@link CompletionType#SUCCEEDED}), and a short human-readable detail.
 *
 * @param type how the call ended
 * @param abortCode the Rx abort code sent or received; 0 on success
 * @param detail why, for logs and exceptions
 */
public record Completion(CompletionType type, int abortCode, String detail) {

    /** The completion of a call that succeeded. */
    public static final Completion SUCCEEDED = new Completion(CompletionType.SUCCEEDED, 0, "succeeded");

    /** Checks that a successful completion carries no abort code. */
    public Completion {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(detail, "detail");
        if (type == CompletionType.SUCCEEDED && abortCode != 0) {
            throw new IllegalArgumentException("a successful call has no abort code");
        }
    }

    /** @return whether the call succeeded */
    public boolean succeeded() {
        return type == CompletionType.SUCCEEDED;
    }
}
