package org.rxrpc4j.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Loads hex fixtures from {@code src/test/resources/fixtures/wire}. A fixture is hex digits in
 * any layout; {@code #} starts a comment to the end of the line, and every file opens with
 * comments naming where its bytes came from.
 */
final class Fixtures {

    private Fixtures() {}

    /** @return the bytes of {@code fixtures/wire/<name>} ({@code .hex} may be left off) */
    static byte[] bytes(String name) {
        String path = "/fixtures/wire/" + (name.endsWith(".hex") ? name : name + ".hex");
        try (InputStream in = Fixtures.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + path);
            }
            String text = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            return ByteBufUtil.decodeHexDump(text.replaceAll("#[^\n]*", "").replaceAll("\\s", ""));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return a new buffer over the fixture's bytes; the caller releases it */
    static ByteBuf buf(String name) {
        return Unpooled.wrappedBuffer(bytes(name));
    }

    /** Asserts that {@code p} encodes to exactly {@code expected}, and says so in its length. */
    static void assertEncodesTo(RxPacket p, byte[] expected) {
        assertThat(p.encodedLength()).isEqualTo(expected.length);
        assertThat(WireTesting.written(p::encode)).isEqualTo(expected);
    }
}
