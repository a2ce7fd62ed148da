package org.rxrpc4j.wire;

import io.netty.buffer.ByteBuf;
import java.util.Objects;

/**
 * The body of an ABORT packet: a signed 32-bit abort code (rx-protocol.md §5.1; names in
 * {@link AbortCodes}).
 *
 * <p>Real peers send exactly 4 bytes. Bytes after the code are accepted and kept in
 * {@link #trailing()} rather than rejected, because both OpenAFS and the kernel read the first
 * 4 bytes and ignore the rest: dropping such an abort would leave the call to time out instead
 * of failing with the peer's code. Keeping them makes re-encoding byte-identical.
 *
 * @param code the abort code
 * @param trailing bytes after the code; normally empty
 */
public record AbortBody(int code, OpaqueBody trailing) implements PacketBody {

    /** Size of the abort code on the wire. */
    public static final int CODE_SIZE = 4;

    /** @throws NullPointerException if {@code trailing} is null; use {@link OpaqueBody#EMPTY} */
    public AbortBody {
        Objects.requireNonNull(trailing, "trailing");
    }

    /** An abort as peers send it: the code alone. */
    public AbortBody(int code) {
        this(code, OpaqueBody.EMPTY);
    }

    /**
     * Decodes the whole readable region of {@code in}, advancing its reader index to the end.
     *
     * @throws DecodeException {@code ABORT_TRUNCATED} if fewer than 4 bytes are readable
     */
    public static AbortBody decode(ByteBuf in) throws DecodeException {
        if (in.readableBytes() < CODE_SIZE) {
            throw new DecodeException(DecodeException.Reason.ABORT_TRUNCATED,
                    in.readableBytes() + " of " + CODE_SIZE + " bytes");
        }
        int code = in.readInt();
        return new AbortBody(code, OpaqueBody.decode(in));
    }

    @Override
    public void encode(ByteBuf out) {
        out.writeInt(code);
        trailing.encode(out);
    }

    @Override
    public int encodedLength() {
        return CODE_SIZE + trailing.encodedLength();
    }
}
