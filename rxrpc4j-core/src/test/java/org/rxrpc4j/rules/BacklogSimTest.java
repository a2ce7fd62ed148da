package org.rxrpc4j.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.rxrpc4j.call.Call;
import org.rxrpc4j.call.CallListener;
import org.rxrpc4j.call.CompletionType;
import org.rxrpc4j.sim.Sim;
import org.rxrpc4j.sim.SimEndpoint;
import org.rxrpc4j.sim.SimTest;
import org.rxrpc4j.trace.Counter;
import org.rxrpc4j.wire.EmptyBody;
import org.rxrpc4j.wire.PacketType;
import org.rxrpc4j.wire.RxFlags;
import org.rxrpc4j.wire.RxPacket;

/**
 * Service backlogs (rx-protocol.md §5.2, §6.3; brief "Local endpoint"): each service holds a
 * bounded number of calls the application has not accepted; beyond it a new call is answered
 * BUSY and not created. A client treats BUSY as a sign of life.
 */
class BacklogSimTest extends RulesSimBase {

    private SimEndpoint server;
    private ScriptedPeer client;
    private final List<Integer> incoming = new ArrayList<>();

    /** A server offering {@code services} with backlog 1 each, whose application accepts nothing by itself. */
    private void setUp(Sim sim, int... services) {
        world(sim);
        server = world.endpoint();
        for (int s : services) {
            server.act(e -> e.addService(s, 1, (ep, sid) -> incoming.add(sid)));
        }
        client = world.scripted().target(server.address(), services[0]);
    }

    private void request(int channel, int callNumber) {
        client.send(client.data(channel, callNumber, 1, RxFlags.LAST_PACKET, world.bytes(20)));
    }

    @SimTest
    void fullBacklogAnswersBusyAndCreatesNoCall(Sim sim) {
        setUp(sim, SERVICE);
        request(0, 1);
        world.runFor(50 * MS);
        assertThat(incoming).as("the first call waits in the backlog").containsExactly(SERVICE);
        client.clearInbox();

        request(1, 1);
        world.runFor(50 * MS);

        List<WirePacket> busy = client.received(PacketType.BUSY);
        assertThat(busy).as("BUSY for the call beyond the backlog%s", world.wire(10)).hasSize(1);
        WirePacket b = busy.get(0);
        assertThat(b.bodyLength()).as("header only").isZero();
        assertThat(b.serial()).isZero();
        assertThat(b.seq()).isZero();
        assertThat(b.isClientInitiated()).as("CLIENT_INITIATED inverted").isFalse();
        assertThat(b.epoch()).isEqualTo(client.epoch());
        assertThat(b.header().cid()).isEqualTo(client.cid() | 1);
        assertThat(b.callNumber()).isEqualTo(1);
        assertThat(b.header().serviceId()).isEqualTo(SERVICE);
        assertThat(client.received(PacketType.ABORT)).isEmpty();
        assertThat(incoming).as("no second call").hasSize(1);
        world.assertCount(server, Counter.BUSY_BACKLOG_FULL, 1);
        world.assertCount(server, Counter.BUSIES_SENT, 1);
        assertThat(server.engine().liveCalls()).isEqualTo(1);
    }

    @SimTest
    void acceptingACallFreesItsBacklogSlot(Sim sim) {
        setUp(sim, SERVICE);
        request(0, 1);
        world.runFor(50 * MS);
        Call first = server.call(e -> e.accept(SERVICE, new CallListener() { }));
        assertThat(first).isNotNull();

        request(1, 1);
        world.runFor(50 * MS);

        assertThat(client.received(PacketType.BUSY)).isEmpty();
        assertThat(incoming).hasSize(2);
        Call second = server.call(e -> e.accept(SERVICE, new CallListener() { }));
        assertThat(second).isNotNull();
        assertThat(second.channel()).isEqualTo(1);
        Call none = server.call(e -> e.accept(SERVICE, new CallListener() { }));
        assertThat(none).as("backlog now empty").isNull();
    }

    @SimTest
    void eachServiceHasItsOwnBacklog(Sim sim) {
        setUp(sim, SERVICE, SERVICE + 1);
        request(0, 1); // fills SERVICE's backlog
        world.runFor(50 * MS);

        ScriptedPeer other = world.scripted().target(server.address(), SERVICE + 1);
        other.send(other.data(0, 1, 1, RxFlags.LAST_PACKET, world.bytes(20)));
        world.runFor(50 * MS);

        assertThat(other.received(PacketType.BUSY)).as("the other service still has room").isEmpty();
        assertThat(incoming).containsExactly(SERVICE, SERVICE + 1);
    }

    @SimTest
    void busyIsIgnoredByAClientCall(Sim sim) {
        world(sim);
        SimEndpoint realClient = world.endpoint();
        ScriptedPeer scriptedServer = world.scripted();
        AppCall call = world.call(realClient, scriptedServer.address(), SERVICE, world.bytes(10));
        world.runUntilOrFail(() -> !scriptedServer.received(PacketType.DATA).isEmpty(), S, "request");
        WirePacket req = scriptedServer.received(PacketType.DATA).get(0);

        RxPacket busy = new RxPacket(scriptedServer.replyHeader(req, PacketType.BUSY, 0, 0).withSerial(0),
                EmptyBody.EMPTY);
        scriptedServer.sendTo(realClient.address(), busy);
        scriptedServer.sendTo(realClient.address(), busy);
        world.runFor(300 * MS);

        assertThat(call.isComplete()).as("BUSY does not end a client call").isFalse();
        assertThat(World.count(realClient, Counter.BUSIES_RECEIVED)).isEqualTo(2);

        scriptedServer.sendTo(realClient.address(), scriptedServer.replyData(req, 1, RxFlags.LAST_PACKET,
                "ok".getBytes()));
        world.runUntilOrFail(() -> call.isComplete() && call.eof(), S, "the reply completes the call");
        assertThat(call.completionType()).isEqualTo(CompletionType.SUCCEEDED);
        assertThat(call.received()).isEqualTo("ok".getBytes());
    }
}
