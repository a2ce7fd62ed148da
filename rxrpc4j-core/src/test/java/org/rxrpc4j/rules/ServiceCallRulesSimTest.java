package org.rxrpc4j.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import org.rxrpc4j.call.CallState;
import org.rxrpc4j.call.CompletionType;
import org.rxrpc4j.sim.Sim;
import org.rxrpc4j.sim.SimEndpoint;
import org.rxrpc4j.sim.SimTest;
import org.rxrpc4j.trace.Counter;
import org.rxrpc4j.wire.AbortCodes;
import org.rxrpc4j.wire.AckReason;
import org.rxrpc4j.wire.PacketType;
import org.rxrpc4j.wire.EmptyBody;
import org.rxrpc4j.wire.RxFlags;
import org.rxrpc4j.wire.RxPacket;

/**
 * How service calls come to be and end (rx-protocol.md §6.3-6.6; brief "Service connections"):
 * only DATA seq 1 creates one, an old call number never runs again, and the next call on a
 * channel ends the previous one.
 */
class ServiceCallRulesSimTest extends RulesSimBase {

    private static final int ABORT_CODE = 4242;

    private SimEndpoint server;
    private List<AppCall> accepted;
    private ScriptedPeer client;

    /** A server whose application answers every request with 7 bytes. */
    private void setUp(Sim sim) {
        world(sim);
        server = world.endpoint();
        accepted = world.echoService(server, SERVICE, req -> "replied".getBytes());
        client = world.scripted().target(server.address(), SERVICE);
    }

    /** A server whose application aborts every call with {@link #ABORT_CODE} once the request is read. */
    private void setUpAborting(Sim sim) {
        world(sim);
        server = world.endpoint();
        accepted = new ArrayList<>();
        world.serve(server, SERVICE, 16, accepted, app -> app.onEof(a -> a.abort(ABORT_CODE)));
        client = world.scripted().target(server.address(), SERVICE);
    }

    private void request(int channel, int callNumber) {
        client.send(client.data(channel, callNumber, 1, RxFlags.LAST_PACKET, world.bytes(20)));
    }

    private WirePacket awaitReply(int channel, int callNumber) {
        world.runUntilOrFail(() -> !replies(channel, callNumber).isEmpty(), 2 * S, "reply to call " + callNumber);
        return replies(channel, callNumber).get(0);
    }

    private List<WirePacket> replies(int channel, int callNumber) {
        return client.received(p -> p.is(PacketType.DATA) && p.channel() == channel && p.callNumber() == callNumber
                && p.has(RxFlags.LAST_PACKET));
    }

    private void finalAck(int channel, int callNumber, int lastSeq) {
        client.send(client.ack(channel, callNumber, 0,
                ScriptedPeer.hardAck(lastSeq + 1, 0, AckReason.IDLE)));
    }

    @SimTest
    void serviceCallIsCreatedByDataSeqOne(Sim sim) {
        setUp(sim);
        byte[] payload = world.bytes(100);
        client.send(client.data(0, 1, 1, RxFlags.LAST_PACKET, payload));
        WirePacket reply = awaitReply(0, 1);

        assertThat(accepted).hasSize(1);
        assertThat(accepted.get(0).received()).isEqualTo(payload);
        assertThat(accepted.get(0).call().isService()).isTrue();
        assertThat(reply.seq()).isEqualTo(1);
        assertThat(reply.isClientInitiated()).isFalse();
        assertThat(reply.header().cid()).isEqualTo(client.cid());
        assertThat(reply.epoch()).isEqualTo(client.epoch());
        assertThat(reply.payload()).isEqualTo("replied".getBytes());

        finalAck(0, 1, 1);
        world.runUntilOrFail(() -> accepted.get(0).isComplete(), S, "server call completes on the final ACK");
        assertThat(accepted.get(0).completionType()).isEqualTo(CompletionType.SUCCEEDED);
    }

    @SimTest
    void sameEpochAndConnectionIdFromTwoAddressesAreTwoConnections(Sim sim) {
        setUp(sim);
        ScriptedPeer twin = world.scripted().target(server.address(), SERVICE).epoch(client.epoch()).cid(client.cid());
        request(0, 1);
        twin.send(twin.data(0, 1, 1, RxFlags.LAST_PACKET, world.bytes(20)));
        world.runUntilOrFail(() -> accepted.size() == 2, S, "two calls");

        awaitReply(0, 1);
        world.runUntilOrFail(() -> !twin.received(PacketType.DATA).isEmpty(), S, "the twin's reply");
        assertThat(server.engine().liveConnections()).isEqualTo(2);
    }

    @SimTest
    void ackDoesNotCreateAServiceCall(Sim sim) {
        setUp(sim);
        client.send(client.ack(0, 1, 0, ScriptedPeer.hardAck(1, 0, AckReason.IDLE))); // unknown connection
        request(1, 1); // the connection now exists
        awaitReply(1, 1);
        client.clearInbox();
        client.send(client.ack(2, 1, RxFlags.REQUEST_ACK, ScriptedPeer.hardAck(1, 0, AckReason.IDLE))); // free channel
        world.runFor(200 * MS);

        assertThat(accepted).as("only the DATA made a call").hasSize(1);
        assertThat(client.received(p -> p.channel() == 2)).as("nothing answers an ACK for no call").isEmpty();
        assertThat(World.count(server, Counter.DROP_NO_CALL) + World.count(server, Counter.DROP_UNKNOWN_CONNECTION))
                .isEqualTo(2);
    }

    @SimTest
    void ackAllDoesNotCreateAServiceCall(Sim sim) {
        setUp(sim);
        client.send(client.empty(PacketType.ACKALL, 0, 1, 0));
        world.runFor(200 * MS);

        assertThat(accepted).isEmpty();
        assertThat(client.inbox()).isEmpty();
        assertThat(server.engine().liveCalls()).isZero();
    }

    @SimTest
    void busyDoesNotCreateAServiceCall(Sim sim) {
        setUp(sim);
        client.send(client.empty(PacketType.BUSY, 0, 1, 0));
        // and a server-style BUSY (no CLIENT_INITIATED) naming the same connection
        client.send(new RxPacket(client.header(PacketType.BUSY, 1, 1, 0, 0).withFlags(0), EmptyBody.EMPTY));
        world.runFor(200 * MS);

        assertThat(accepted).isEmpty();
        assertThat(client.inbox()).isEmpty();
        assertThat(server.engine().liveCalls()).isZero();
    }

    @SimTest
    void dataFarBeyondTheWindowDoesNotCreateAServiceCall(Sim sim) {
        setUp(sim);
        client.send(client.data(0, 1, 5000, RxFlags.LAST_PACKET, world.bytes(20)));
        world.runFor(200 * MS);

        assertThat(accepted).as("DATA seq 5000 of a call predating a restart starts nothing").isEmpty();
        assertThat(client.received(PacketType.DATA)).isEmpty();
        assertThat(server.engine().liveCalls()).isZero();

        request(0, 1); // the call number was not burnt
        awaitReply(0, 1);
        assertThat(accepted).hasSize(1);
    }

    @SimTest
    void dataWithSeqAboveOneWithoutACallIsDropped(Sim sim) {
        setUp(sim);
        client.send(client.data(0, 1, 2, RxFlags.LAST_PACKET, world.bytes(20)));
        world.runFor(200 * MS);

        assertThat(accepted).isEmpty();
        assertThat(client.inbox()).isEmpty();
        assertThat(World.count(server, Counter.DROP_NO_CALL)).isEqualTo(1);
    }

    @SimTest
    void lastCallNumberResendsTheCachedAbort(Sim sim) {
        setUpAborting(sim);
        request(0, 1);
        world.runUntilOrFail(() -> !client.received(PacketType.ABORT).isEmpty(), 2 * S, "the application's abort");
        assertThat(client.received(PacketType.ABORT).get(0).abortCode()).isEqualTo(ABORT_CODE);
        world.runUntilOrFail(() -> accepted.get(0).isComplete(), S, "server call done");

        client.clearInbox();
        request(0, 1); // the client did not see the abort and retransmits
        world.runFor(200 * MS);

        List<WirePacket> aborts = client.received(PacketType.ABORT);
        assertThat(aborts).as("the cached final packet of the last call is sent again").hasSize(1);
        assertThat(aborts.get(0).abortCode()).isEqualTo(ABORT_CODE);
        assertThat(aborts.get(0).callNumber()).isEqualTo(1);
        assertThat(aborts.get(0).isClientInitiated()).isFalse();
        assertThat(accepted).as("the call does not run again").hasSize(1);
        world.assertCount(server, Counter.CACHED_FINAL_RESENT, 1);
    }

    @SimTest
    void lastSucceededCallNumberIsDroppedOnAServiceConnection(Sim sim) {
        setUp(sim);
        request(0, 1);
        awaitReply(0, 1);
        finalAck(0, 1, 1);
        world.runUntilOrFail(() -> accepted.get(0).isComplete(), S, "server call done");
        client.clearInbox();

        request(0, 1);
        world.runFor(500 * MS);

        assertThat(client.inbox()).as("a succeeded service call answers nothing").isEmpty();
        assertThat(accepted).as("the call does not run again").hasSize(1);
    }

    @SimTest
    void olderCallNumberIsDropped(Sim sim) {
        setUpAborting(sim);
        request(0, 1);
        world.runUntilOrFail(() -> accepted.size() == 1 && accepted.get(0).isComplete(), 2 * S, "call 1 aborted");
        request(0, 2);
        world.runUntilOrFail(() -> accepted.size() == 2 && accepted.get(1).isComplete(), 2 * S, "call 2 aborted");
        world.runFor(10 * MS); // its ABORT arrives
        client.clearInbox();

        request(0, 1); // older than the last call: not even its cached ABORT
        world.runFor(500 * MS);

        assertThat(client.inbox()).isEmpty();
        assertThat(accepted).hasSize(2);
        world.assertCount(server, Counter.DROP_OLD_CALL, 1);
    }

    @SimTest
    void nextCallsDataCompletesThePreviousCallAwaitingItsAck(Sim sim) {
        setUp(sim);
        request(0, 1);
        awaitReply(0, 1);
        world.runFor(50 * MS);
        AppCall first = accepted.get(0);
        assertThat(first.call().state()).as("no final ACK yet").isEqualTo(CallState.SERVER_AWAIT_ACK);

        request(0, 2);
        world.runUntilOrFail(first::isComplete, S, "call 1 completed by call 2's DATA");

        assertThat(first.completionType()).isEqualTo(CompletionType.SUCCEEDED);
        awaitReply(0, 2);
        assertThat(accepted).hasSize(2);
        assertThat(client.received(p -> p.is(PacketType.ABORT))).isEmpty();
    }

    @SimTest
    void ackAllCompletesAServiceCallAwaitingItsAck(Sim sim) {
        setUp(sim);
        request(0, 1);
        awaitReply(0, 1);
        world.runFor(50 * MS);
        AppCall first = accepted.get(0);
        assertThat(first.call().state()).isEqualTo(CallState.SERVER_AWAIT_ACK);

        client.send(client.empty(PacketType.ACKALL, 0, 1, 0));
        world.runUntilOrFail(first::isComplete, S, "ACKALL completes the call");
        assertThat(first.completionType()).isEqualTo(CompletionType.SUCCEEDED);
    }

    @SimTest
    void softAckOfTheWholeReplyDoesNotCompleteAServiceCall(Sim sim) {
        setUp(sim);
        request(0, 1);
        WirePacket reply = awaitReply(0, 1);
        client.send(client.ack(0, 1, 0, ScriptedPeer.ackBody(1, reply.seq(), reply.serial(), AckReason.IDLE,
                ScriptedPeer.table("A"), 32)));
        world.runFor(2 * S);

        assertThat(accepted.get(0).isComplete()).as("only a hard ACK completes it (kernel rule)").isFalse();
        finalAck(0, 1, reply.seq());
        world.runUntilOrFail(() -> accepted.get(0).isComplete(), S, "the hard ACK does");
        assertThat(accepted.get(0).completionType()).isEqualTo(CompletionType.SUCCEEDED);
    }

    @SimTest
    void nextCallsDataKillsAnUnfinishedPreviousCall(Sim sim) {
        setUp(sim);
        client.send(client.data(0, 1, 1, 0, world.bytes(1412))); // the request is not complete
        world.runUntilOrFail(() -> accepted.size() == 1, S, "call 1 accepted");
        AppCall first = accepted.get(0);

        request(0, 2);
        world.runUntilOrFail(first::isComplete, S, "call 1 ended by call 2");
        world.runFor(10 * MS);

        assertThat(first.completionType()).isNotEqualTo(CompletionType.SUCCEEDED);
        assertThat(first.completion().abortCode()).isEqualTo(AbortCodes.RX_CALL_DEAD);
        List<WirePacket> aborts = client.received(p -> p.is(PacketType.ABORT) && p.callNumber() == 1);
        assertThat(aborts).as("the old call's ABORT is sent").hasSize(1);
        assertThat(aborts.get(0).abortCode()).isEqualTo(AbortCodes.RX_CALL_DEAD);
        awaitReply(0, 2);
        assertThat(accepted).hasSize(2);
    }

    @SimTest
    void serviceMaySendOnlyAfterTheWholeRequestArrived(Sim sim) {
        world(sim);
        server = world.endpoint();
        accepted = new ArrayList<>();
        world.serve(server, SERVICE, 4, accepted, app -> { });
        client = world.scripted().target(server.address(), SERVICE);
        client.send(client.data(0, 1, 1, 0, world.bytes(100)));
        world.runUntilOrFail(() -> accepted.size() == 1, S, "call accepted");

        assertThatThrownBy(() -> server.act(e -> accepted.get(0).call().send(Unpooled.wrappedBuffer(new byte[10]),
                true, world.nowNs()))).isInstanceOf(IllegalStateException.class);
        assertThat(client.received(PacketType.DATA)).isEmpty();
    }

    @SimTest
    void unsupportedSecurityIndexIsAbortedWithInvalidOperation(Sim sim) {
        setUp(sim);
        client.securityIndex(2);
        request(1, 1);
        world.runFor(200 * MS);

        assertThat(client.inbox()).hasSize(1);
        WirePacket abort = client.inbox().get(0);
        assertThat(abort.type()).isEqualTo(PacketType.ABORT);
        assertThat(abort.abortCode()).isEqualTo(AbortCodes.RX_INVALID_OPERATION);
        assertThat(abort.serial()).isZero();
        assertThat(abort.isClientInitiated()).isFalse();
        assertThat(accepted).isEmpty();
        world.assertCount(server, Counter.ABORT_UNSUPPORTED_SECURITY, 1);
    }
}
