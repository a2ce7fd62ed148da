package org.rxrpc4j.e2e;

/**
 * The deterministic content and the digest of the rxperf-like application.
 *
 * <p>A stream is named by a 64-bit seed: its byte at position {@code p} is byte {@code p & 7}
 * (little-endian) of {@code mix(seed + (p >>> 3) * GOLDEN)}, so any position can be generated
 * (and checked) without generating what precedes it. The digest is 64-bit FNV-1a over the
 * bytes in order: equal length and digest mean every byte arrived once and in order.
 *
 * <p>A request carries the size of the reply it wants in its first 8 bytes (big-endian) when it
 * is at least 8 bytes long; the rest of it is the stream of the request seed. The reply is the
 * stream of {@link #replySeed(long, long)}, derived from what the server received, so a client
 * that checks its reply also checks that the server saw its request intact.
 */
final class PerfData {

    /** The digest of no bytes. */
    static final long DIGEST_INIT = 0xcbf29ce484222325L;

    /** The request bytes that carry the reply size. */
    static final int HEADER = 8;

    private static final long FNV_PRIME = 0x100000001b3L;
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private PerfData() {}

    /** SplitMix64's finaliser. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** @return the 8 stream bytes at positions {@code 8k .. 8k+7}, little-endian */
    static long block(long seed, long k) {
        return mix(seed + k * GOLDEN);
    }

    /** @return the stream byte at {@code pos} */
    static byte streamByte(long seed, long pos) {
        return (byte) (block(seed, pos >>> 3) >>> ((pos & 7) << 3));
    }

    /** Writes stream bytes {@code pos .. pos+len-1} into {@code dst[off..]}. */
    static void fill(long seed, long pos, byte[] dst, int off, int len) {
        int i = 0;
        while (i < len) {
            long p = pos + i;
            long b = block(seed, p >>> 3);
            for (int shift = (int) (p & 7) << 3; shift < 64 && i < len; shift += 8, i++) {
                dst[off + i] = (byte) (b >>> shift);
            }
        }
    }

    /**
     * Writes request bytes {@code pos .. pos+len-1}: the reply size in the first {@link #HEADER}
     * bytes (if the request is that long), stream bytes after.
     */
    static void fillRequest(long seed, long requestSize, long replySize, long pos, byte[] dst, int off, int len) {
        fill(seed, pos, dst, off, len);
        if (requestSize >= HEADER) {
            for (long p = pos; p < HEADER && p < pos + len; p++) {
                dst[off + (int) (p - pos)] = (byte) (replySize >>> (8 * (HEADER - 1 - p)));
            }
        }
    }

    /**
     * @return the index of the first byte of {@code a[off..off+len)} that differs from stream
     *     bytes {@code pos..}, or -1 if all match
     */
    static int firstMismatch(long seed, long pos, byte[] a, int off, int len) {
        int i = 0;
        while (i < len) {
            long p = pos + i;
            long b = block(seed, p >>> 3);
            for (int shift = (int) (p & 7) << 3; shift < 64 && i < len; shift += 8, i++) {
                if (a[off + i] != (byte) (b >>> shift)) {
                    return i;
                }
            }
        }
        return -1;
    }

    /** @return {@code h} extended by {@code a[off..off+len)} (FNV-1a) */
    static long digest(long h, byte[] a, int off, int len) {
        for (int i = off, end = off + len; i < end; i++) {
            h = (h ^ (a[i] & 0xff)) * FNV_PRIME;
        }
        return h;
    }

    /** @return the seed of the reply to a request of this size and digest */
    static long replySeed(long requestSize, long requestDigest) {
        return mix(requestDigest ^ mix(requestSize + GOLDEN));
    }

    /** @return the seed of the request of call {@code index} in a simulation seeded {@code seed} */
    static long requestSeed(long seed, long index) {
        return mix(mix(seed) + index * GOLDEN + 1);
    }
}
