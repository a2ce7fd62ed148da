package org.rxrpc4j;

import java.util.Objects;

/**
 * XDR input could not be decoded by an {@link XdrReader}: a value runs past the end, a length or
 * count exceeds the bound the caller declared, a field holds a value its type does not allow, or
 * bytes are left over where the caller expected the end.
 *
 * <p>Unchecked, so that a result decoder can be an ordinary {@code Function<XdrReader, T>}
 * lambda. Like rxgen's {@code RXGEN_CC_UNMARSHAL}, it means the peer sent something the
 * declared interface does not allow; it is not a programming error of the caller. (Values a
 * writer cannot encode, such as a string over its bound, are programming errors and fail with
 * {@link IllegalArgumentException} instead.)
 */
public final class XdrException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** What was wrong with the input. */
    public enum Reason {
        /** An item runs past the end of the input. */
        TRUNCATED,
        /** A length or count exceeds the bound the caller declared. */
        LENGTH_OVER_BOUND,
        /** A field holds a value its type does not allow (a bool that is neither 0 nor 1, a char
         * word outside -128..255). */
        BAD_VALUE,
        /** Bytes remain after the caller expected the end ({@link XdrReader#expectEnd()}). */
        TRAILING_BYTES,
    }

    private final Reason reason;
    private final int offset;

    /**
     * @param reason what was wrong
     * @param offset the byte offset in the input of the item that failed
     * @param detail a human-readable detail
     */
    public XdrException(Reason reason, int offset, String detail) {
        super(Objects.requireNonNull(reason, "reason") + " at offset " + offset + ": " + detail);
        this.reason = reason;
        this.offset = offset;
    }

    /** @return what was wrong with the input */
    public Reason reason() {
        return reason;
    }

    /** @return the byte offset in the input of the item that failed */
    public int offset() {
        return offset;
    }
}
