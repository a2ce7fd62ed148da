package org.rxrpc4j.wire;

import io.netty.buffer.ByteBuf;
import java.util.Objects;

/**
 * The body of BUSY, ACKALL and the reserved PARAMS types (rx-protocol.md §5.2, §5.3, §5.5),
 * which peers send empty.
 *
 * <p>Neither OpenAFS nor the kernel checks that these bodies are empty, so neither does this
 * decoder: any bytes present are kept as {@link #trailing()} so that the packet re-encodes byte
 * for byte.
 *
 * @param trailing bytes that followed the header although none were expected; usually empty
 */
public record EmptyBody(OpaqueBody trailing) implements PacketBody {

    /** The body peers actually send: no bytes at all. */
    public static final EmptyBody EMPTY = new EmptyBody(OpaqueBody.EMPTY);

    /** @throws NullPointerException if {@code trailing} is null; use {@link OpaqueBody#EMPTY} */
    public EmptyBody {
        Objects.requireNonNull(trailing, "trailing");
    }

    /** Consumes the whole readable region of {@code in}; never fails. */
    public static EmptyBody decode(ByteBuf in) throws DecodeException {
        return in.isReadable() ? new EmptyBody(OpaqueBody.decode(in)) : EMPTY;
    }

    @Override
    public void encode(ByteBuf out) {
        trailing.encode(out);
    }

    @Override
    public int encodedLength() {
        return trailing.encodedLength();
    }
}
