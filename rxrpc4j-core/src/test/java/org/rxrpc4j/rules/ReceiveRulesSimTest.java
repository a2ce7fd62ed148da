package org.rxrpc4j.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.rxrpc4j.call.CompletionType;
import org.rxrpc4j.config.RxConfig;
import org.rxrpc4j.sim.LinkModel;
import org.rxrpc4j.sim.Sim;
import org.rxrpc4j.sim.SimEndpoint;
import org.rxrpc4j.sim.SimTest;
import org.rxrpc4j.wire.AckReason;
import org.rxrpc4j.wire.PacketType;
import org.rxrpc4j.wire.RxFlags;

/**
 * The receiver's rules (rx-protocol.md §4, §7.1; brief "Receive"): in-order, once-only delivery,
 * a receive window that follows the application, and tolerance of nonsense in the peer's ACK
 * trailer.
 */
class ReceiveRulesSimTest extends RulesSimBase {

    private static final int DATA_LEN = RxConfig.defaults().maxDataPerPacket();

    @SimTest
    void reorderedAndDuplicatedDataIsDeliveredOnceInOrder(Sim sim) {
        world(sim);
        SimEndpoint server = world.endpoint();
        List<AppCall> accepted = world.echoService(server, SERVICE, req -> new byte[] {1});
        ScriptedPeer client = world.scripted().target(server.address(), SERVICE);
        byte[] request = world.bytes(4 * DATA_LEN + 100);
        byte[][] parts = new byte[5][];
        for (int i = 0; i < 5; i++) {
            parts[i] = Arrays.copyOfRange(request, i * DATA_LEN, Math.min(request.length, (i + 1) * DATA_LEN));
        }
        for (int seq : new int[] {3, 1, 2, 2, 1, 5, 3, 4, 4}) {
            client.send(client.data(0, 1, seq, seq == 5 ? RxFlags.LAST_PACKET : 0, parts[seq - 1]));
            world.runFor(MS);
        }
        world.runUntilOrFail(() -> accepted.size() == 1 && accepted.get(0).eof(), S, "request read");

        assertThat(accepted.get(0).received()).isEqualTo(request);
        assertThat(client.received(p -> p.is(PacketType.DATA) && p.has(RxFlags.LAST_PACKET))).hasSize(1);
    }

    @SimTest
    void receiveWindowFollowsTheApplicationAndBoundsMemory(Sim sim) {
        world(sim);
        RxConfig config = RxConfig.defaults();
        SimEndpoint server = world.endpoint(config);
        List<AppCall> accepted = new ArrayList<>();
        world.serve(server, SERVICE, 4, accepted, app -> {
            app.reading(false); // an application that does not read
            app.onEof(a -> a.send(new byte[] {42}, true));
        });
        SimEndpoint client = world.endpoint(config);
        world.linkBoth(client.address(), server.address(), LinkModel.perfect().delay(MS));
        int packets = 2000;
        byte[] request = world.bytes(packets * DATA_LEN);
        AppCall call = world.call(client, server.address(), SERVICE, request);

        long peakBytes = 0;
        for (int i = 0; i < 50; i++) { // 5 s of a stalled reader
            world.runFor(100 * MS);
            peakBytes = Math.max(peakBytes, client.bytesInUse() + server.bytesInUse());
        }
        int highestSent = world.tap().where(p -> p.from().equals(client.address()) && p.is(PacketType.DATA))
                .stream().mapToInt(WirePacket::seq).max().orElse(0);
        assertThat(highestSent).as("the sender is held at the window").isLessThanOrEqualTo(config.rxWindow() + 4);
        // the datagrams the server keeps were allocated by the client: count both ends
        long bound = (long) (config.rxWindow() * 2 + config.txBufferPackets()) * (DATA_LEN + 100);
        assertThat(peakBytes).as("memory stays bounded while the reader stalls").isLessThan(bound);
        assertThat(call.isComplete()).as("a stalled reader does not kill the call").isFalse();
        int minRwind = world.tap().where(p -> p.from().equals(server.address()) && p.is(PacketType.ACK)).stream()
                .mapToInt(p -> p.ack().trailer().rwind()).min().orElse(Integer.MAX_VALUE);
        assertThat(minRwind).as("the advertised window closes").isLessThanOrEqualTo(4);

        accepted.get(0).reading(true);
        world.runUntilOrFail(() -> call.isComplete() && call.eof(), 120 * S, "flow resumes and the call completes");
        assertThat(call.completionType()).isEqualTo(CompletionType.SUCCEEDED);
        assertThat(World.sha256(accepted.get(0).received())).isEqualTo(World.sha256(request));
    }

    @SimTest
    void mtuBelowTheHeaderSizeInAnAckTrailerBreaksNothing(Sim sim) {
        world(sim);
        SimEndpoint client = world.endpoint();
        ScriptedReceiver receiver = new ScriptedReceiver(world.scripted());
        receiver.maxMtu = 10;
        receiver.ifMtu = 0;
        byte[] request = world.bytes(20 * DATA_LEN);
        AppCall call = world.call(client, receiver.peer.address(), SERVICE, request);
        world.runUntilOrFail(() -> call.isComplete() && call.eof(), 60 * S, "call");

        assertThat(call.completionType()).isEqualTo(CompletionType.SUCCEEDED);
        assertThat(receiver.requestBytes()).isEqualTo(request);
        assertThat(world.tap().where(p -> p.from().equals(client.address()) && p.is(PacketType.DATA)))
                .as("every DATA packet still carries data").allMatch(p -> p.bodyLength() > 0);
    }

    @SimTest
    void rwindZeroInAnAckTrailerBreaksNothing(Sim sim) {
        world(sim);
        SimEndpoint client = world.endpoint();
        ScriptedReceiver receiver = new ScriptedReceiver(world.scripted());
        receiver.rwind = 0;
        byte[] request = world.bytes(20 * DATA_LEN);
        AppCall call = world.call(client, receiver.peer.address(), SERVICE, request);
        world.runUntilOrFail(() -> call.isComplete() && call.eof(), 60 * S, "rwind 0 counts as 1");

        assertThat(call.completionType()).isEqualTo(CompletionType.SUCCEEDED);
        assertThat(receiver.requestBytes()).isEqualTo(request);
    }

    @SimTest
    void clientReadsTheReplyAfterTheCallCompleted(Sim sim) {
        world(sim);
        SimEndpoint server = world.endpoint();
        byte[] reply = world.bytes(3 * DATA_LEN);
        world.echoService(server, SERVICE, req -> reply);
        SimEndpoint client = world.endpoint();
        AppCall call = world.call(client, server.address(), SERVICE, new byte[0]);
        call.reading(false);
        world.runUntilOrFail(call::isComplete, 5 * S, "call completes with its data unread");
        assertThat(call.completionType()).isEqualTo(CompletionType.SUCCEEDED);
        assertThat(client.engine().liveCalls()).as("unread data keeps the call live").isEqualTo(1);

        call.reading(true);
        world.runUntilOrFail(call::eof, S, "read to the end");
        assertThat(call.received()).isEqualTo(reply);
        world.runFor(10 * MS);
        assertThat(client.engine().liveCalls()).isZero();
    }
}
