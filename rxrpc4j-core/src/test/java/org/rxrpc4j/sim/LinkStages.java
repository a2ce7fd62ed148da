package org.rxrpc4j.sim;

import io.netty.buffer.ByteBuf;
import java.util.Arrays;
import java.util.function.Predicate;
import org.rxrpc4j.wire.DecodeException;
import org.rxrpc4j.wire.RxHeader;

/**
 * The built-in link stages. Each draws its randomness only from the entropy it is created
 * with, and draws a fixed amount per datagram, so a seed fixes every fate.
 */
public final class LinkStages {

    private LinkStages() {}

    private static void checkProbability(double p) {
        if (!(p >= 0.0 && p <= 1.0)) {
            throw new IllegalArgumentException("probability out of [0, 1]: " + p);
        }
    }

    /** Drops each datagram independently with probability {@code rate}. */
    public static LinkStage.Factory loss(double rate) {
        checkProbability(rate);
        return entropy -> (t, next) -> {
            if (entropy.nextDouble() < rate) {
                t.drop("loss");
            } else {
                next.accept(t);
            }
        };
    }

    /** Drops the n-th, 2n-th, 3n-th... datagram that reaches this stage. */
    public static LinkStage.Factory dropEveryNth(int n) {
        if (n <= 0) {
            throw new IllegalArgumentException("n must be positive: " + n);
        }
        return entropy -> new LinkStage() {
            private long seen;

            @Override
            public void process(Transit t, java.util.function.Consumer<Transit> next) {
                if (++seen % n == 0) {
                    t.drop("nth:" + n);
                } else {
                    next.accept(t);
                }
            }
        };
    }

    /**
     * Drops datagrams whose Rx header matches {@code predicate}. A datagram whose header does
     * not decode never matches and passes on.
     *
     * @param name names the drop in the trace ({@code "predicate:" + name})
     */
    public static LinkStage.Factory dropIf(String name, Predicate<RxHeader> predicate) {
        String reason = "predicate:" + name;
        return entropy -> (t, next) -> {
            RxHeader h = decodeOrNull(t.content());
            if (h != null && predicate.test(h)) {
                t.drop(reason);
            } else {
                next.accept(t);
            }
        };
    }

    private static RxHeader decodeOrNull(ByteBuf content) {
        try {
            // a slice has its own reader index, so the datagram itself is left untouched
            return RxHeader.decode(content.slice());
        } catch (DecodeException e) {
            return null;
        }
    }

    /**
     * Holds a datagram back by {@code holdNs} with probability {@code p}, so datagrams sent
     * after it within that time overtake it.
     */
    public static LinkStage.Factory reorder(double p, long holdNs) {
        checkProbability(p);
        if (holdNs <= 0) {
            throw new IllegalArgumentException("holdNs must be positive: " + holdNs);
        }
        String detail = "held +" + holdNs + "ns";
        return entropy -> (t, next) -> {
            if (entropy.nextDouble() < p) {
                t.addDelay(holdNs);
                t.note(SimEvent.Fate.REORDERED, detail);
            }
            next.accept(t);
        };
    }

    /**
     * With probability {@code p} also sends an independent copy (its own buffer) down the
     * rest of the pipeline, after the original.
     */
    public static LinkStage.Factory duplicate(double p) {
        checkProbability(p);
        return entropy -> (t, next) -> {
            if (entropy.nextDouble() < p) {
                Transit twin = t.duplicate();
                next.accept(t);
                next.accept(twin);
            } else {
                next.accept(t);
            }
        };
    }

    /**
     * With probability {@code p} flips {@code bits} distinct random bits (fewer if the datagram
     * is smaller). The datagram is copied first, so a sender's buffer is never written to.
     */
    public static LinkStage.Factory corrupt(double p, int bits) {
        checkProbability(p);
        if (bits <= 0) {
            throw new IllegalArgumentException("bits must be positive: " + bits);
        }
        return entropy -> (t, next) -> {
            if (entropy.nextDouble() < p && t.size() > 0) {
                ByteBuf src = t.content();
                int size = t.size();
                ByteBuf copy = src.alloc().buffer(size).writeBytes(src, src.readerIndex(), size);
                long totalBits = 8L * size;
                int k = (int) Math.min(bits, totalBits);
                long[] flipped = new long[k];
                for (int i = 0; i < k; i++) {
                    long bit;
                    do {
                        bit = entropy.nextLong(totalBits);
                    } while (contains(flipped, i, bit));
                    flipped[i] = bit;
                    int at = (int) (bit >>> 3);
                    copy.setByte(at, copy.getByte(at) ^ (1 << (bit & 7)));
                }
                t.replaceContent(copy);
                Arrays.sort(flipped);
                t.note(SimEvent.Fate.CORRUPTED, "bits " + Arrays.toString(flipped));
            }
            next.accept(t);
        };
    }

    private static boolean contains(long[] a, int n, long v) {
        for (int i = 0; i < n; i++) {
            if (a[i] == v) {
                return true;
            }
        }
        return false;
    }

    /** Delays every datagram by {@code baseNs} plus a uniform jitter in {@code [0, jitterNs]}. */
    public static LinkStage.Factory delay(long baseNs, long jitterNs) {
        if (baseNs < 0 || jitterNs < 0) {
            throw new IllegalArgumentException("negative delay or jitter: " + baseNs + ", " + jitterNs);
        }
        return entropy -> (t, next) -> {
            t.addDelay(baseNs + (jitterNs == 0 ? 0 : entropy.nextLong(jitterNs + 1)));
            next.accept(t);
        };
    }

    /** Drops datagrams larger than {@code mtu} bytes (UDP payload size). */
    public static LinkStage.Factory mtu(int mtu) {
        if (mtu <= 0) {
            throw new IllegalArgumentException("mtu must be positive: " + mtu);
        }
        String reason = "mtu:" + mtu;
        return entropy -> (t, next) -> {
            if (t.size() > mtu) {
                t.drop(reason);
            } else {
                next.accept(t);
            }
        };
    }

    /**
     * A serialising bottleneck of {@code bitsPerSecond}: each datagram occupies the link for
     * size*8/rate and waits while earlier ones are on it, so bursts queue up. The queue is
     * unbounded; put {@link #loss} or a custom stage in front to model a tail-drop buffer.
     */
    public static LinkStage.Factory bandwidth(long bitsPerSecond) {
        if (bitsPerSecond <= 0) {
            throw new IllegalArgumentException("bitsPerSecond must be positive: " + bitsPerSecond);
        }
        return entropy -> new LinkStage() {
            private long busyUntilElapsedNs = Long.MIN_VALUE;

            @Override
            public void process(Transit t, java.util.function.Consumer<Transit> next) {
                long arrive = t.elapsedNs() + t.delayNs();
                long start = Math.max(arrive, busyUntilElapsedNs);
                long serialise = Math.max(1, (t.size() * 8L * 1_000_000_000L) / bitsPerSecond);
                busyUntilElapsedNs = start + serialise;
                t.addDelay(busyUntilElapsedNs - arrive);
                next.accept(t);
            }
        };
    }
}
