package org.rxrpc4j.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.rxrpc4j.env.Entropy;
import org.rxrpc4j.env.Environment;
import org.rxrpc4j.env.Ticker;
import org.rxrpc4j.io.FaultInjector.Faults;
import org.rxrpc4j.io.FaultInjector.Fate;
import org.rxrpc4j.trace.Counter;
import org.rxrpc4j.trace.Counters;

class FaultInjectorTest {

    private static final InetSocketAddress TO = new InetSocketAddress("127.0.0.1", 7001);

    /** Records the first int of every datagram it is given, and releases it. */
    private static final class Recorder implements DatagramSink, Engine {
        final List<Integer> got = new ArrayList<>();
        final List<Long> runDue = new ArrayList<>();
        long deadline = Long.MAX_VALUE;

        @Override
        public void send(InetSocketAddress to, ByteBuf datagram) {
            got.add(datagram.getInt(datagram.readerIndex()));
            datagram.release();
        }

        @Override
        public void onDatagram(InetSocketAddress from, ByteBuf datagram, long nowNs) {
            send(from, datagram);
        }

        @Override
        public void runDue(long nowNs) {
            runDue.add(nowNs);
            deadline = Long.MAX_VALUE;
        }

        @Override
        public long nextDeadlineNs() {
            return deadline;
        }
    }

    private static ByteBuf datagram(int n) {
        return Unpooled.buffer(8).writeInt(n).writeInt(~n);
    }

    private static List<Integer> pass(Faults faults, long seed, int count) {
        Recorder out = new Recorder();
        FaultInjector.Sink sink = new FaultInjector(faults, Entropy.seeded(seed), new Counters()).outbound(out);
        for (int i = 0; i < count; i++) {
            sink.send(TO, datagram(i));
        }
        sink.releaseHeld();
        return out.got;
    }

    @Test
    void lossRateIsAsConfiguredAndDroppedBuffersAreReleased() {
        Recorder out = new Recorder();
        Counters counters = new Counters();
        FaultInjector.Sink sink = new FaultInjector(Faults.loss(0.1), Entropy.seeded(42), counters).outbound(out);
        List<ByteBuf> all = new ArrayList<>();
        int n = 100_000;
        for (int i = 0; i < n; i++) {
            ByteBuf d = datagram(i);
            all.add(d);
            sink.send(TO, d);
        }
        long dropped = counters.get(Counter.FAULT_DROPPED);
        assertThat(out.got.size() + dropped).isEqualTo(n);
        // 10% of 100,000 has a standard deviation near 95: 1,000 either way is over 10 sigma.
        assertThat(dropped).isBetween(9_000L, 11_000L);
        assertThat(all).allMatch(d -> d.refCnt() == 0);
    }

    @Test
    void theSameSeedGivesTheSameFatesAndAnotherSeedOtherFates() {
        Faults faults = new Faults(0.2, 0.1, 0.1);
        List<Integer> first = pass(faults, 7, 2000);
        assertThat(pass(faults, 7, 2000)).isEqualTo(first);
        assertThat(pass(faults, 8, 2000)).isNotEqualTo(first);

        FaultInjector x = new FaultInjector(faults, Entropy.seeded(99), new Counters());
        FaultInjector y = new FaultInjector(faults, Entropy.seeded(99), new Counters());
        for (int i = 0; i < 1000; i++) {
            assertThat(y.nextFate()).isEqualTo(x.nextFate());
        }
    }

    @Test
    void duplicatesAreDeliveredTwiceAndReleased() {
        Counters counters = new Counters();
        Recorder out = new Recorder();
        FaultInjector.Sink sink = new FaultInjector(new Faults(0, 1, 0), Entropy.seeded(1), counters).outbound(out);
        ByteBuf d = datagram(5);
        sink.send(TO, d);
        assertThat(out.got).containsExactly(5, 5);
        assertThat(d.refCnt()).isZero();
        assertThat(counters.get(Counter.FAULT_DUPLICATED)).isEqualTo(1);
    }

    @Test
    void aReorderedDatagramGoesAfterTheNextOne() {
        // Every datagram is reordered: the first of each pair is held, the second passes it.
        assertThat(pass(new Faults(0, 0, 1), 3, 6)).containsExactly(1, 0, 3, 2, 5, 4);
        Recorder out = new Recorder();
        FaultInjector.Sink sink = new FaultInjector(new Faults(0, 0, 1), Entropy.seeded(3), new Counters())
                .outbound(out);
        ByteBuf held = datagram(9);
        sink.send(TO, held);
        assertThat(sink.holding()).isTrue();
        sink.flushHeld();
        assertThat(out.got).containsExactly(9);
        assertThat(held.refCnt()).isZero();
    }

    @Test
    void theFatesMixInTheirProportions() {
        FaultInjector f = new FaultInjector(new Faults(0.1, 0.2, 0.3), Entropy.seeded(5), new Counters());
        int[] count = new int[Fate.values().length];
        for (int i = 0; i < 100_000; i++) {
            count[f.nextFate().ordinal()]++;
        }
        assertThat(count[Fate.DROP.ordinal()]).isBetween(9_000, 11_000);
        assertThat(count[Fate.DUPLICATE.ordinal()]).isBetween(19_000, 21_000);
        assertThat(count[Fate.REORDER.ordinal()]).isBetween(29_000, 31_000);
        assertThat(count[Fate.DELIVER.ordinal()]).isBetween(39_000, 41_000);
    }

    @Test
    void faultsOutsideTheirRangeAreRejected() {
        assertThatThrownBy(() -> new Faults(-0.1, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Faults(0.5, 0.5, 0.1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Faults(Double.NaN, 0, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void inboundHoldsAReorderedDatagramUntilItsDeadline() {
        Recorder engine = new Recorder();
        FaultInjector.InboundEngine in = new FaultInjector(new Faults(0, 0, 1), Entropy.seeded(1), new Counters())
                .inbound(engine, 5_000);
        assertThat(in.nextDeadlineNs()).isEqualTo(Long.MAX_VALUE);
        in.onDatagram(TO, datagram(1), 1_000);
        assertThat(engine.got).isEmpty();
        assertThat(in.nextDeadlineNs()).isEqualTo(6_000);
        engine.deadline = 9_000;
        assertThat(in.nextDeadlineNs()).isEqualTo(6_000);
        in.runDue(5_999);
        assertThat(engine.got).isEmpty();
        in.runDue(6_000);
        assertThat(engine.got).containsExactly(1);
        // The engine's own deadline was not due, so it was not run.
        assertThat(engine.runDue).isEmpty();
        assertThat(in.nextDeadlineNs()).isEqualTo(9_000);
        in.runDue(9_000);
        assertThat(engine.runDue).containsExactly(9_000L);
    }

    @Test
    void inboundDuplicatesAreIndependentCopies() {
        Recorder engine = new Recorder();
        FaultInjector.InboundEngine in = new FaultInjector(new Faults(0, 1, 0), Entropy.seeded(1), new Counters())
                .inbound(engine, 0);
        ByteBuf d = datagram(4);
        in.onDatagram(TO, d, 0);
        assertThat(engine.got).containsExactly(4, 4);
        assertThat(d.refCnt()).isZero();
    }

    @Test
    void lossOverRealUdpFollowsTheSeed() throws Exception {
        Ticker ticker = Environment.system().ticker();
        Faults faults = Faults.loss(0.3);
        long seed = 2024;
        int total = 1000;
        // What the injector will let through, worked out beforehand from the same seed.
        FaultInjector oracle = new FaultInjector(faults, Entropy.seeded(seed), new Counters());
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < total; i++) {
            if (oracle.nextFate() == Fate.DELIVER) {
                expected.add(i);
            }
        }
        Recorder[] received = new Recorder[1];
        UdpTransport b = UdpTransport.bind(UdpTransportConfig.defaults(new InetSocketAddress("127.0.0.1", 0)),
                ticker, new Counters(), tr -> {
                    received[0] = new Recorder();
                    return new FaultInjector(faults, Entropy.seeded(seed), tr.counters()).inbound(received[0], 0);
                });
        UdpTransport a = UdpTransport.bind(UdpTransportConfig.defaults(new InetSocketAddress("127.0.0.1", 0)),
                ticker, new Counters(), tr -> new Recorder());
        try {
            for (int i = 0; i < total; i += 100) {
                int from = i;
                // A small window per command keeps loopback from losing anything itself.
                a.submit(() -> {
                    for (int j = from; j < from + 100; j++) {
                        a.send(b.localAddress(), datagram(j));
                    }
                    return null;
                }).get(5, TimeUnit.SECONDS);
                long end = ticker.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                while (b.counters().get(Counter.NET_DATAGRAMS_RECEIVED) < from + 100 && ticker.nanoTime() - end < 0) {
                    Thread.sleep(1);
                }
            }
            List<Integer> got = b.submit(() -> new ArrayList<>(received[0].got)).get(5, TimeUnit.SECONDS);
            assertThat(b.counters().get(Counter.NET_DATAGRAMS_RECEIVED)).isEqualTo(total);
            assertThat(got).isEqualTo(expected);
            assertThat(b.counters().get(Counter.FAULT_DROPPED)).isEqualTo(total - expected.size());
        } finally {
            a.close();
            b.close();
        }
    }
}
