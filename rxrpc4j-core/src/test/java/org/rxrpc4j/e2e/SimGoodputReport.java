package org.rxrpc4j.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.rxrpc4j.sim.LinkModel;
import org.rxrpc4j.sim.Sim;
import org.rxrpc4j.sim.SimSeedExtension;
import org.rxrpc4j.trace.Counter;
import org.rxrpc4j.wire.PacketType;

/**
 * Goodput and ACK overhead of one 64 MiB call over a simulated 1 ms RTT (0.5 ms each way), at 0 %
 * and 1 % loss (both directions), in each direction, without a bandwidth limit (the window and
 * the RTT bound the rate) and behind a 10 Gbit/s bottleneck; and, for comparison, at 10 % and
 * 30 % loss without one. Goodput is application bytes over
 * virtual time, from the call's start to the receiving application reading its last byte.
 * Overhead is every datagram both sides sent per 1,000 DATA packets sent (retransmissions
 * included), counted on the wire by a tap at the head of each link and cross-checked against
 * the engines' counters and the simulator's per-node counts.
 *
 * <p>Not part of the default test run (the name does not end in {@code Test}). Run it with:
 *
 * <pre>mvn -B -q -pl rxrpc4j-core test -Dtest=SimGoodputReport -Dsurefire.failIfNoSpecifiedTests=false</pre>
 *
 * <p>It prints a table and asserts that the numbers are sane (every byte delivered, goodput
 * positive, tap and engine agree), so it cannot silently print garbage.
 */
@ExtendWith(SimSeedExtension.class)
class SimGoodputReport {

    static final long SIZE = 64L * 1024 * 1024;
    static final long TEN_GBIT = 10_000_000_000L;

    private static final List<String> ROWS = new ArrayList<>();
    private static long seed;

    private SimPair pair;

    @AfterEach
    void shutDownAndCheckForLeaks() {
        if (pair != null) {
            pair.shutdownAndAssertNoLeaks();
        }
    }

    static Stream<Arguments> scenarios() {
        Stream.Builder<Arguments> b = Stream.builder();
        for (long bandwidth : new long[] {0, TEN_GBIT}) {
            for (double loss : new double[] {0.0, 0.01}) {
                for (TransferSimTest.Direction d : TransferSimTest.Direction.values()) {
                    b.add(Arguments.of(d, loss, bandwidth));
                }
            }
        }
        // for comparison: how badly heavier loss hurts
        for (double loss : new double[] {0.10, 0.30}) {
            for (TransferSimTest.Direction d : TransferSimTest.Direction.values()) {
                b.add(Arguments.of(d, loss, 0L));
            }
        }
        return b.build();
    }

    @ParameterizedTest(name = "{0} loss {1} bandwidth {2}")
    @MethodSource("scenarios")
    void goodputOfOne64MiBCall(TransferSimTest.Direction direction, double loss, long bandwidth, Sim sim) {
        long wallStart = System.nanoTime(); // test code: wall time of the run, for the table
        pair = SimPair.builder(sim).bandwidthBps(bandwidth).links(LinkModel.perfect().loss(loss)).build();
        boolean request = direction == TransferSimTest.Direction.REQUEST;
        PerfClientCall call = request ? pair.startCall(SIZE, 0) : pair.startCall(PerfData.HEADER, SIZE);

        pair.runUntilDone(TransferSimTest.virtualTimeLimitNs(SIZE));
        pair.assertAllSucceeded();
        long wallMs = (System.nanoTime() - wallStart) / 1_000_000;

        PerfServerCall server = pair.serverCalls().get(0);
        long deliveredNs = (request ? server.eofAtNs : call.eofAtNs) - call.startedAtNs;
        long delivered = request ? server.received : call.received;
        assertThat(delivered).as("bytes delivered").isEqualTo(SIZE);
        assertThat(deliveredNs).as("virtual time to deliver").isPositive();
        double goodputMBps = SIZE / (deliveredNs / 1e9) / 1e6;
        assertThat(goodputMBps).as("goodput").isPositive();

        PacketTally sender = request ? pair.clientSent() : pair.serverSent();
        PacketTally receiver = request ? pair.serverSent() : pair.clientSent();
        var senderCounters = (request ? pair.client() : pair.server()).engine().counters();
        var receiverCounters = (request ? pair.server() : pair.client()).engine().counters();
        // DATA packets, retransmissions included; a jumbogram is one datagram of several
        long senderPackets = senderCounters.get(Counter.DATA_PACKETS_SENT) + senderCounters.get(Counter.DATA_PACKETS_RESENT);
        long dataPackets = senderPackets + receiverCounters.get(Counter.DATA_PACKETS_SENT)
                + receiverCounters.get(Counter.DATA_PACKETS_RESENT);
        long datagrams = pair.clientSent().datagrams() + pair.serverSent().datagrams();
        long acks = pair.clientSent().count(PacketType.ACK) + pair.serverSent().count(PacketType.ACK);
        long minData = (SIZE + 1411) / 1412;
        assertThat(senderPackets).as("DATA packets of the payload").isGreaterThanOrEqualTo(minData);
        assertThat(sender.count(PacketType.DATA)).as("DATA datagrams").isLessThanOrEqualTo(senderPackets);
        // the tap, the simulator's node counts and the engines' counters must agree
        assertThat(pair.clientSent().datagrams()).isEqualTo(pair.client().node().sentCount());
        assertThat(pair.serverSent().datagrams()).isEqualTo(pair.server().node().sentCount());
        assertThat(senderCounters.get(Counter.DATAGRAMS_SENT)).as("sender DATAGRAMS_SENT counter")
                .isEqualTo(sender.datagrams());
        assertThat(receiverCounters.get(Counter.DATAGRAMS_SENT)).as("receiver DATAGRAMS_SENT counter")
                .isEqualTo(receiver.datagrams());

        synchronized (ROWS) {
            seed = sim.seed();
            ROWS.add(String.format(Locale.ROOT,
                    "| %-7s | %4.1f %% | %-9s | %10.1f | %8.3f | %8.1f | %7d | %7d | %6d | %5d | %5d | %6d | %6d | %7.1f | %7.1f | %6d |",
                    direction, loss * 100, bandwidth == 0 ? "none" : bandwidth / 1_000_000_000L + " Gbit/s",
                    deliveredNs / 1e6, goodputMBps, goodputMBps * 8, senderPackets, sender.count(PacketType.DATA),
                    senderCounters.get(Counter.DATA_PACKETS_RESENT), senderCounters.get(Counter.RTO_EXPIRED),
                    senderCounters.get(Counter.FAST_RETRANSMITS), receiver.count(PacketType.ACK),
                    sender.count(PacketType.ACK), 1000.0 * datagrams / dataPackets, 1000.0 * acks / dataPackets,
                    wallMs));
        }
    }

    @AfterAll
    static void printTable() {
        if (ROWS.isEmpty()) {
            return;
        }
        StringBuilder sb = new StringBuilder();
        sb.append("\nOne 64 MiB call, 1 ms virtual RTT (0.5 ms each way), loss on both directions, RxConfig.defaults(), seed " + seed
                + " (-Drxrpc4j.sim.seed=N to change)\n");
        sb.append("| payload | loss   | bandwidth | virt. ms   | MB/s     | Mbit/s   | DATA tx | dgrams  | resent | RTO   | FRTX  | rx ACK | tx ACK "
                + "| pkts/1k DATA | ACKs/1k DATA | wall ms |\n");
        sb.append("|---------|--------|-----------|------------|----------|----------|---------|---------|--------|-------|-------|--------|--------"
                + "|---------|---------|--------|\n");
        ROWS.forEach(r -> sb.append(r).append('\n'));
        sb.append("DATA tx: DATA packets the payload's sender sent (retransmissions included); dgrams: the DATA datagrams "
                + "they went in (a jumbogram carries several); resent: its "
                + "DATA_PACKETS_RESENT counter; RTO, FRTX: its RTO_EXPIRED and FAST_RETRANSMITS counters;\nrx ACK: ACKs the payload's receiver sent; tx ACK: ACKs the sender sent "
                + "(pings, terminal ACK); pkts/1k DATA: every datagram of both sides per 1,000 DATA packets.\n");
        System.out.println(sb); // test code: printing the report is its purpose
    }
}
