package org.rxrpc4j.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.util.Arrays;

/**
 * Bytes kept exactly as received without interpretation: the body of packet types this package
 * does not parse yet (CHALLENGE, RESPONSE, DEBUG), and stray bytes after bodies that are
 * normally empty or fixed-size, so that such packets still re-encode byte for byte.
 *
 * <p>Holds a private copy, so it stays valid after the datagram buffer is released and cannot
 * be changed by anyone.
 */
public final class OpaqueBody implements PacketBody {

    /** No bytes. */
    public static final OpaqueBody EMPTY = new OpaqueBody(new byte[0]);

    private final byte[] bytes;

    private OpaqueBody(byte[] bytes) {
        this.bytes = bytes;
    }

    /** @return a body holding a copy of {@code bytes} */
    public static OpaqueBody of(byte[] bytes) {
        return bytes.length == 0 ? EMPTY : new OpaqueBody(bytes.clone());
    }

    /**
     * Copies the whole readable region of {@code in} and advances its reader index to the
     * writer index. Never fails; it is declared to throw only so that every body decoder has
     * the same shape.
     */
    public static OpaqueBody decode(ByteBuf in) throws DecodeException {
        if (!in.isReadable()) {
            return EMPTY;
        }
        byte[] copy = new byte[in.readableBytes()];
        in.readBytes(copy);
        return new OpaqueBody(copy);
    }

    /** @return the number of bytes */
    public int length() {
        return bytes.length;
    }

    /** @return the byte at {@code index}, 0-based */
    public byte byteAt(int index) {
        return bytes[index];
    }

    /** @return a copy of the bytes */
    public byte[] bytes() {
        return bytes.clone();
    }

    @Override
    public void encode(ByteBuf out) {
        out.writeBytes(bytes);
    }

    @Override
    public int encodedLength() {
        return bytes.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OpaqueBody other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        // a DEBUG reply can be a few hundred bytes; a prefix is enough to recognise it in a log
        int shown = Math.min(bytes.length, 64);
        return "OpaqueBody[" + bytes.length + " bytes: " + ByteBufUtil.hexDump(bytes, 0, shown)
                + (shown < bytes.length ? "...]" : "]");
    }
}
