package org.rxrpc4j.wire;

/**
 * Wraparound-safe arithmetic on 32-bit Rx sequence and serial numbers (rx-protocol.md §0).
 *
 * <p>Both counters are {@code uint32} on the wire and wrap. Comparing them with {@code <} on a
 * Java {@code int} (or even as unsigned values, as OpenAFS mostly does) gives the wrong answer
 * near the wrap, so <b>every seq and serial comparison in the project goes through this
 * class</b>. Two values compare as the kernel's {@code before()/after()} do: {@code a} is before
 * {@code b} when the signed 32-bit difference {@code a - b} is negative. That is well defined as
 * long as the two values are less than 2^31 apart, which windows of at most a few thousand
 * packets guarantee.
 */
public final class SeqMath {

    private SeqMath() {}

    /** @return whether {@code a} comes strictly before {@code b}, modulo 2^32 */
    public static boolean before(int a, int b) {
        return a - b < 0;
    }

    /** @return whether {@code a} comes before or is equal to {@code b}, modulo 2^32 */
    public static boolean beforeOrEqual(int a, int b) {
        return a - b <= 0;
    }

    /** @return whether {@code a} comes strictly after {@code b}, modulo 2^32 */
    public static boolean after(int a, int b) {
        return a - b > 0;
    }

    /** @return whether {@code a} comes after or is equal to {@code b}, modulo 2^32 */
    public static boolean afterOrEqual(int a, int b) {
        return a - b >= 0;
    }

    /**
     * @return the signed distance {@code a - b}: positive if {@code a} is after {@code b}; only
     *     meaningful when the two are less than 2^31 apart
     */
    public static int diff(int a, int b) {
        return a - b;
    }

    /**
     * The serial to send after {@code serial}. Zero is skipped on wrap because the kernel (and
     * RTT matching in both peers) treats an ACK serial of 0 as "no packet".
     *
     * @return {@code serial + 1}, or 1 if that would be 0
     */
    public static int nextSerial(int serial) {
        int next = serial + 1;
        return next == 0 ? 1 : next;
    }
}
