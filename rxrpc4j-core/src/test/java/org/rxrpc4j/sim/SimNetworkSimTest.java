package org.rxrpc4j.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.rxrpc4j.wire.PacketType;
import org.rxrpc4j.wire.RxFlags;
import org.rxrpc4j.wire.RxHeader;

class SimNetworkSimTest {

    private static final long MS = 1_000_000L;
    private static final long US = 1_000L;

    /** Counts every byte it allocates and frees, so a test can prove nothing leaked. */
    private final UnpooledByteBufAllocator alloc = new UnpooledByteBufAllocator(false);

    /** A delivered datagram, copied out (the buffer itself is released on receipt). */
    private record Got(long atNs, InetSocketAddress from, int seq, byte[] bytes) {}

    private SimNetwork net;
    private SimNode a;
    private SimNode b;
    private final List<Got> got = new ArrayList<>();

    private void setUp(SimNetwork network) {
        net = network;
        a = net.addNode();
        b = net.addNode();
        SimNode.Receiver collect = (from, buf) -> {
            try {
                got.add(new Got(net.scheduler().elapsedNs(), from, seqOf(buf), ByteBufUtil.getBytes(buf)));
            } finally {
                buf.release();
            }
        };
        a.receiver(collect);
        b.receiver(collect);
    }

    @AfterEach
    void noBufferLeaked() {
        if (net != null) {
            net.close();
            assertThat(net.inFlight()).isZero();
        }
        assertThat(alloc.metric().usedHeapMemory()).as("bytes still allocated").isZero();
    }

    private static int seqOf(ByteBuf buf) {
        return buf.readableBytes() >= RxHeader.SIZE ? buf.getInt(buf.readerIndex() + 12) : -1;
    }

    /** An Rx DATA packet with {@code payload} bytes of body. */
    private ByteBuf data(int seq, int payload) {
        return packet(PacketType.DATA, seq, payload);
    }

    private ByteBuf packet(PacketType type, int seq, int payload) {
        ByteBuf buf = alloc.buffer(RxHeader.SIZE + payload);
        new RxHeader(1, 0x100, 1, seq, seq, type, RxFlags.CLIENT_INITIATED, 0, 0, 0, 1).encode(buf);
        for (int i = 0; i < payload; i++) {
            buf.writeByte(seq + i);
        }
        return buf;
    }

    /** Sends {@code count} DATA packets a→b, one every {@code gapNs}, and runs to idle. */
    private void stream(int count, long gapNs, int payload) {
        for (int i = 1; i <= count; i++) {
            int seq = i;
            net.scheduler().after((i - 1) * gapNs, () -> a.send(b.address(), data(seq, payload)));
        }
        net.scheduler().runUntilIdle();
    }

    private List<Integer> seqsGot() {
        return got.stream().map(Got::seq).toList();
    }

    // ---- determinism ----

    private static final LinkModel NASTY = LinkModel.perfect().mtu(1000).loss(0.1).duplicate(0.05)
            .corrupt(0.05, 2).reorder(0.1, 3 * MS).delay(5 * MS, 2 * MS).bandwidth(100_000_000L);

    /** A two-way exchange over lossy links; returns the whole event log. */
    private List<SimEvent> scenario(Sim sim, long seed) {
        SimNetwork n = sim.newNetwork(new SimScheduler(), seed);
        List<SimEvent> log = new ArrayList<>();
        n.trace().addListener(log::add);
        n.defaultLink(NASTY);
        SimNode x = n.addNode();
        SimNode y = n.addNode();
        // y echoes what it gets, x counts; nodes' own entropy picks sizes, to cover it too
        y.receiver((from, buf) -> y.send(from, buf));
        x.receiver((from, buf) -> buf.release());
        for (int i = 1; i <= 500; i++) {
            int seq = i;
            n.scheduler().after(i * 100 * US,
                    () -> x.send(y.address(), packet(PacketType.DATA, seq, x.entropy().nextInt(1200))));
        }
        n.scheduler().runUntilIdle();
        n.close();
        return log;
    }

    @SimTest
    void sameSeedGivesTheIdenticalEventLog(Sim sim) {
        List<SimEvent> first = scenario(sim, sim.seed());
        List<SimEvent> second = scenario(sim, sim.seed());
        assertThat(first).hasSizeGreaterThan(1000);
        assertThat(second).isEqualTo(first);
        assertThat(first).extracting(SimEvent::fate).contains(SimEvent.Fate.values());
    }

    @SimTest
    void differentSeedGivesADifferentEventLog(Sim sim) {
        assertThat(scenario(sim, sim.seed() + 1)).isNotEqualTo(scenario(sim, sim.seed()));
    }

    @SimTest
    void traceDigestCoversEventsBeyondTheRing(Sim sim) {
        SimNetwork small1 = new SimNetwork(new SimScheduler(), 5, 16);
        SimNetwork small2 = new SimNetwork(new SimScheduler(), 5, 16);
        for (SimNetwork n : List.of(small1, small2)) {
            n.defaultLink(LinkModel.perfect().loss(0.5));
            SimNode x = n.addNode();
            SimNode y = n.addNode().receiver((from, buf) -> buf.release());
            for (int i = 0; i < 100; i++) {
                x.send(y.address(), data(i + 1, 4));
            }
            n.scheduler().runUntilIdle();
        }
        assertThat(small1.trace().total()).isGreaterThan(16);
        assertThat(small1.trace().events()).hasSize(16).isEqualTo(small2.trace().events());
        assertThat(small1.trace().digest()).isEqualTo(small2.trace().digest());
        assertThat(small1.trace().dump(3)).contains("earlier events not shown");
    }

    @SimTest
    void nodeEntropyIsSeededPerAddress(Sim sim) {
        SimNetwork n1 = new SimNetwork(new SimScheduler(), sim.seed());
        SimNetwork n2 = new SimNetwork(new SimScheduler(), sim.seed());
        SimNode p = n1.addNode();
        SimNode q = n1.addNode();
        n2.addNode();
        SimNode q2 = n2.addNode();
        long qFirst = q.entropy().nextLong();
        assertThat(q2.entropy().nextLong()).isEqualTo(qFirst);
        assertThat(p.entropy().nextLong()).isNotEqualTo(qFirst);
        assertThat(p.address()).isEqualTo(SimNetwork.address(10, 0, 0, 1, 7000));
        assertThat(q.environment().ticker().nanoTime()).isEqualTo(n1.scheduler().nowNs());
    }

    // ---- each stage ----

    @SimTest
    void perfectLinkDeliversEverythingInOrderAtOnce(Sim sim) {
        setUp(sim.network());
        stream(50, 10 * US, 20);
        assertThat(seqsGot()).containsExactlyElementsOf(range(1, 50));
        assertThat(got).allSatisfy(g -> assertThat(g.from()).isEqualTo(a.address()));
        assertThat(a.sentCount()).isEqualTo(50);
        assertThat(b.receivedCount()).isEqualTo(50);
    }

    @SimTest
    void lossRateIsHonoured(Sim sim) {
        setUp(sim.network());
        net.defaultLink(LinkModel.perfect().loss(0.2));
        int n = 20_000;
        stream(n, US, 0);
        double dropped = 1.0 - (double) got.size() / n;
        assertThat(dropped).isCloseTo(0.2, within(0.015));
        assertThat(net.trace().count(SimEvent.Fate.DROPPED)).isEqualTo(n - got.size());
    }

    @SimTest
    void dropEveryNthIsExact(Sim sim) {
        setUp(sim.network());
        net.defaultLink(LinkModel.perfect().dropEveryNth(5));
        stream(100, US, 0);
        assertThat(seqsGot()).containsExactlyElementsOf(range(1, 100).stream().filter(i -> i % 5 != 0).toList());
        assertThat(net.trace().events()).filteredOn(e -> e.fate() == SimEvent.Fate.DROPPED)
                .extracting(SimEvent::detail).containsOnly("nth:5");
    }

    @SimTest
    void headerPredicateDropsOnlyMatchingPackets(Sim sim) {
        setUp(sim.network());
        net.defaultLink(LinkModel.perfect()
                .dropIf("data-seq-3", h -> h.type() == PacketType.DATA && h.seq() == 3));
        a.send(b.address(), data(2, 10));
        a.send(b.address(), data(3, 10));
        a.send(b.address(), packet(PacketType.ACK, 3, 10));
        ByteBuf garbage = alloc.buffer(40).writeZero(40); // type byte 0: does not decode
        garbage.setInt(12, 3);
        a.send(b.address(), garbage);
        a.send(b.address(), alloc.buffer(4).writeInt(3)); // too short to decode
        net.scheduler().runUntilIdle();

        assertThat(got).hasSize(4);
        assertThat(got.get(0).seq()).isEqualTo(2);
        assertThat(got.get(1).bytes()[20]).isEqualTo((byte) PacketType.ACK.code());
        assertThat(net.trace().count(SimEvent.Fate.DROPPED)).isEqualTo(1);
        assertThat(net.trace().events()).filteredOn(e -> e.fate() == SimEvent.Fate.DROPPED)
                .singleElement().extracting(SimEvent::detail).isEqualTo("predicate:data-seq-3");
    }

    @SimTest
    void duplicationSendsIndependentCopies(Sim sim) {
        setUp(sim.network());
        net.defaultLink(LinkModel.perfect().duplicate(0.25));
        int n = 4000;
        stream(n, US, 8);
        long dups = net.trace().count(SimEvent.Fate.DUPLICATED);
        assertThat((double) dups / n).isCloseTo(0.25, within(0.025));
        assertThat(got).hasSize(n + (int) dups);
        // every copy is byte-identical to its original and arrives right after it
        for (int i = 1; i < got.size(); i++) {
            if (got.get(i).seq() == got.get(i - 1).seq()) {
                assertThat(got.get(i).bytes()).isEqualTo(got.get(i - 1).bytes());
            }
        }
    }

    @SimTest
    void duplicateAndLaterStagesTreatCopiesIndependently(Sim sim) {
        setUp(sim.network());
        // every packet is duplicated, then exactly every 2nd transit dropped: one of each pair survives
        net.defaultLink(LinkModel.perfect().duplicate(1.0).dropEveryNth(2));
        stream(10, US, 4);
        assertThat(seqsGot()).containsExactlyElementsOf(range(1, 10));
    }

    @SimTest
    void corruptionFlipsExactlyTheRequestedBits(Sim sim) {
        setUp(sim.network());
        net.defaultLink(LinkModel.perfect().corrupt(1.0, 3));
        List<byte[]> sent = new ArrayList<>();
        for (int i = 1; i <= 200; i++) {
            ByteBuf d = data(i, 100);
            sent.add(ByteBufUtil.getBytes(d));
            a.send(b.address(), d);
        }
        net.scheduler().runUntilIdle();
        assertThat(got).hasSize(200);
        for (int i = 0; i < 200; i++) {
            assertThat(bitDistance(sent.get(i), got.get(i).bytes())).isEqualTo(3);
        }
        assertThat(net.trace().count(SimEvent.Fate.CORRUPTED)).isEqualTo(200);
    }

    @SimTest
    void corruptionNeverWritesToTheSendersBuffer(Sim sim) {
        setUp(sim.network());
        net.defaultLink(LinkModel.perfect().corrupt(1.0, 8).loss(1.0)); // corrupt, then drop
        ByteBuf d = data(1, 50);
        byte[] before = ByteBufUtil.getBytes(d);
        d.retain(); // keep a reference to look at it afterwards
        a.send(b.address(), d);
        net.scheduler().runUntilIdle();
        assertThat(ByteBufUtil.getBytes(d)).isEqualTo(before);
        assertThat(d.release()).isTrue();
    }

    @SimTest
    void partialCorruptionHitsAboutTheSetFraction(Sim sim) {
        setUp(sim.network());
        net.defaultLink(LinkModel.perfect().corrupt(0.3, 1));
        stream(5000, US, 30);
        assertThat(net.trace().count(SimEvent.Fate.CORRUPTED) / 5000.0).isCloseTo(0.3, within(0.03));
    }

    @SimTest
    void reorderingHoldsPacketsBackSoOthersOvertake(Sim sim) {
        setUp(sim.network());
        net.defaultLink(LinkModel.perfect().reorder(0.2, 500 * US).delay(100 * US));
        stream(1000, 10 * US, 0);
        List<Integer> seqs = seqsGot();
        assertThat(seqs).hasSize(1000).containsExactlyInAnyOrderElementsOf(range(1, 1000));
        assertThat(seqs).isNotEqualTo(range(1, 1000));
        long held = net.trace().count(SimEvent.Fate.REORDERED);
        assertThat(held / 1000.0).isCloseTo(0.2, within(0.04));
        for (Got g : got) { // held packets arrive exactly 500 us late, others on time
            long sentAt = (g.seq() - 1) * 10 * US;
            assertThat(g.atNs() - sentAt).isIn(100 * US, 600 * US);
        }
    }

    @SimTest
    void delayAndJitterStayWithinBounds(Sim sim) {
        setUp(sim.network());
        net.defaultLink(LinkModel.perfect().delay(2 * MS, 500 * US));
        stream(2000, 100 * US, 0);
        assertThat(got).hasSize(2000);
        List<Long> latencies = got.stream().map(g -> g.atNs() - (g.seq() - 1) * 100 * US).toList();
        assertThat(latencies).allSatisfy(l -> assertThat(l).isBetween(2 * MS, 2 * MS + 500 * US));
        assertThat(latencies.stream().distinct().count()).isGreaterThan(1000);
        assertThat(latencies.stream().mapToLong(Long::longValue).min().orElseThrow()).isLessThan(2 * MS + 50 * US);
        assertThat(latencies.stream().mapToLong(Long::longValue).max().orElseThrow()).isGreaterThan(2 * MS + 450 * US);
    }

    @SimTest
    void mtuDropsOnlyOversizedDatagrams(Sim sim) {
        setUp(sim.network());
        net.defaultLink(LinkModel.perfect().mtu(RxHeader.SIZE + 100));
        a.send(b.address(), data(1, 99));
        a.send(b.address(), data(2, 100));
        a.send(b.address(), data(3, 101));
        net.scheduler().runUntilIdle();
        assertThat(seqsGot()).containsExactly(1, 2);
        assertThat(net.trace().events()).filteredOn(e -> e.fate() == SimEvent.Fate.DROPPED)
                .singleElement().satisfies(e -> {
                    assertThat(e.detail()).isEqualTo("mtu:128");
                    assertThat(e.size()).isEqualTo(129);
                });
    }

    @SimTest
    void bandwidthSerialisesBursts(Sim sim) {
        setUp(sim.network());
        net.defaultLink(LinkModel.perfect().bandwidth(10_000_000L)); // 1250 bytes = 1 ms
        for (int i = 1; i <= 5; i++) {
            a.send(b.address(), data(i, 1250 - RxHeader.SIZE));
        }
        net.scheduler().runUntilIdle();
        assertThat(got).extracting(Got::atNs).containsExactly(1 * MS, 2 * MS, 3 * MS, 4 * MS, 5 * MS);
    }

    // ---- topology and ownership ----

    @SimTest
    void linksArePerDirectionWithADefault(Sim sim) {
        setUp(sim.network());
        SimNode c = net.addNode().receiver((from, buf) -> buf.release());
        net.defaultLink(LinkModel.perfect().delay(7 * MS));
        net.link(a.address(), b.address(), LinkModel.perfect().loss(1.0));
        a.send(b.address(), data(1, 0)); // lost
        b.send(a.address(), data(2, 0)); // default: 7 ms
        a.send(c.address(), data(3, 0)); // default: 7 ms
        net.scheduler().runUntilIdle();
        assertThat(got).singleElement().satisfies(g -> {
            assertThat(g.seq()).isEqualTo(2);
            assertThat(g.atNs()).isEqualTo(7 * MS);
        });
        assertThat(c.receivedCount()).isEqualTo(1);

        net.linkBoth(a.address(), b.address(), LinkModel.perfect());
        a.send(b.address(), data(4, 0));
        b.send(a.address(), data(5, 0));
        net.scheduler().runUntilIdle();
        assertThat(seqsGot()).containsExactly(2, 4, 5);
    }

    @SimTest
    void unknownAddresseeAndMissingReceiverAreDrops(Sim sim) {
        setUp(sim.network());
        SimNode deaf = net.addNode();
        a.send(SimNetwork.address(10, 9, 9, 9, 7000), data(1, 0));
        a.send(deaf.address(), data(2, 0));
        net.scheduler().runUntilIdle();
        assertThat(net.trace().events()).filteredOn(e -> e.fate() == SimEvent.Fate.DROPPED)
                .extracting(SimEvent::detail).containsExactly("unreachable", "no-receiver");
    }

    @SimTest
    void closeReleasesDatagramsInFlight(Sim sim) {
        setUp(sim.network());
        net.defaultLink(LinkModel.perfect().delay(MS).duplicate(1.0));
        a.send(b.address(), data(1, 64));
        a.send(b.address(), data(2, 64));
        assertThat(net.inFlight()).isEqualTo(4);
        assertThat(net.close()).isEqualTo(4);
        net.scheduler().runUntilIdle();
        assertThat(got).isEmpty();
        a.send(b.address(), data(3, 0)); // after close: dropped and released at once
        assertThat(net.inFlight()).isZero();
    }

    private static List<Integer> range(int from, int to) {
        List<Integer> r = new ArrayList<>();
        for (int i = from; i <= to; i++) {
            r.add(i);
        }
        return r;
    }

    private static int bitDistance(byte[] x, byte[] y) {
        assertThat(y).hasSameSizeAs(x);
        int d = 0;
        for (int i = 0; i < x.length; i++) {
            d += Integer.bitCount((x[i] ^ y[i]) & 0xff);
        }
        return d;
    }
}
