package org.rxrpc4j.io;

import io.netty.buffer.ByteBuf;
import java.net.InetSocketAddress;
import java.util.Objects;
import org.rxrpc4j.env.Entropy;
import org.rxrpc4j.trace.Counter;
import org.rxrpc4j.trace.Counters;

/**
 * Loses, duplicates and reorders datagrams at the transport seam, so that real-UDP tests and
 * {@code rxperf --loss/--dup/--reorder} can exercise the protocol's recovery on a clean network.
 *
 * <p>Each datagram gets one fate from one draw of the {@link Entropy}: dropped with probability
 * {@code loss}, duplicated with {@code duplicate}, held back behind the next datagram with
 * {@code reorder}, else delivered. The fates are therefore a pure function of the seed and the
 * order in which datagrams pass, and a run can be replayed.
 *
 * <p>Two decorators apply it: {@link #outbound(DatagramSink)} wraps the engine's sink and
 * {@link #inbound(Engine, long)} wraps the engine itself. Give each its own injector (with its
 * own {@link Entropy#split()}) so the two directions do not share one stream. Like the entropy,
 * an injector belongs to one thread, the endpoint's I/O thread.
 */
public final class FaultInjector {

    /**
     * What to do to datagrams; the three probabilities are of disjoint outcomes, so their sum is
     * at most 1.
     *
     * @param loss the probability a datagram is dropped
     * @param duplicate the probability it is delivered twice
     * @param reorder the probability it is held back and delivered after the next one
     */
    public record Faults(double loss, double duplicate, double reorder) {

        /** No faults at all. */
        public static final Faults NONE = new Faults(0, 0, 0);

        public Faults {
            check(loss, "loss");
            check(duplicate, "duplicate");
            check(reorder, "reorder");
            if (loss + duplicate + reorder > 1.0) {
                throw new IllegalArgumentException("loss + duplicate + reorder exceeds 1");
            }
        }

        private static void check(double p, String name) {
            if (!(p >= 0.0 && p <= 1.0)) {
                throw new IllegalArgumentException(name + " must be in [0, 1]: " + p);
            }
        }

        /** @return a loss-only fault set */
        public static Faults loss(double p) {
            return new Faults(p, 0, 0);
        }
    }

    /** One datagram's fate. */
    public enum Fate {
        DELIVER,
        DROP,
        DUPLICATE,
        REORDER,
    }

    private final Faults faults;
    private final Entropy entropy;
    private final Counters counters;

    /**
     * @param faults the probabilities
     * @param entropy the stream of fates; use {@link Entropy#seeded(long)} for a replayable run
     * @param counters where drops, duplicates and reorders are counted ({@code FAULT_*})
     */
    public FaultInjector(Faults faults, Entropy entropy, Counters counters) {
        this.faults = Objects.requireNonNull(faults, "faults");
        this.entropy = Objects.requireNonNull(entropy, "entropy");
        this.counters = Objects.requireNonNull(counters, "counters");
    }

    /** @return the probabilities in force */
    public Faults faults() {
        return faults;
    }

    /** @return the next datagram's fate; exactly one draw from the entropy */
    public Fate nextFate() {
        double r = entropy.nextDouble();
        if (r < faults.loss()) {
            return Fate.DROP;
        }
        r -= faults.loss();
        if (r < faults.duplicate()) {
            return Fate.DUPLICATE;
        }
        r -= faults.duplicate();
        if (r < faults.reorder()) {
            return Fate.REORDER;
        }
        return Fate.DELIVER;
    }

    /**
     * @param next where surviving datagrams go
     * @return a sink applying this injector's faults to what the engine sends
     */
    public Sink outbound(DatagramSink next) {
        return new Sink(this, next);
    }

    /**
     * @param next the engine that receives surviving datagrams
     * @param maxHoldNs how long a held-back datagram waits for a successor before it is
     *     delivered anyway, so a reordered last datagram is late rather than lost
     * @return an engine applying this injector's faults to what arrives
     */
    public InboundEngine inbound(Engine next, long maxHoldNs) {
        return new InboundEngine(this, next, maxHoldNs);
    }

    /**
     * The outbound decorator. A held-back datagram goes out right after the next datagram sent;
     * a sink has no timer, so if nothing follows it waits, and {@link #releaseHeld()} drops it.
     */
    public static final class Sink implements DatagramSink {
        private final FaultInjector injector;
        private final DatagramSink next;
        private InetSocketAddress heldTo;
        private ByteBuf held;

        Sink(FaultInjector injector, DatagramSink next) {
            this.injector = injector;
            this.next = Objects.requireNonNull(next, "next");
        }

        @Override
        public void send(InetSocketAddress to, ByteBuf datagram) {
            switch (injector.nextFate()) {
                case DROP -> {
                    injector.counters.inc(Counter.FAULT_DROPPED);
                    datagram.release();
                }
                case DUPLICATE -> {
                    injector.counters.inc(Counter.FAULT_DUPLICATED);
                    // A sink only reads what it is given, so the copy may share the bytes.
                    next.send(to, datagram.retainedDuplicate());
                    next.send(to, datagram);
                    sendHeld();
                }
                case REORDER -> {
                    if (held == null) {
                        injector.counters.inc(Counter.FAULT_REORDERED);
                        heldTo = to;
                        held = datagram;
                    } else {
                        next.send(to, datagram);
                        sendHeld();
                    }
                }
                case DELIVER -> {
                    next.send(to, datagram);
                    sendHeld();
                }
            }
        }

        private void sendHeld() {
            if (held != null) {
                ByteBuf d = held;
                held = null;
                next.send(heldTo, d);
            }
        }

        /** @return whether a datagram is being held back */
        public boolean holding() {
            return held != null;
        }

        /** Sends the held-back datagram now, if there is one. */
        public void flushHeld() {
            sendHeld();
        }

        /** Drops the held-back datagram, if any; for shutdown. */
        public void releaseHeld() {
            if (held != null) {
                held.release();
                held = null;
            }
        }
    }

    /**
     * The inbound decorator. A held-back datagram is delivered after the next one to arrive, or
     * at its hold deadline, which this engine adds to its {@link #nextDeadlineNs()}.
     */
    public static final class InboundEngine implements Engine {
        private final FaultInjector injector;
        private final Engine next;
        private final long maxHoldNs;
        private InetSocketAddress heldFrom;
        private ByteBuf held;
        private long heldUntil;

        InboundEngine(FaultInjector injector, Engine next, long maxHoldNs) {
            if (maxHoldNs < 0) {
                throw new IllegalArgumentException("negative maxHoldNs");
            }
            this.injector = injector;
            this.next = Objects.requireNonNull(next, "next");
            this.maxHoldNs = maxHoldNs;
        }

        @Override
        public void onDatagram(InetSocketAddress from, ByteBuf datagram, long nowNs) {
            switch (injector.nextFate()) {
                case DROP -> {
                    injector.counters.inc(Counter.FAULT_DROPPED);
                    datagram.release();
                }
                case DUPLICATE -> {
                    injector.counters.inc(Counter.FAULT_DUPLICATED);
                    // A real copy: an engine may decrypt a packet in place.
                    ByteBuf copy = datagram.copy();
                    next.onDatagram(from, datagram, nowNs);
                    next.onDatagram(from, copy, nowNs);
                    deliverHeld(nowNs);
                }
                case REORDER -> {
                    if (held == null) {
                        injector.counters.inc(Counter.FAULT_REORDERED);
                        heldFrom = from;
                        held = datagram;
                        heldUntil = nowNs + maxHoldNs;
                    } else {
                        next.onDatagram(from, datagram, nowNs);
                        deliverHeld(nowNs);
                    }
                }
                case DELIVER -> {
                    next.onDatagram(from, datagram, nowNs);
                    deliverHeld(nowNs);
                }
            }
        }

        private void deliverHeld(long nowNs) {
            if (held != null) {
                ByteBuf d = held;
                held = null;
                next.onDatagram(heldFrom, d, nowNs);
            }
        }

        @Override
        public void runDue(long nowNs) {
            if (held != null && nowNs - heldUntil >= 0) {
                deliverHeld(nowNs);
            }
            long due = next.nextDeadlineNs();
            // Only when the engine's own deadline is due: a hold deadline is not the engine's.
            if (due != Long.MAX_VALUE && due - nowNs <= 0) {
                next.runDue(nowNs);
            }
        }

        @Override
        public long nextDeadlineNs() {
            long due = next.nextDeadlineNs();
            if (held == null) {
                return due;
            }
            if (due == Long.MAX_VALUE) {
                return heldUntil;
            }
            return heldUntil - due < 0 ? heldUntil : due;
        }

        /** @return whether a datagram is being held back */
        public boolean holding() {
            return held != null;
        }

        /** Drops the held-back datagram, if any; for shutdown. */
        public void releaseHeld() {
            if (held != null) {
                held.release();
                held = null;
            }
        }
    }
}
