package org.rxrpc4j.interop;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.SplittableRandom;

/**
 * Deterministic pseudo-random content of any size, produced in chunks so that 16 MB need not be
 * held in memory, and the SHA-256 digests the transfer tests check it with.
 */
public final class Payload {

    /** The chunk size the content is produced and read in. */
    public static final int CHUNK = 64 * 1024;

    private final SplittableRandom random;
    private long remaining;

    /**
     * @param seed selects the content
     * @param size its length in bytes
     */
    public Payload(long seed, long size) {
        this.random = new SplittableRandom(seed);
        this.remaining = size;
    }

    /**
     * Fills the next bytes of the content.
     *
     * @param buf where to put them
     * @return how many were put at the start of {@code buf}; 0 at the end
     */
    public int next(byte[] buf) {
        int n = (int) Math.min(buf.length, remaining);
        for (int i = 0; i < n; i += 8) {
            long v = random.nextLong();
            for (int j = i; j < Math.min(n, i + 8); j++) {
                buf[j] = (byte) v;
                v >>>= 8;
            }
        }
        remaining -= n;
        return n;
    }

    /** @return the SHA-256 digest of the content of {@code size} bytes from {@code seed} */
    public static byte[] digest(long seed, long size) {
        MessageDigest md = sha256();
        Payload p = new Payload(seed, size);
        byte[] buf = new byte[CHUNK];
        int n;
        while ((n = p.next(buf)) > 0) {
            md.update(buf, 0, n);
        }
        return md.digest();
    }

    /** @return the content of {@code size} bytes from {@code seed} as one array */
    public static byte[] bytes(long seed, int size) {
        byte[] b = new byte[size];
        new Payload(seed, size).next(b);
        return b;
    }

    /** @return a new SHA-256 digest */
    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError("every JDK has SHA-256", e);
        }
    }
}
