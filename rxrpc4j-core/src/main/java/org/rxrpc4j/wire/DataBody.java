package org.rxrpc4j.wire;

import io.netty.buffer.ByteBuf;
import java.util.Objects;

/**
 * The body of a DATA packet (rx-protocol.md §3.1): the payload, including any security header
 * and padding, which only the security class can interpret.
 *
 * <p>A decoded payload is a slice of the datagram buffer: not copied, because DATA is the bulk
 * of all traffic, and not retained, so it is valid exactly as long as the datagram buffer is and
 * the datagram's owner alone decides when to release it. Equality compares the readable bytes.
 *
 * <p>If the header has the JUMBO_PACKET flag the payload is the whole rest of the jumbogram;
 * {@link Jumbogram#split} cuts it into subpackets.
 *
 * @param payload the payload's readable bytes; encoding never moves its indexes
 */
public record DataBody(ByteBuf payload) implements PacketBody {

    /** @throws NullPointerException if {@code payload} is null */
    public DataBody {
        Objects.requireNonNull(payload, "payload");
    }

    /**
     * Takes the whole readable region of {@code in} as the payload (a slice, neither copied nor
     * retained) and advances its reader index to the end. Never fails; the header checks that
     * DATA needs are in {@link RxPacket#decode}.
     */
    public static DataBody decode(ByteBuf in) throws DecodeException {
        ByteBuf payload = in.slice(in.readerIndex(), in.readableBytes());
        in.skipBytes(payload.readableBytes());
        return new DataBody(payload);
    }

    /** @return the number of payload bytes */
    public int length() {
        return payload.readableBytes();
    }

    @Override
    public void encode(ByteBuf out) {
        out.writeBytes(payload, payload.readerIndex(), payload.readableBytes());
    }

    @Override
    public int encodedLength() {
        return payload.readableBytes();
    }
}
