package org.rxrpc4j.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.rxrpc4j.sim.Sim;
import org.rxrpc4j.sim.SimEndpoint;
import org.rxrpc4j.sim.SimTest;
import org.rxrpc4j.trace.Counter;
import org.rxrpc4j.wire.AbortCodes;
import org.rxrpc4j.wire.ChallengeBody;
import org.rxrpc4j.wire.PacketType;
import org.rxrpc4j.wire.ResponseBody;
import org.rxrpc4j.wire.RxFlags;
import org.rxrpc4j.wire.RxHeader;
import org.rxrpc4j.wire.RxPacket;
import org.rxrpc4j.wire.VersionBody;

/**
 * The inbound packet router's rules (rx-protocol.md §2, §5.4, §6.3, §6.7; brief "Router chain"):
 * each malformed, misdirected or unserviceable packet is dropped or answered exactly as the rule
 * says, and counted.
 */
class RouterRulesSimTest extends RulesSimBase {

    private SimEndpoint server;
    private List<AppCall> accepted;
    private ScriptedPeer client;

    private void setUp(Sim sim) {
        world(sim);
        server = world.endpoint();
        accepted = world.echoService(server, SERVICE, req -> req);
        client = world.scripted().target(server.address(), SERVICE);
    }

    /** Asserts that {@code abort} is a raw abort answering a packet of {@code client}'s. */
    private void assertRawAbort(WirePacket abort, int callNumber, int channel, int serviceId, int code) {
        assertThat(abort.type()).as("%s", abort).isEqualTo(PacketType.ABORT);
        assertThat(abort.abortCode()).as("abort code").isEqualTo(code);
        assertThat(abort.serial()).as("a raw abort has serial 0").isZero();
        assertThat(abort.seq()).as("seq").isZero();
        assertThat(abort.isClientInitiated()).as("CLIENT_INITIATED is inverted").isFalse();
        assertThat(abort.epoch()).isEqualTo(client.epoch());
        assertThat(abort.header().cid()).isEqualTo(client.cid() | channel);
        assertThat(abort.callNumber()).isEqualTo(callNumber);
        assertThat(abort.header().serviceId()).isEqualTo(serviceId);
        assertThat(abort.header().securityIndex()).isZero();
    }

    @SimTest
    void dataWithCallNumberZeroIsAbortedAsProtocolError(Sim sim) {
        setUp(sim);
        client.send(client.data(1, 0, 1, RxFlags.LAST_PACKET, world.bytes(10)));
        world.runFor(100 * MS);

        assertThat(client.inbox()).as("exactly one answer").hasSize(1);
        assertRawAbort(client.inbox().get(0), 0, 1, SERVICE, AbortCodes.RX_PROTOCOL_ERROR);
        world.assertCount(server, Counter.DROP_ZERO_CALL_NUMBER, 1);
        world.assertCount(server, Counter.ABORT_PROTOCOL_ERROR, 1);
        assertThat(accepted).isEmpty();
    }

    @SimTest
    void dataWithSeqZeroIsAbortedAsProtocolError(Sim sim) {
        setUp(sim);
        client.send(client.data(0, 1, 0, RxFlags.LAST_PACKET, world.bytes(10)));
        world.runFor(100 * MS);

        assertThat(client.inbox()).as("exactly one answer").hasSize(1);
        assertRawAbort(client.inbox().get(0), 1, 0, SERVICE, AbortCodes.RX_PROTOCOL_ERROR);
        world.assertCount(server, Counter.DROP_ZERO_SEQ, 1);
        world.assertCount(server, Counter.ABORT_PROTOCOL_ERROR, 1);
        assertThat(accepted).isEmpty();
    }

    @SimTest
    void ackWithCallNumberZeroIsAbortedAsProtocolError(Sim sim) {
        setUp(sim);
        client.send(client.ack(2, 0, 0, ScriptedPeer.hardAck(1, 0, 9)));
        world.runFor(100 * MS);

        assertThat(client.inbox()).hasSize(1);
        assertRawAbort(client.inbox().get(0), 0, 2, SERVICE, AbortCodes.RX_PROTOCOL_ERROR);
    }

    @SimTest
    void unknownPacketTypeIsCountedAndDropped(Sim sim) {
        setUp(sim);
        for (int type : new int[] {0, 12, 14, 99, 255}) {
            byte[] raw = ScriptedPeer.encode(client.empty(PacketType.BUSY, 0, 1, 0));
            raw[20] = (byte) type;
            client.sendRaw(raw);
        }
        world.runFor(100 * MS);

        assertThat(client.inbox()).as("nothing answers a packet of unknown type").isEmpty();
        world.assertCount(server, Counter.DROP_UNKNOWN_TYPE, 5);
    }

    @SimTest
    void truncatedHeaderIsCountedAndDropped(Sim sim) {
        setUp(sim);
        byte[] raw = ScriptedPeer.encode(client.data(0, 1, 1, RxFlags.LAST_PACKET, new byte[0]));
        client.sendRaw(java.util.Arrays.copyOf(raw, RxHeader.SIZE - 1));
        client.sendRaw(new byte[0]);
        world.runFor(100 * MS);

        assertThat(client.inbox()).isEmpty();
        world.assertCount(server, Counter.DROP_TRUNCATED_HEADER, 2);
        assertThat(accepted).isEmpty();
    }

    @SimTest
    void busyToAServerIsDropped(Sim sim) {
        setUp(sim);
        client.send(client.empty(PacketType.BUSY, 0, 1, 0)); // CLIENT_INITIATED: a client sending BUSY
        world.runFor(100 * MS);

        assertThat(client.inbox()).as("a BUSY from a client is neither answered nor aborted").isEmpty();
        world.assertCount(server, Counter.DROP_WRONG_DIRECTION, 1);
        assertThat(accepted).isEmpty();
    }

    @SimTest
    void challengeToAServerIsDropped(Sim sim) {
        setUp(sim);
        client.send(new RxPacket(client.header(PacketType.CHALLENGE, 0, 0, 0, 0), ChallengeBody.v2(42, 1)));
        world.runFor(100 * MS);

        assertThat(client.inbox()).isEmpty();
        world.assertCount(server, Counter.DROP_WRONG_DIRECTION, 1);
    }

    @SimTest
    void responseToAClientIsDropped(Sim sim) {
        world(sim);
        SimEndpoint realClient = world.endpoint();
        ScriptedPeer scriptedServer = world.scripted();
        AppCall call = world.call(realClient, scriptedServer.address(), SERVICE, world.bytes(100));
        world.runUntilOrFail(() -> !scriptedServer.received(PacketType.DATA).isEmpty(), S, "request DATA");
        WirePacket request = scriptedServer.received(PacketType.DATA).get(0);

        int before = world.tap().from(realClient.address()).size();
        RxHeader h = scriptedServer.replyHeader(request, PacketType.RESPONSE, 0, 0);
        RxHeader connLevel = new RxHeader(h.epoch(), h.connectionId(), 0, 0, h.serial(), PacketType.RESPONSE, 0, 0,
                0, 0, h.serviceId());
        scriptedServer.sendTo(realClient.address(), new RxPacket(connLevel,
                new ResponseBody(ResponseBody.VERSION_2, 0, new byte[ResponseBody.ENCRYPTED_LENGTH], 1, new byte[8])));
        world.runFor(10 * MS);

        assertThat(world.count(realClient, Counter.DROP_WRONG_DIRECTION)).as("RESPONSE to a client").isEqualTo(1);
        assertThat(world.tap().from(realClient.address()).subList(before, world.tap().from(realClient.address()).size()))
                .as("no ABORT answers it").noneMatch(p -> p.is(PacketType.ABORT));
        assertThat(call.isComplete()).as("the call goes on").isFalse();
    }

    @SimTest
    void unknownServiceIsAbortedWithInvalidOperation(Sim sim) {
        setUp(sim);
        client.serviceId(999);
        client.send(client.data(2, 1, 1, RxFlags.LAST_PACKET, world.bytes(10)));
        world.runFor(100 * MS);

        assertThat(client.inbox()).hasSize(1);
        assertRawAbort(client.inbox().get(0), 1, 2, 999, AbortCodes.RX_INVALID_OPERATION);
        world.assertCount(server, Counter.ABORT_UNKNOWN_SERVICE, 1);
        assertThat(accepted).isEmpty();
        assertThat(server.engine().liveCalls()).isZero();
    }

    @SimTest
    void abortIsNeverAnsweredWithAnAbort(Sim sim) {
        setUp(sim);
        client.send(client.abort(0, 1, -1)); // call abort on a connection the server never saw
        client.send(client.abort(0, 0, -1)); // connection abort of an unknown connection
        client.serviceId(999);
        client.send(client.abort(1, 1, -5)); // to a service not offered
        client.serviceId(SERVICE).securityIndex(7);
        client.send(client.abort(3, 1, -5)); // with a security index the server does not support
        world.runFor(100 * MS);

        assertThat(client.inbox()).as("an ABORT is never answered with an ABORT").isEmpty();
        world.assertCount(server, Counter.ABORTS_SENT, 0);
        world.assertCount(server, Counter.DROP_ABORT_NOT_ANSWERED, 4);
    }

    @SimTest
    void versionRequestIsAnsweredWithA65ByteReply(Sim sim) {
        setUp(sim);
        RxHeader h = new RxHeader(client.epoch(), client.cid() | 3, 7, 0, 55, PacketType.VERSION,
                RxFlags.CLIENT_INITIATED, 0, 0, 0, 4321);
        client.send(new RxPacket(h, VersionBody.request()));
        world.runFor(100 * MS);

        assertThat(client.inbox()).hasSize(1);
        WirePacket reply = client.inbox().get(0);
        assertThat(reply.type()).isEqualTo(PacketType.VERSION);
        assertThat(reply.flags()).as("flags are LAST_PACKET only").isEqualTo(RxFlags.LAST_PACKET);
        assertThat(reply.serial()).isZero();
        assertThat(reply.seq()).isZero();
        assertThat(reply.epoch()).isEqualTo(h.epoch());
        assertThat(reply.header().cid()).isEqualTo(h.cid());
        assertThat(reply.callNumber()).isEqualTo(7);
        assertThat(reply.header().serviceId()).isEqualTo(4321);
        assertThat(reply.bodyLength()).isEqualTo(VersionBody.REPLY_LENGTH);
        assertThat(reply.version().versionString()).startsWith("rxrpc4j");
        assertThat(reply.version().bytes()[VersionBody.REPLY_LENGTH - 1]).as("NUL-terminated").isZero();
        world.assertCount(server, Counter.VERSION_REPLIES_SENT, 1);
    }

    @SimTest
    void versionWithoutClientInitiatedIsNotAnswered(Sim sim) {
        setUp(sim);
        RxHeader h = new RxHeader(client.epoch(), client.cid(), 0, 0, 0, PacketType.VERSION, RxFlags.LAST_PACKET, 0,
                0, 0, 0);
        client.send(new RxPacket(h, VersionBody.reply("someone else 1.0")));
        client.send(new RxPacket(h.withFlags(0), VersionBody.request()));
        world.runFor(100 * MS);

        assertThat(client.inbox()).as("a VERSION reply (or keepalive) is never answered: no loops").isEmpty();
        world.assertCount(server, Counter.VERSION_REPLIES_SENT, 0);
    }

    @SimTest
    void versionRequestWithNonZeroFirstByteIsNotAnswered(Sim sim) {
        setUp(sim);
        RxHeader h = new RxHeader(client.epoch(), client.cid(), 0, 0, 0, PacketType.VERSION,
                RxFlags.CLIENT_INITIATED, 0, 0, 0, 0);
        client.send(new RxPacket(h, VersionBody.of("x".getBytes(StandardCharsets.US_ASCII))));
        world.runFor(100 * MS);

        assertThat(client.inbox()).isEmpty();
        world.assertCount(server, Counter.VERSION_REPLIES_SENT, 0);
    }

    @SimTest
    void paramsPacketIsCountedAndDropped(Sim sim) {
        setUp(sim);
        client.send(client.empty(PacketType.PARAMS, 0, 1, 0));
        client.send(client.empty(PacketType.PARAMS_3, 0, 1, 0));
        world.runFor(100 * MS);

        assertThat(client.inbox()).isEmpty();
        world.assertCount(server, Counter.DROP_PARAMS, 2);
    }

    @SimTest
    void severalServicesOnOneEndpointServeTheirOwnCalls(Sim sim) {
        world(sim);
        SimEndpoint server2 = world.endpoint();
        List<AppCall> a = world.echoService(server2, 1001, req -> "service A".getBytes(StandardCharsets.US_ASCII));
        List<AppCall> b = world.echoService(server2, 2002, req -> "service B".getBytes(StandardCharsets.US_ASCII));
        SimEndpoint realClient = world.endpoint();

        List<AppCall> calls = new ArrayList<>();
        calls.add(world.call(realClient, server2.address(), 1001, world.bytes(10)));
        calls.add(world.call(realClient, server2.address(), 2002, world.bytes(10)));
        calls.add(world.call(realClient, server2.address(), 1001, world.bytes(3000)));
        world.runUntilOrFail(() -> calls.stream().allMatch(c -> c.isComplete() && c.eof()), 5 * S, "all calls done");

        assertThat(calls).allSatisfy(c -> assertThat(c.completion().succeeded()).isTrue());
        assertThat(new String(calls.get(0).received(), StandardCharsets.US_ASCII)).isEqualTo("service A");
        assertThat(new String(calls.get(1).received(), StandardCharsets.US_ASCII)).isEqualTo("service B");
        assertThat(new String(calls.get(2).received(), StandardCharsets.US_ASCII)).isEqualTo("service A");
        assertThat(a).hasSize(2);
        assertThat(b).hasSize(1);
        // each service's DATA carries its own service ID, so the two are separate connections
        assertThat(world.tap().from(realClient.address())).filteredOn(p -> p.is(PacketType.DATA))
                .extracting(p -> p.header().serviceId()).containsOnly(1001, 2002);
    }
}
