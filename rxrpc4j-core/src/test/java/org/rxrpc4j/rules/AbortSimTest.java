package org.rxrpc4j.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.rxrpc4j.call.CompletionType;
import org.rxrpc4j.sim.Sim;
import org.rxrpc4j.sim.SimEndpoint;
import org.rxrpc4j.sim.SimTest;
import org.rxrpc4j.wire.AbortBody;
import org.rxrpc4j.wire.AbortCodes;
import org.rxrpc4j.wire.PacketType;
import org.rxrpc4j.wire.RxFlags;
import org.rxrpc4j.wire.RxHeader;
import org.rxrpc4j.wire.RxPacket;

/**
 * Aborts (rx-protocol.md §5.1, §6.7; brief "Aborts"): an application's abort reaches the other
 * side with its code, a connection ABORT ends every call of the connection, and protocol errors
 * abort with RX_PROTOCOL_ERROR.
 */
class AbortSimTest extends RulesSimBase {

    @SimTest
    void clientAbortReachesTheServerWithItsCode(Sim sim) {
        world(sim);
        SimEndpoint server = world.endpoint();
        List<AppCall> accepted = new ArrayList<>();
        world.serve(server, SERVICE, 4, accepted, app -> { });
        SimEndpoint client = world.endpoint();
        AppCall call = world.call(client, server.address(), SERVICE, world.bytes(3000), false);
        world.runUntilOrFail(() -> accepted.size() == 1, S, "call accepted");

        call.abort(1234);
        world.runUntilOrFail(() -> accepted.get(0).isComplete(), S, "the server hears of it");

        assertThat(call.completionType()).isEqualTo(CompletionType.LOCALLY_ABORTED);
        assertThat(call.completion().abortCode()).isEqualTo(1234);
        assertThat(accepted.get(0).completionType()).isEqualTo(CompletionType.REMOTELY_ABORTED);
        assertThat(accepted.get(0).completion().abortCode()).isEqualTo(1234);
        List<WirePacket> aborts = world.tap().where(p -> p.from().equals(client.address()) && p.is(PacketType.ABORT));
        assertThat(aborts).hasSize(1);
        WirePacket a = aborts.get(0);
        assertThat(a.isClientInitiated()).isTrue();
        assertThat(a.seq()).isZero();
        assertThat(a.serial()).isNotZero();
        assertThat(a.callNumber()).isEqualTo(call.call().callNumber());
        world.runFor(S);
        assertThat(world.tap().where(p -> p.from().equals(server.address()) && p.is(PacketType.ABORT)))
                .as("an ABORT is not answered").isEmpty();
    }

    @SimTest
    void serverAbortReachesTheClientWithItsCode(Sim sim) {
        world(sim);
        SimEndpoint server = world.endpoint();
        List<AppCall> accepted = new ArrayList<>();
        world.serve(server, SERVICE, 4, accepted, app -> app.onEof(a -> a.abort(AbortCodes.RXGEN_OPCODE)));
        SimEndpoint client = world.endpoint();
        AppCall call = world.call(client, server.address(), SERVICE, world.bytes(3000));
        world.runUntilOrFail(call::isComplete, 2 * S, "the client hears of it");

        assertThat(call.completionType()).isEqualTo(CompletionType.REMOTELY_ABORTED);
        assertThat(call.completion().abortCode()).isEqualTo(AbortCodes.RXGEN_OPCODE);
        assertThat(accepted.get(0).completionType()).isEqualTo(CompletionType.LOCALLY_ABORTED);
        assertThat(accepted.get(0).completion().abortCode()).isEqualTo(AbortCodes.RXGEN_OPCODE);
        List<WirePacket> aborts = world.tap().where(p -> p.from().equals(server.address()) && p.is(PacketType.ABORT));
        assertThat(aborts).hasSize(1);
        assertThat(aborts.get(0).isClientInitiated()).isFalse();
    }

    @SimTest
    void connectionAbortEndsEveryCallOnAClientConnection(Sim sim) {
        world(sim);
        SimEndpoint client = world.endpoint();
        ScriptedPeer server = world.scripted();
        List<AppCall> calls = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            calls.add(world.call(client, server.address(), SERVICE, world.bytes(100)));
        }
        world.runUntilOrFail(() -> server.received(PacketType.DATA).size() >= 3, S, "3 requests");
        WirePacket req = server.received(PacketType.DATA).get(0);

        RxHeader h = server.replyHeader(req, PacketType.ABORT, 0, 0);
        RxHeader connAbort = new RxHeader(h.epoch(), h.connectionId(), 0, 0, h.serial(), PacketType.ABORT, 0, 0,
                h.securityIndex(), 0, h.serviceId());
        server.sendTo(client.address(), new RxPacket(connAbort, new AbortBody(77)));
        world.runUntilOrFail(() -> calls.stream().allMatch(AppCall::isComplete), S, "every call ends");

        assertThat(calls).allSatisfy(c -> {
            assertThat(c.completionType()).isEqualTo(CompletionType.REMOTELY_ABORTED);
            assertThat(c.completion().abortCode()).isEqualTo(77);
        });
        world.runFor(S);
        assertThat(server.received(PacketType.ABORT)).as("a connection ABORT is not answered").isEmpty();
    }

    @SimTest
    void connectionAbortEndsEveryCallOnAServiceConnection(Sim sim) {
        world(sim);
        SimEndpoint server = world.endpoint();
        List<AppCall> accepted = new ArrayList<>();
        world.serve(server, SERVICE, 4, accepted, app -> { });
        ScriptedPeer client = world.scripted().target(server.address(), SERVICE);
        for (int ch = 0; ch < 3; ch++) {
            client.send(client.data(ch, 1, 1, 0, world.bytes(50)));
        }
        world.runUntilOrFail(() -> accepted.size() == 3, S, "3 calls");

        client.send(client.abort(0, 0, 88));
        world.runUntilOrFail(() -> accepted.stream().allMatch(AppCall::isComplete), S, "every call ends");

        assertThat(accepted).allSatisfy(c -> {
            assertThat(c.completionType()).isEqualTo(CompletionType.REMOTELY_ABORTED);
            assertThat(c.completion().abortCode()).isEqualTo(88);
        });
        world.runFor(S);
        assertThat(client.received(PacketType.ABORT)).isEmpty();
    }

    @SimTest
    void replyBeforeTheWholeRequestWasSentIsAProtocolError(Sim sim) {
        world(sim);
        SimEndpoint client = world.endpoint();
        ScriptedPeer server = world.scripted(); // ACKs nothing, so the request cannot finish
        AppCall call = world.call(client, server.address(), SERVICE, world.bytes(50 * 1412));
        world.runUntilOrFail(() -> !server.received(PacketType.DATA).isEmpty(), S, "request starts");
        WirePacket req = server.received(PacketType.DATA).get(0);

        server.sendTo(client.address(), server.replyData(req, 1, RxFlags.LAST_PACKET, new byte[4]));
        world.runUntilOrFail(call::isComplete, S, "the call aborts");
        world.runFor(10 * MS); // the ABORT is on its way

        assertThat(call.completionType()).isEqualTo(CompletionType.LOCALLY_ABORTED);
        assertThat(call.completion().abortCode()).isEqualTo(AbortCodes.RX_PROTOCOL_ERROR);
        List<WirePacket> aborts = server.received(PacketType.ABORT);
        assertThat(aborts).hasSize(1);
        assertThat(aborts.get(0).abortCode()).isEqualTo(AbortCodes.RX_PROTOCOL_ERROR);
    }
}
