package org.rxrpc4j.conn;

import java.util.function.IntPredicate;
import org.rxrpc4j.env.Entropy;

/**
 * The epoch and connection IDs of one endpoint's client connections (rx-protocol.md §1.1, §1.2).
 *
 * <p>The epoch is drawn once, with bit 31 set (so that (epoch, cid) alone names a connection,
 * whatever the source address) and bit 30 clear, as OpenAFS does (Appendix A). Connection IDs
 * start at a random multiple of 4 and step by 4, wrapping, as OpenAFS's {@code update_nextCid}
 * does; 0 is never handed out and neither is an ID still in use. Engine thread only.
 */
public final class ConnectionIds {

    /** Bit 31: the epoch is random, so (epoch, cid) identifies the connection by itself. */
    public static final int EPOCH_RANDOM_BIT = 0x80000000;
    /** Bit 30: cleared, as OpenAFS clears it. */
    public static final int EPOCH_BIT_30 = 0x40000000;
    /** Step between connection IDs: the two low bits are the channel. */
    public static final int CID_STEP = 4;

    private final int epoch;
    private int next;

    /** Draws the epoch and the first connection ID from {@code entropy}. */
    public ConnectionIds(Entropy entropy) {
        this(entropy.nextInt(), entropy.nextInt());
    }

    /** For tests: an allocator with chosen random draws. */
    ConnectionIds(int epochDraw, int cidDraw) {
        this.epoch = epochFrom(epochDraw);
        int first = cidDraw & ~3;
        this.next = first == 0 ? CID_STEP : first;
    }

    /** @return the epoch made from a random draw: bit 31 set, bit 30 clear */
    public static int epochFrom(int random) {
        return (random & ~EPOCH_BIT_30) | EPOCH_RANDOM_BIT;
    }

    /** @return this endpoint's epoch */
    public int epoch() {
        return epoch;
    }

    /**
     * @param inUse whether an ID (channel bits clear) still names a live connection
     * @return the next free connection ID: a non-zero multiple of 4
     * @throws IllegalStateException if every one of the 2^30 - 1 IDs is in use
     */
    public int next(IntPredicate inUse) {
        for (long tries = 0; tries < (1L << 30); tries++) {
            int candidate = next;
            next += CID_STEP;
            if (next == 0) {
                next = CID_STEP;
            }
            if (!inUse.test(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("every connection ID is in use");
    }
}
