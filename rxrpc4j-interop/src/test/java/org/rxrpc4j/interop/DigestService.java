package org.rxrpc4j.interop;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import org.rxrpc4j.RxCall;
import org.rxrpc4j.RxServiceHandler;

/**
 * The test service of the loopback scenarios. Request: {@code u64 replySize}, {@code u64
 * replySeed}, then any number of payload bytes. Reply: the SHA-256 digest of the payload
 * bytes (32 bytes), then {@code replySize} bytes of {@link Payload} content from
 * {@code replySeed}. So one call can check a transfer in either direction, or both.
 */
public final class DigestService implements RxServiceHandler {

    /** Bytes of the request header. */
    public static final int HEADER = 16;
    /** Bytes of the digest at the start of the reply. */
    public static final int DIGEST = 32;

    /** @return the request header asking for {@code replySize} bytes from {@code replySeed} */
    public static byte[] header(long replySize, long replySeed) {
        return ByteBuffer.allocate(HEADER).putLong(replySize).putLong(replySeed).array();
    }

    @Override
    public void handle(RxCall call) throws Exception {
        byte[] h = new byte[HEADER];
        call.readFully(h);
        ByteBuffer hb = ByteBuffer.wrap(h);
        long replySize = hb.getLong();
        long replySeed = hb.getLong();
        MessageDigest md = Payload.sha256();
        byte[] buf = new byte[Payload.CHUNK];
        int n;
        while ((n = call.read(buf)) >= 0) {
            md.update(buf, 0, n);
        }
        call.write(md.digest());
        Payload reply = new Payload(replySeed, replySize);
        while ((n = reply.next(buf)) > 0) {
            call.write(buf, 0, n);
        }
    }
}
