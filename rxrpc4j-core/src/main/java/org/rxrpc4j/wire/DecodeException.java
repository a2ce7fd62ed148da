package org.rxrpc4j.wire;

import java.util.Objects;

/**
 * A packet or XDR value could not be decoded. Every decoder in this package reports malformed
 * input only through this exception, with a {@link Reason} that names what was wrong, so the
 * engine can count drops per reason.
 *
 * <p>The exception carries no stack trace: malformed input is ordinary on a network, and
 * filling in a trace per bad packet would make a flood of them expensive.
 */
public final class DecodeException extends Exception {

    /** Why decoding failed. */
    public enum Reason {
        /** Fewer than the 28 bytes of the Rx header. */
        TRUNCATED_HEADER,
        /** The header's type byte names no Rx packet type. */
        UNKNOWN_TYPE,
        /** A DATA packet (or another call-level packet that needs one) has call number 0. */
        ZERO_CALL_NUMBER,
        /** A DATA packet has sequence number 0. */
        ZERO_SEQ,
        /** A body is shorter than its fixed layout or its own counts say. */
        BODY_TRUNCATED,
        /** An ACK's nAcks runs past the end of the packet. */
        NACKS_BEYOND_END,
        /** An ABORT has no room for its 4-byte code. */
        ABORT_TRUNCATED,
        /** A jumbo subpacket marked as followed by another has less than 1412 + 4 bytes left. */
        JUMBO_REMAINDER_TOO_SHORT,
        /** A jumbo subpacket claims both JUMBO_PACKET and LAST_PACKET. */
        JUMBO_LAST_AND_MORE,
        /** A packet type that has no body carries one, or a body is longer than allowed. */
        BODY_TOO_LONG,
        /** A field holds a value its layout does not allow (a bad version, a negative length). */
        BAD_FIELD,
        /** An XDR length or count exceeds the bound the caller allows. */
        XDR_LENGTH_OVER_BOUND,
        /** An XDR item runs past the end of the buffer. */
        XDR_TRUNCATED,
    }

    private final Reason reason;

    /**
     * @param reason what was wrong
     * @param detail a human-readable detail (offsets, values)
     */
    public DecodeException(Reason reason, String detail) {
        super(Objects.requireNonNull(reason, "reason") + ": " + detail, null, false, false);
        this.reason = reason;
    }

    /** @return what was wrong with the input */
    public Reason reason() {
        return reason;
    }
}
