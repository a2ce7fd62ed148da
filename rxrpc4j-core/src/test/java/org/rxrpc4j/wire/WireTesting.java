package org.rxrpc4j.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.function.Consumer;

/** Buffer plumbing shared by the codec tests; every buffer it allocates is released. */
final class WireTesting {

    private WireTesting() {
    }

    /** A decoder under test. */
    @FunctionalInterface
    interface Decoder<T> {
        T decode(ByteBuf in) throws DecodeException;
    }

    /** Decodes {@code bytes}, releasing the buffer afterwards whatever happens. */
    static <T> T decode(byte[] bytes, Decoder<T> decoder) throws DecodeException {
        ByteBuf in = Unpooled.wrappedBuffer(bytes);
        try {
            return decoder.decode(in);
        } finally {
            in.release();
        }
    }

    /** Runs a writer against a fresh buffer and returns what it wrote. */
    static byte[] written(Consumer<ByteBuf> writer) {
        ByteBuf out = Unpooled.buffer();
        try {
            writer.accept(out);
            return ByteBufUtil.getBytes(out);
        } finally {
            out.release();
        }
    }

    /** @return the encoding of {@code body}, checked against its declared length */
    static byte[] encode(PacketBody body) {
        byte[] bytes = written(body::encode);
        if (bytes.length != body.encodedLength()) {
            throw new AssertionError("encodedLength " + body.encodedLength() + " but wrote " + bytes.length);
        }
        return bytes;
    }
}
