package org.rxrpc4j.wire;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The body of a VERSION packet (rx-protocol.md §5.4), kept as the raw bytes.
 *
 * <p>A request, and the kernel's and OpenAFS's keepalives, carry one zero byte; a reply carries
 * a 65-byte NUL-padded version string. The header flags, not the body, tell them apart
 * (CLIENT_INITIATED is set on requests only), so this class does not try to.
 *
 * <p>Any length up to {@link #MAX_LENGTH} decodes: peers vary, and answering or ignoring an odd
 * VERSION packet is the responder's call, not the codec's.
 */
public final class VersionBody implements PacketBody {

    /** Length of a version reply's payload. */
    public static final int REPLY_LENGTH = 65;
    /** Longest payload accepted; no UDP datagram can carry more. */
    public static final int MAX_LENGTH = 65535;

    private static final VersionBody REQUEST = new VersionBody(new byte[1]);

    private final byte[] bytes;

    private VersionBody(byte[] bytes) {
        this.bytes = bytes;
    }

    /** @return the body of a version request or keepalive: a single zero byte */
    public static VersionBody request() {
        return REQUEST;
    }

    /**
     * @param version the version text; characters outside ISO-8859-1 become {@code '?'}
     * @return a 65-byte reply body: {@code version} cut to 64 bytes, then NUL-padded, so the
     *     string is always NUL-terminated within the 65 bytes as C readers expect
     */
    public static VersionBody reply(String version) {
        byte[] text = version.getBytes(StandardCharsets.ISO_8859_1);
        byte[] body = new byte[REPLY_LENGTH];
        System.arraycopy(text, 0, body, 0, Math.min(text.length, REPLY_LENGTH - 1));
        return new VersionBody(body);
    }

    /** @return a body holding a copy of {@code bytes} */
    public static VersionBody of(byte[] bytes) {
        if (bytes.length > MAX_LENGTH) {
            throw new IllegalArgumentException("VERSION payload of " + bytes.length + " bytes");
        }
        return new VersionBody(bytes.clone());
    }

    /**
     * Copies the whole readable region of {@code in} and advances its reader index to the end.
     *
     * @throws DecodeException {@code BODY_TOO_LONG} if more than {@link #MAX_LENGTH} bytes are
     *     readable
     */
    public static VersionBody decode(ByteBuf in) throws DecodeException {
        int length = in.readableBytes();
        if (length > MAX_LENGTH) {
            throw new DecodeException(DecodeException.Reason.BODY_TOO_LONG,
                    "VERSION payload of " + length + " bytes");
        }
        byte[] copy = new byte[length];
        in.readBytes(copy);
        return new VersionBody(copy);
    }

    /** @return the version text: the bytes up to the first NUL (or all), as ISO-8859-1 */
    public String versionString() {
        int end = 0;
        while (end < bytes.length && bytes[end] != 0) {
            end++;
        }
        return new String(bytes, 0, end, StandardCharsets.ISO_8859_1);
    }

    /** @return the payload length */
    public int length() {
        return bytes.length;
    }

    /** @return a copy of the payload */
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
        return o instanceof VersionBody other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "VersionBody[" + bytes.length + " bytes, \"" + versionString() + "\"]";
    }
}
