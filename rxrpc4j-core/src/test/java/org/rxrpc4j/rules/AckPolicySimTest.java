package org.rxrpc4j.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.rxrpc4j.config.RxConfig;
import org.rxrpc4j.sim.Sim;
import org.rxrpc4j.sim.SimEndpoint;
import org.rxrpc4j.sim.SimTest;
import org.rxrpc4j.trace.Counter;
import org.rxrpc4j.wire.AckBody;
import org.rxrpc4j.wire.AckReason;
import org.rxrpc4j.wire.PacketType;
import org.rxrpc4j.wire.RxFlags;
import org.rxrpc4j.wire.RxPacket;

/**
 * The receiver's ACK policy (rx-protocol.md §4.2-4.4, §7.5; brief "ACK policy"): which reason,
 * when, with which serial, and what every ACK looks like on the wire. A scripted client sends
 * request DATA to a real server.
 */
class AckPolicySimTest extends RulesSimBase {

    private SimEndpoint server;
    private List<AppCall> accepted;
    private ScriptedPeer client;

    private void setUp(Sim sim, RxConfig config) {
        world(sim);
        server = world.endpoint(config);
        accepted = world.echoService(server, SERVICE, req -> new byte[1]);
        client = world.scripted().target(server.address(), SERVICE);
    }

    private RxPacket data(int seq, int flags) {
        return client.data(0, 1, seq, flags, world.bytes(1412));
    }

    /** Sends {@code p} and returns the ACKs the server sent at once (same virtual instant). */
    private List<WirePacket> sendAndCollectImmediate(RxPacket p) {
        int before = client.inbox().size();
        long at = world.elapsedNs();
        client.send(p);
        world.runFor(0);
        List<WirePacket> out = new ArrayList<>();
        for (WirePacket w : client.inbox().subList(before, client.inbox().size())) {
            if (w.is(PacketType.ACK) && w.deliveredNs() == at) {
                out.add(w);
            }
        }
        return out;
    }

    @SimTest
    void requestAckFlagIsAnsweredRequestedAtOnce(Sim sim) {
        setUp(sim, RxConfig.defaults());
        RxPacket p = data(1, RxFlags.REQUEST_ACK);
        List<WirePacket> acks = sendAndCollectImmediate(p);

        assertThat(acks).as("%s", world.wire(5)).hasSize(1);
        AckBody a = acks.get(0).ack();
        assertThat(a.reason()).isEqualTo(AckReason.REQUESTED);
        assertThat(a.serial()).isEqualTo(p.header().serial());
        assertThat(a.firstPacket()).isEqualTo(2);
        assertThat(a.previousPacket()).isEqualTo(1);
    }

    @SimTest
    void duplicateDataIsAnsweredDuplicateAtOnce(Sim sim) {
        setUp(sim, RxConfig.defaults());
        client.send(data(1, 0));
        world.runFor(MS / 2);
        RxPacket again = data(1, 0);
        List<WirePacket> acks = sendAndCollectImmediate(again);

        assertThat(acks).as("%s", world.wire(5)).hasSize(1);
        assertThat(acks.get(0).ack().reason()).isEqualTo(AckReason.DUPLICATE);
        assertThat(acks.get(0).ack().serial()).isEqualTo(again.header().serial());
    }

    @SimTest
    void dataAfterAGapIsAnsweredOutOfSequenceAtOnce(Sim sim) {
        setUp(sim, RxConfig.defaults());
        client.send(data(1, 0));
        world.runFor(MS / 2);
        RxPacket three = data(3, 0);
        List<WirePacket> acks = sendAndCollectImmediate(three);

        assertThat(acks).as("%s", world.wire(5)).hasSize(1);
        AckBody a = acks.get(0).ack();
        assertThat(a.reason()).isEqualTo(AckReason.OUT_OF_SEQUENCE);
        assertThat(a.serial()).isEqualTo(three.header().serial());
        assertThat(a.firstPacket()).isEqualTo(2);
        assertThat(a.previousPacket()).as("highest seq received").isEqualTo(3);
        assertThat(WirePacket.ackString(a)).isEqualTo("NA");
    }

    @SimTest
    void dataBeyondTheWindowIsAnsweredExceedsWindowAndDropped(Sim sim) {
        setUp(sim, Configs.defaults().rxWindow(8).build());
        client.send(data(1, 0));
        world.runFor(MS / 2);
        RxPacket far = data(20, 0);
        List<WirePacket> acks = sendAndCollectImmediate(far);

        assertThat(acks).as("%s", world.wire(5)).hasSize(1);
        assertThat(acks.get(0).ack().reason()).isEqualTo(AckReason.EXCEEDS_WINDOW);
        assertThat(acks.get(0).ack().serial()).isEqualTo(far.header().serial());
        assertThat(World.count(server, Counter.DROP_BEYOND_WINDOW)).isEqualTo(1);

        List<WirePacket> later = sendAndCollectImmediate(data(2, RxFlags.REQUEST_ACK));
        assertThat(later).hasSize(1);
        assertThat(later.get(0).ack().previousPacket()).as("seq 20 was not kept").isEqualTo(2);
        assertThat(later.get(0).ack().nAcks()).isZero();
    }

    @SimTest
    void inOrderDataFillingAHoleIsAnsweredDelayAtOnce(Sim sim) {
        setUp(sim, RxConfig.defaults());
        client.send(data(1, 0));
        client.send(data(3, 0));
        world.runFor(MS / 2);
        List<WirePacket> acks = sendAndCollectImmediate(data(2, 0));

        assertThat(acks).as("%s", world.wire(5)).hasSize(1);
        assertThat(acks.get(0).ack().reason()).isEqualTo(AckReason.DELAY);
        assertThat(acks.get(0).ack().firstPacket()).isEqualTo(4);
    }

    @SimTest
    void delayedAckCarriesSerialZero(Sim sim) {
        setUp(sim, RxConfig.defaults());
        client.send(data(1, 0));
        world.runFor(RxConfig.defaults().softAckDelayNs() + MS);

        List<WirePacket> delayed = client.received(p -> p.isAck(AckReason.DELAY) || p.isAck(AckReason.IDLE));
        assertThat(delayed).as("a delayed ACK within the soft-ACK delay%s", world.wire(5)).isNotEmpty();
        assertThat(delayed.get(0).deliveredNs()).isPositive();
        assertThat(delayed).allSatisfy(p -> assertThat(p.ack().serial()).as("%s", p).isZero());
        assertThat(delayed.get(0).ack().firstPacket()).isEqualTo(2);
    }

    @SimTest
    void idleAckAfterTheApplicationDrainsCarriesSerialZero(Sim sim) {
        setUp(sim, RxConfig.defaults());
        for (int seq = 1; seq <= 3; seq++) {
            client.send(data(seq, 0)); // the application reads them as they come
        }
        world.runFor(RxConfig.defaults().idleAckDelayNs() + 100 * MS);

        List<WirePacket> idle = client.acks(AckReason.IDLE);
        assertThat(idle).as("an IDLE ACK once the queue drained%s", world.wire(10)).isNotEmpty();
        assertThat(idle).allSatisfy(p -> assertThat(p.ack().serial()).as("%s", p).isZero());
        assertThat(client.acks(AckReason.DELAY)).allSatisfy(p -> assertThat(p.ack().serial()).isZero());
    }

    @SimTest
    void thirdUnackedPacketIsAnsweredWithAPingWhileRttIsUnknown(Sim sim) {
        setUp(sim, RxConfig.defaults());
        client.onPacket(p -> {
            if (p.isAck(AckReason.PING)) {
                client.send(client.ack(0, 1, 0, new AckBody(0, 0, 1, 0, p.serial(), AckReason.PING_RESPONSE,
                        new byte[0], new org.rxrpc4j.wire.AckTrailer(1444, 1444, 32, 4))));
            }
        });
        // a real path delay, so that the PING_RESPONSE gives a positive RTT sample
        world.linkBoth(client.address(), server.address(), org.rxrpc4j.sim.LinkModel.perfect().delay(MS));
        client.send(data(1, 0));
        client.send(data(2, 0));
        client.send(data(3, 0));
        world.runFor(2 * MS + MS / 2); // the DATA arrive at 1 ms, the PING at 2 ms

        List<WirePacket> acks = client.received(PacketType.ACK);
        assertThat(acks).as("%s", world.wire(5)).hasSize(1);
        WirePacket ping = acks.get(0);
        assertThat(ping.ack().reason()).isEqualTo(AckReason.PING);
        assertThat(ping.ack().firstPacket()).isEqualTo(4);
        assertThat(ping.has(RxFlags.REQUEST_ACK)).as("a PING asks for an answer").isTrue();
        world.runFor(2 * MS);
        assertThat(World.count(server, Counter.RTT_SAMPLES)).as("the PING_RESPONSE samples RTT").isEqualTo(1);
    }

    @SimTest
    void consumingMoreThanEightPacketsSendsAnIdleAckAtOnce(Sim sim) {
        world(sim);
        server = world.endpoint();
        accepted = new ArrayList<>();
        world.serve(server, SERVICE, 4, accepted, app -> app.reading(false));
        client = world.scripted().target(server.address(), SERVICE);
        for (int seq = 1; seq <= 12; seq++) {
            client.send(data(seq, seq == 12 ? RxFlags.REQUEST_ACK : 0));
        }
        world.runFor(2 * S); // everything acked, nothing read
        client.clearInbox();

        long readAt = world.elapsedNs();
        accepted.get(0).reading(true);
        world.runFor(10 * MS);

        List<WirePacket> idle = client.acks(AckReason.IDLE);
        assertThat(idle).as("IDLE at once when > 8 packets were consumed%s", world.wire(5)).isNotEmpty();
        assertThat(idle.get(0).deliveredNs() - readAt).isLessThan(5 * MS);
        assertThat(idle.get(0).ack().serial()).isZero();
        assertThat(idle.get(0).ack().trailer().rwind()).as("the window reopened").isEqualTo(
                RxConfig.defaults().rxWindow());
    }

    @SimTest
    void pingIsAnsweredWithAPingResponseCarryingItsSerial(Sim sim) {
        setUp(sim, RxConfig.defaults());
        client.send(data(1, 0));
        world.runFor(MS / 2);
        RxPacket ping = client.ack(0, 1, RxFlags.REQUEST_ACK, ScriptedPeer.ackBody(1, 0, 0, AckReason.PING,
                new byte[0], 32));
        List<WirePacket> acks = sendAndCollectImmediate(ping);

        assertThat(acks).as("%s", world.wire(5)).hasSize(1);
        WirePacket r = acks.get(0);
        assertThat(r.ack().reason()).isEqualTo(AckReason.PING_RESPONSE);
        assertThat(r.ack().serial()).as("the PING's serial").isEqualTo(ping.header().serial());
        assertThat(r.has(RxFlags.REQUEST_ACK)).isFalse();
    }

    @SimTest
    void ackRequestingAnAckIsAnsweredRequested(Sim sim) {
        setUp(sim, RxConfig.defaults());
        client.send(data(1, 0));
        world.runFor(MS / 2);
        RxPacket ask = client.ack(0, 1, RxFlags.REQUEST_ACK, ScriptedPeer.ackBody(1, 0, 0, AckReason.IDLE,
                new byte[0], 32));
        List<WirePacket> acks = sendAndCollectImmediate(ask);

        assertThat(acks).as("%s", world.wire(5)).hasSize(1);
        assertThat(acks.get(0).ack().reason()).isEqualTo(AckReason.REQUESTED);
        assertThat(acks.get(0).ack().serial()).isEqualTo(ask.header().serial());
    }

    @SimTest
    void everyAckHasZeroPaddingAndAFullTrailer(Sim sim) {
        world(sim);
        RxConfig config = RxConfig.defaults();
        SimEndpoint srv = world.endpoint(config);
        world.echoService(srv, SERVICE, req -> world.bytes(20 * 1412));
        SimEndpoint cli = world.endpoint(config);
        world.linkBoth(cli.address(), srv.address(), org.rxrpc4j.sim.LinkModel.perfect().delay(MS).loss(0.05));
        AppCall c = world.call(cli, srv.address(), SERVICE, world.bytes(20 * 1412));
        world.runUntilOrFail(() -> c.isComplete() && c.eof(), 30 * S, "call");
        world.runFor(2 * S);

        List<WirePacket> acks = world.tap().where(p -> p.is(PacketType.ACK));
        assertThat(acks).hasSizeGreaterThan(4);
        for (WirePacket p : acks) {
            AckBody a = p.ack();
            assertThat(p.ackPad()).as("pad of %s", p).containsExactly(0, 0, 0);
            assertThat(a.trailerWords()).as("trailer of %s", p).isEqualTo(4);
            assertThat(a.trailer().maxMtu()).isEqualTo(config.maxMtu());
            assertThat(a.trailer().ifMtu()).isEqualTo(config.ifMtu());
            assertThat(a.trailer().jumboMax()).isEqualTo(config.jumboMax());
            assertThat(a.trailer().rwind()).isBetween(1, config.rxWindow());
            assertThat(p.seq()).isZero();
            assertThat(p.has(RxFlags.SLOW_START_OK)).as("SLOW_START_OK on %s", p).isTrue();
            assertThat(p.isClientInitiated()).as("CLIENT_INITIATED on %s", p).isEqualTo(p.from().equals(cli.address()));
            assertThat(p.has(RxFlags.REQUEST_ACK)).as("REQUEST_ACK only on PING: %s", p)
                    .isEqualTo(a.reason() == AckReason.PING);
            assertThat(p.serial()).as("every ACK has its own header serial").isNotZero();
        }
    }
}
