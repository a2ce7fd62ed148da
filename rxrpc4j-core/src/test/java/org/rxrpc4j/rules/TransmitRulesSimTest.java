package org.rxrpc4j.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.rxrpc4j.call.CompletionType;
import org.rxrpc4j.config.RxConfig;
import org.rxrpc4j.sim.LinkModel;
import org.rxrpc4j.sim.Sim;
import org.rxrpc4j.sim.SimEndpoint;
import org.rxrpc4j.sim.SimTest;
import org.rxrpc4j.trace.Counter;
import org.rxrpc4j.wire.AbortCodes;
import org.rxrpc4j.wire.AckBody;
import org.rxrpc4j.wire.AckReason;
import org.rxrpc4j.wire.AckTrailer;
import org.rxrpc4j.wire.PacketType;
import org.rxrpc4j.wire.RxFlags;

/**
 * The sender's rules (rx-protocol.md §4.5, §4.6, §7; brief "Transmit"): window, slow start,
 * congestion avoidance, fast retransmit, RTO backoff, soft-ACK withdrawal, stale ACKs, RTT
 * sampling, REQUEST_ACK.
 * A real client sends its request to a {@link ScriptedReceiver} whose ACKs the test controls.
 */
class TransmitRulesSimTest extends RulesSimBase {

    private static final int DATA_LEN = RxConfig.defaults().maxDataPerPacket();

    private SimEndpoint client;
    private ScriptedReceiver receiver;
    private AppCall call;
    private byte[] request;

    /** A client sending {@code packets} full DATA packets to a scripted receiver over {@code link}. */
    private void setUp(Sim sim, int packets, LinkModel link) {
        world(sim);
        client = world.endpoint();
        receiver = new ScriptedReceiver(world.scripted());
        world.linkBoth(client.address(), receiver.peer.address(), link);
        request = world.bytes(packets * DATA_LEN);
        call = world.call(client, receiver.peer.address(), SERVICE, request);
    }

    private List<WirePacket> clientData() {
        return world.tap().where(p -> p.from().equals(client.address()) && p.is(PacketType.DATA));
    }

    private List<WirePacket> transmissionsOf(int seq) {
        return world.tap().where(p -> p.from().equals(client.address()) && p.is(PacketType.DATA) && p.seq() == seq);
    }

    private void assertCompletesIntact() {
        world.runUntilOrFail(() -> call.isComplete() && call.eof(), 120 * S, "call completes");
        assertThat(call.completionType()).as("%s", call.completion()).isEqualTo(CompletionType.SUCCEEDED);
        assertThat(World.sha256(receiver.requestBytes())).isEqualTo(World.sha256(request));
    }

    @SimTest
    void transmitWindowIsBoundedByThePeersRwind(Sim sim) {
        setUp(sim, 40, LinkModel.perfect().delay(MS));
        receiver.rwind = 2;
        assertCompletesIntact();

        List<WirePacket> acks = world.tap().where(p -> p.from().equals(receiver.peer.address())
                && p.is(PacketType.ACK));
        int fullWindow = 0;
        for (WirePacket d : clientData()) {
            int hard = 0;
            for (WirePacket a : acks) {
                if (a.wasDelivered() && a.deliveredNs() <= d.sentNs()) {
                    hard = Math.max(hard, a.ack().firstPacket());
                }
            }
            if (hard == 0) {
                continue; // before the first ACK the client knows no rwind
            }
            assertThat(d.seq()).as("DATA %s sent with hard-ACK point %d and rwind 2", d, hard).isLessThan(hard + 2);
            if (d.seq() == hard + 1) {
                fullWindow++;
            }
        }
        assertThat(fullWindow).as("the window of 2 is used").isPositive();
    }

    @SimTest
    void slowStartGrowsFromTheInitialCwnd(Sim sim) {
        long oneWay = 10 * MS;
        setUp(sim, 300, LinkModel.perfect().delay(oneWay));
        receiver.rwind = 255;
        assertCompletesIntact();

        List<WirePacket> firsts = new ArrayList<>();
        Set<Integer> seen = new HashSet<>();
        for (WirePacket d : clientData()) {
            if (seen.add(d.seq())) {
                firsts.add(d);
            }
        }
        long t0 = firsts.get(0).sentNs();
        long rtt = 2 * oneWay;
        int[] rounds = new int[4];
        for (WirePacket d : firsts) {
            int r = (int) ((d.sentNs() - t0 + rtt / 4) / rtt); // ACK-clocked bursts land near multiples of the RTT
            if (r < rounds.length) {
                rounds[r]++;
            }
        }
        int initial = RxConfig.defaults().initialCwnd();
        assertThat(rounds[0]).as("first round: at most the initial cwnd; rounds %s", java.util.Arrays.toString(rounds))
                .isBetween(1, initial);
        for (int i = 1; i < rounds.length; i++) {
            assertThat(rounds[i]).as("round %d grows: %s", i, java.util.Arrays.toString(rounds))
                    .isGreaterThan(rounds[i - 1]).isLessThanOrEqualTo(2 * rounds[i - 1] + 1);
        }
    }

    /**
     * After a loss, cwnd restarts from half the flight (the fast retransmit) and from there grows
     * by about one packet per round trip, not by doubling: rounds of new DATA, one RTT wide,
     * counted after the recovery ends, grow by at most one or two each (bucket edges) and still
     * grow overall.
     */
    @SimTest
    void congestionAvoidanceGrowsTheWindowByAboutOnePacketPerRoundTripAfterALoss(Sim sim) {
        long oneWay = 10 * MS;
        long rtt = 2 * oneWay;
        int lost = 60;
        AtomicInteger dropped = new AtomicInteger();
        LinkModel link = LinkModel.perfect().delay(oneWay);
        world(sim);
        client = world.endpoint();
        receiver = new ScriptedReceiver(world.scripted());
        receiver.rwind = 255;
        world.link(client.address(), receiver.peer.address(), link.dropIf("first seq " + lost,
                h -> h.type() == PacketType.DATA && h.seq() == lost && dropped.getAndIncrement() == 0));
        world.link(receiver.peer.address(), client.address(), link);
        request = world.bytes(1500 * DATA_LEN);
        call = world.call(client, receiver.peer.address(), SERVICE, request);
        assertCompletesIntact();
        assertThat(World.count(client, Counter.FAST_RETRANSMITS)).as("the loss is repaired by a fast retransmit")
                .isEqualTo(1);
        assertThat(World.count(client, Counter.RTO_EXPIRED)).as("no RTO").isZero();

        List<WirePacket> resends = transmissionsOf(lost);
        assertThat(resends).hasSize(2);
        long resentAt = resends.get(1).sentNs();
        // the first packet sent after the resend marks the end of recovery once it is hard-ACKed
        List<WirePacket> firsts = new ArrayList<>();
        Set<Integer> seen = new HashSet<>();
        for (WirePacket d : clientData()) {
            if (seen.add(d.seq()) && d.sentNs() > resentAt) {
                firsts.add(d);
            }
        }
        long start = resentAt + 2 * rtt; // past the recovery (one RTT) and the deflation to ssthresh
        int[] rounds = new int[8];
        for (WirePacket d : firsts) {
            long at = d.sentNs() - start;
            if (at >= 0 && at / rtt < rounds.length) {
                rounds[(int) (at / rtt)]++;
            }
        }
        String shown = java.util.Arrays.toString(rounds);
        for (int i = 1; i < rounds.length; i++) {
            assertThat(rounds[i] - rounds[i - 1]).as("round %d of new DATA grows by at most 2: %s", i, shown)
                    .isBetween(-1, 2);
        }
        assertThat(rounds[rounds.length - 1]).as("the window still grows: %s", shown)
                .isGreaterThan(rounds[0]).isLessThan(rounds[0] + rounds.length + 2);
    }

    @SimTest
    void fastRetransmitResendsAfterRepeatedNacksWithoutWaitingForTheRto(Sim sim) {
        AtomicInteger dropped = new AtomicInteger();
        LinkModel link = LinkModel.perfect().delay(MS);
        world(sim);
        client = world.endpoint();
        receiver = new ScriptedReceiver(world.scripted());
        world.link(client.address(), receiver.peer.address(), link.dropIf("first seq 3",
                h -> h.type() == PacketType.DATA && h.seq() == 3 && dropped.getAndIncrement() == 0));
        world.link(receiver.peer.address(), client.address(), link);
        request = world.bytes(40 * DATA_LEN);
        call = world.call(client, receiver.peer.address(), SERVICE, request);
        assertCompletesIntact();

        List<WirePacket> threes = transmissionsOf(3);
        assertThat(threes).as("seq 3 sent twice%s", world.wire(30)).hasSizeGreaterThanOrEqualTo(2);
        long gap = threes.get(1).sentNs() - threes.get(0).sentNs();
        assertThat(gap).as("resent on NACKs, long before the RTO (>= 200 ms)").isLessThan(100 * MS);
        assertThat(threes.get(1).serial()).isNotEqualTo(threes.get(0).serial());
        assertThat(threes.get(1).has(RxFlags.REQUEST_ACK)).as("a retransmission requests an ACK").isTrue();
        assertThat(World.count(client, Counter.FAST_RETRANSMITS)).isPositive();
    }

    @SimTest
    void rtoResendsWithExponentialBackoff(Sim sim) {
        setUp(sim, 1, LinkModel.perfect().delay(MS));
        receiver.autoAck = false;
        receiver.reply = false; // a server that swallows everything
        world.runUntilOrFail(call::isComplete, 60 * S, "the call gives up");

        List<WirePacket> sends = transmissionsOf(1);
        assertThat(sends).as("original and at least 3 resends").hasSizeGreaterThanOrEqualTo(4);
        long first = sends.get(1).sentNs() - sends.get(0).sentNs();
        assertThat(first).as("first resend after the initial RTO")
                .isBetween(RxConfig.defaults().initialRtoNs() - 10 * MS, RxConfig.defaults().initialRtoNs() + 300 * MS);
        // backing off, up to a quarter of the peer-silence timeout, so that a live but lossy
        // path gets several resends before it is declared dead
        long cap = RxConfig.defaults().normalTimeoutNs() / 4;
        for (int i = 2; i < sends.size(); i++) {
            long prev = sends.get(i - 1).sentNs() - sends.get(i - 2).sentNs();
            long cur = sends.get(i).sentNs() - sends.get(i - 1).sentNs();
            assertThat(cur).as("interval %d backs off (%d ms after %d ms)", i, cur / MS, prev / MS)
                    .isGreaterThanOrEqualTo(Math.min(prev * 3 / 2, cap)).isLessThanOrEqualTo(cap + 10 * MS);
        }
        assertThat(sends.get(sends.size() - 1).sentNs() - sends.get(sends.size() - 2).sentNs())
                .as("the backoff reached its cap").isGreaterThanOrEqualTo(cap);
        assertThat(sends.subList(1, sends.size())).allMatch(p -> p.has(RxFlags.REQUEST_ACK));
        assertThat(sends.stream().map(WirePacket::serial).distinct().count()).as("a new serial each time")
                .isEqualTo(sends.size());
        assertThat(World.count(client, Counter.RTO_EXPIRED)).isGreaterThanOrEqualTo(3);
        assertThat(call.completionType()).isEqualTo(CompletionType.NETWORK_ERROR);
    }

    @SimTest
    void withdrawnSoftAckMakesThePacketBeResentWithoutError(Sim sim) {
        setUp(sim, 4, LinkModel.perfect().delay(MS));
        receiver.autoAck = false;
        receiver.reply = false;
        world.runUntilOrFail(() -> receiver.peer.received(PacketType.DATA).size() >= 4, S, "4 DATA");
        int sentOfTwo = transmissionsOf(2).size();
        AckTrailer tr = new AckTrailer(1444, 1444, 32, 4);
        receiver.sendAck(new AckBody(0, 0, 1, 4, 0, AckReason.IDLE, ScriptedPeer.table("AAAA"), tr));
        world.runFor(5 * MS);
        receiver.sendAck(new AckBody(0, 0, 1, 4, 0, AckReason.IDLE, ScriptedPeer.table("ANAA"), tr));
        world.runUntil(() -> transmissionsOf(2).size() > sentOfTwo, 10 * S);

        assertThat(transmissionsOf(2).size()).as("seq 2, ACKed then NACKed, is resent%s", world.wire(20))
                .isGreaterThan(sentOfTwo);
        assertThat(call.isComplete()).as("withdrawing a soft ACK is no error").isFalse();
        assertThat(world.tap().where(p -> p.from().equals(client.address()) && p.is(PacketType.ABORT))).isEmpty();

        receiver.sendAck(ScriptedPeer.hardAck(5, 0, AckReason.IDLE));
        receiver.peer.sendTo(client.address(), receiver.peer.replyData(receiver.request(), 1, RxFlags.LAST_PACKET,
                new byte[3]));
        world.runUntilOrFail(call::isComplete, S, "call completes");
        assertThat(call.completionType()).isEqualTo(CompletionType.SUCCEEDED);
    }

    @SimTest
    void ackWithFirstPacketGoingBackwardsIsIgnored(Sim sim) {
        setUp(sim, 8, LinkModel.perfect().delay(MS));
        receiver.autoAck = false;
        receiver.reply = false;
        world.runUntilOrFail(() -> receiver.peer.received(PacketType.DATA).size() >= 4, S, "first 4 DATA");
        receiver.sendAck(ScriptedPeer.hardAck(5, 0, AckReason.IDLE));
        world.runUntilOrFail(() -> transmissionsOf(8).size() > 0, S, "the window moves on to seq 8");

        receiver.sendAck(new AckBody(0, 0, 2, 8, 0, AckReason.OUT_OF_SEQUENCE, ScriptedPeer.table("NNNAAAA"),
                new AckTrailer(1444, 1444, 32, 4)));
        world.runFor(3 * S);

        for (int seq = 2; seq <= 4; seq++) {
            assertThat(transmissionsOf(seq)).as("hard-ACKed seq %d is never resent", seq).hasSize(1);
        }
        assertThat(World.count(client, Counter.DROP_STALE_ACK)).isEqualTo(1);
        assertThat(call.isComplete()).isFalse();
    }

    @SimTest
    void staleAckAskingForAnAnswerIsStillAnswered(Sim sim) {
        setUp(sim, 8, LinkModel.perfect().delay(MS));
        receiver.autoAck = false;
        receiver.reply = false;
        world.runUntilOrFail(() -> receiver.peer.received(PacketType.DATA).size() >= 4, S, "first 4 DATA");
        receiver.sendAck(ScriptedPeer.hardAck(5, 0, AckReason.IDLE));
        world.runFor(10 * MS);
        receiver.peer.clearInbox();

        // a PING whose firstPacket went backwards: invalid, yet its question is answered
        var ping = receiver.peer.replyAck(receiver.request(), RxFlags.REQUEST_ACK,
                new AckBody(0, 0, 2, 4, 0, AckReason.PING, new byte[0], new AckTrailer(1444, 1444, 32, 4)));
        receiver.peer.sendTo(client.address(), ping);
        world.runFor(10 * MS);

        assertThat(World.count(client, Counter.DROP_STALE_ACK)).isEqualTo(1);
        List<WirePacket> answers = receiver.peer.received(p -> p.isAck(AckReason.PING_RESPONSE));
        assertThat(answers).as("PING_RESPONSE to a stale PING%s", world.wire(10)).hasSize(1);
        assertThat(answers.get(0).ack().serial()).isEqualTo(ping.header().serial());
    }

    @SimTest
    void reorderedAckWithSmallerPreviousPacketIsIgnored(Sim sim) {
        setUp(sim, 4, LinkModel.perfect().delay(MS));
        receiver.autoAck = false;
        receiver.reply = false;
        world.runUntilOrFail(() -> receiver.peer.received(PacketType.DATA).size() >= 4, S, "4 DATA");
        AckTrailer tr = new AckTrailer(1444, 1444, 32, 4);
        receiver.sendAck(new AckBody(0, 0, 1, 4, 0, AckReason.IDLE, ScriptedPeer.table("NAAA"), tr));
        world.runFor(5 * MS);
        assertThat(World.count(client, Counter.DROP_STALE_ACK)).isZero();

        receiver.sendAck(new AckBody(0, 0, 1, 2, 0, AckReason.IDLE, ScriptedPeer.table("NA"), tr)); // older news
        world.runFor(5 * MS);

        assertThat(World.count(client, Counter.DROP_STALE_ACK)).isEqualTo(1);
        assertThat(call.isComplete()).isFalse();
    }

    @SimTest
    void ackWithASerialInPreviousPacketIsAccepted(Sim sim) {
        setUp(sim, 4, LinkModel.perfect().delay(MS));
        receiver.autoAck = false;
        receiver.reply = false;
        world.runUntilOrFail(() -> receiver.peer.received(PacketType.DATA).size() >= 4, S, "4 DATA");
        AckTrailer tr = new AckTrailer(1444, 1444, 32, 4);
        // old OpenAFS libafs clients put a serial in previousPacket (rx-protocol.md §4.5)
        receiver.sendAck(new AckBody(0, 0, 1, 100_000, 0, AckReason.IDLE, ScriptedPeer.table("NAAA"), tr));
        receiver.sendAck(new AckBody(0, 0, 1, 99_000, 0, AckReason.IDLE, ScriptedPeer.table("NAAA"), tr));
        world.runFor(5 * MS);

        assertThat(World.count(client, Counter.DROP_STALE_ACK)).as("previousPacket >= F + twind is junk: valid")
                .isZero();
        assertThat(call.isComplete()).isFalse();
    }

    @SimTest
    void ackBeyondWhatWasSentAbortsWithProtocolError(Sim sim) {
        setUp(sim, 4, LinkModel.perfect().delay(MS));
        receiver.autoAck = false;
        receiver.reply = false;
        world.runUntilOrFail(() -> receiver.peer.received(PacketType.DATA).size() >= 4, S, "4 DATA");
        receiver.sendAck(ScriptedPeer.hardAck(50, 0, AckReason.IDLE));
        world.runUntilOrFail(call::isComplete, S, "the call aborts");
        world.runFor(10 * MS);

        assertThat(call.completionType()).isEqualTo(CompletionType.LOCALLY_ABORTED);
        assertThat(call.completion().abortCode()).isEqualTo(AbortCodes.RX_PROTOCOL_ERROR);
        List<WirePacket> aborts = receiver.peer.received(PacketType.ABORT);
        assertThat(aborts).hasSize(1);
        assertThat(aborts.get(0).abortCode()).isEqualTo(AbortCodes.RX_PROTOCOL_ERROR);
        assertThat(aborts.get(0).serial()).as("a call's own ABORT has a real serial").isNotZero();
    }

    @SimTest
    void ackWithSerialZeroDoesNotFeedRtt(Sim sim) {
        world(sim);
        // two clients, two scripted servers: one echoes DATA serials in its ACKs, one sends 0
        SimEndpoint zeroClient = world.endpoint();
        SimEndpoint echoClient = world.endpoint();
        ScriptedReceiver zero = new ScriptedReceiver(world.scripted());
        ScriptedReceiver echo = new ScriptedReceiver(world.scripted());
        zero.ackSerialZero = true;
        // a real path delay: a zero RTT would not sample either way
        world.linkBoth(zeroClient.address(), zero.peer.address(), LinkModel.perfect().delay(MS));
        world.linkBoth(echoClient.address(), echo.peer.address(), LinkModel.perfect().delay(MS));
        byte[] req = world.bytes(30 * DATA_LEN);
        AppCall a = world.call(zeroClient, zero.peer.address(), SERVICE, req);
        AppCall b = world.call(echoClient, echo.peer.address(), SERVICE, req);
        world.runUntilOrFail(() -> a.isComplete() && b.isComplete(), 30 * S, "both calls");

        assertThat(a.completionType()).isEqualTo(CompletionType.SUCCEEDED);
        assertThat(World.count(zeroClient, Counter.RTT_SAMPLES)).as("ACK serial 0 never samples").isZero();
        assertThat(World.count(echoClient, Counter.RTT_SAMPLES)).as("the control does sample").isPositive();
    }

    @SimTest
    void lastReplyPacketNeverRequestsAnAck(Sim sim) {
        world(sim);
        SimEndpoint server = world.endpoint();
        List<AppCall> accepted = world.echoService(server, SERVICE, req -> world.bytes(10 * DATA_LEN + 7));
        ScriptedPeer scriptedClient = world.scripted().target(server.address(), SERVICE);
        world.linkBoth(scriptedClient.address(), server.address(), LinkModel.perfect().delay(MS));
        // the client ACKs everything but the last reply packet, so that the server resends it
        int[] lastSeq = {0};
        Set<Integer> got = new HashSet<>();
        scriptedClient.onPacket(p -> {
            if (!p.is(PacketType.DATA)) {
                return;
            }
            got.add(p.seq());
            if (p.has(RxFlags.LAST_PACKET)) {
                lastSeq[0] = p.seq();
            }
            int first = 1;
            while (got.contains(first) && first != lastSeq[0]) {
                first++;
            }
            scriptedClient.send(scriptedClient.ack(0, 1, 0, ScriptedPeer.hardAck(first, p.serial(),
                    p.has(RxFlags.REQUEST_ACK) ? AckReason.REQUESTED : AckReason.IDLE)));
        });
        scriptedClient.send(scriptedClient.data(0, 1, 1, RxFlags.LAST_PACKET, world.bytes(100)));
        world.runUntilOrFail(() -> world.tap().where(p -> p.from().equals(server.address()) && p.is(PacketType.DATA)
                && p.has(RxFlags.LAST_PACKET)).size() >= 3, 30 * S, "the last packet resent twice");

        List<WirePacket> lasts = world.tap().where(p -> p.from().equals(server.address()) && p.is(PacketType.DATA)
                && p.has(RxFlags.LAST_PACKET));
        assertThat(lasts).as("never REQUEST_ACK on the last reply packet, first sent or resent")
                .noneMatch(p -> p.has(RxFlags.REQUEST_ACK));
        assertThat(lasts.stream().map(WirePacket::serial).distinct().count()).isEqualTo(lasts.size());

        scriptedClient.onPacket(p -> { });
        scriptedClient.send(scriptedClient.ack(0, 1, 0, ScriptedPeer.hardAck(lastSeq[0] + 1, 0, AckReason.IDLE)));
        world.runUntilOrFail(() -> accepted.get(0).isComplete(), S, "the final ACK completes the server call");
        assertThat(accepted.get(0).completionType()).isEqualTo(CompletionType.SUCCEEDED);
    }
}
