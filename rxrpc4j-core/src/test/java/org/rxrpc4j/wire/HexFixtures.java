package org.rxrpc4j.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Loads the hex fixture files under {@code src/test/resources/fixtures/wire/}: lines starting
 * with {@code #} name the origin and are skipped, whitespace is ignored, the rest is hex.
 */
public final class HexFixtures {

    private HexFixtures() {
    }

    /** @return the bytes of fixture {@code name} (a file name under fixtures/wire/) */
    public static byte[] bytes(String name) {
        String path = "/fixtures/wire/" + name;
        try (InputStream in = HexFixtures.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + path);
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return a new heap buffer over the fixture's bytes; the caller releases it */
    public static ByteBuf buffer(String name) {
        return Unpooled.wrappedBuffer(bytes(name));
    }

    /** Parses hex text: {@code #} lines dropped, whitespace ignored. */
    public static byte[] parse(String text) {
        StringBuilder hex = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            if (!line.stripLeading().startsWith("#")) {
                hex.append(line.replaceAll("\\s+", ""));
            }
        }
        return ByteBufUtil.decodeHexDump(hex);
    }
}
