package org.rxrpc4j.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.rxrpc4j.call.CompletionType;
import org.rxrpc4j.config.RxConfig;
import org.rxrpc4j.sim.LinkModel;
import org.rxrpc4j.sim.Sim;
import org.rxrpc4j.sim.SimEndpoint;
import org.rxrpc4j.sim.SimTest;
import org.rxrpc4j.wire.AbortCodes;
import org.rxrpc4j.wire.AckBody;
import org.rxrpc4j.wire.AckReason;
import org.rxrpc4j.wire.AckTrailer;
import org.rxrpc4j.wire.PacketType;

/**
 * Dead peers (rx-protocol.md §6.8, §7.6; brief "Dead peers"): a call whose peer falls silent ends
 * NETWORK_ERROR / RX_CALL_DEAD within the normal timeout, on either side; nonsense ACKs from a
 * restarted peer do not keep it alive; keepalive PINGs do keep a slow but live call going.
 */
class DeadPeerSimTest extends RulesSimBase {

    private static final long NORMAL = RxConfig.defaults().normalTimeoutNs();

    private static void assertDead(AppCall c) {
        assertThat(c.completionType()).as("%s", c.completion()).isEqualTo(CompletionType.NETWORK_ERROR);
        assertThat(c.completion().abortCode()).isEqualTo(AbortCodes.RX_CALL_DEAD);
    }

    @SimTest
    void clientCallFailsWhenTheServerFallsSilent(Sim sim) {
        world(sim);
        SimEndpoint server = world.endpoint();
        List<AppCall> accepted = new ArrayList<>();
        world.serve(server, SERVICE, 4, accepted, app -> { }); // reads, never replies
        SimEndpoint client = world.endpoint();
        AppCall call = world.call(client, server.address(), SERVICE, world.bytes(5000));
        world.runUntilOrFail(() -> accepted.size() == 1 && accepted.get(0).eof(), S, "request delivered");
        world.runFor(200 * MS); // ACKs settle
        long silentFrom = world.elapsedNs();
        world.linkBoth(client.address(), server.address(), LinkModel.perfect().loss(1.0));

        world.runUntilOrFail(call::isComplete, 2 * NORMAL, "the client call gives up");

        assertDead(call);
        assertThat(call.completedNs() - silentFrom).as("within the normal timeout")
                .isBetween(NORMAL - 2 * S, NORMAL + 100 * MS);
        assertThat(world.tap().where(p -> p.from().equals(client.address()) && p.is(PacketType.ABORT)))
                .as("it still tells the peer").anySatisfy(p -> assertThat(p.abortCode()).isEqualTo(AbortCodes.RX_CALL_DEAD));
    }

    @SimTest
    void serverCallFailsWhenTheClientFallsSilent(Sim sim) {
        world(sim);
        SimEndpoint server = world.endpoint();
        List<AppCall> accepted = new ArrayList<>();
        world.serve(server, SERVICE, 4, accepted, app -> { });
        SimEndpoint client = world.endpoint();
        // the request is not finished: whole packets only, so that all of it goes out now
        world.call(client, server.address(), SERVICE, world.bytes(3 * 1412), false);
        world.runUntilOrFail(() -> accepted.size() == 1 && accepted.get(0).received().length == 3 * 1412, S,
                "data in");
        world.runFor(200 * MS);
        long silentFrom = world.elapsedNs();
        world.linkBoth(client.address(), server.address(), LinkModel.perfect().loss(1.0));

        AppCall serverCall = accepted.get(0);
        world.runUntilOrFail(serverCall::isComplete, 2 * NORMAL, "the server call gives up");

        assertDead(serverCall);
        assertThat(serverCall.completedNs() - silentFrom).isBetween(NORMAL - 2 * S, NORMAL + 100 * MS);
    }

    @SimTest
    void acksGoingBackwardsFromARestartedPeerDoNotKeepTheCallAlive(Sim sim) {
        world(sim);
        SimEndpoint client = world.endpoint();
        ScriptedReceiver receiver = new ScriptedReceiver(world.scripted());
        receiver.reply = false;
        AppCall call = world.call(client, receiver.peer.address(), SERVICE, world.bytes(8 * 1412));
        world.runUntilOrFail(receiver::complete, S, "the request is hard-ACKed");
        world.runFor(100 * MS);
        long restartedAt = world.elapsedNs();

        // the server restarts: it knows nothing of the call and ACKs from seq 1 again
        AckTrailer tr = new AckTrailer(1444, 1444, 32, 4);
        WirePacket req = receiver.request();
        receiver.peer.onPacket(p -> {
            if (p.isAck(AckReason.PING)) {
                receiver.peer.sendTo(p.from(), receiver.peer.replyAck(p, 0,
                        new AckBody(0, 0, 1, 0, p.serial(), AckReason.PING_RESPONSE, new byte[0], tr)));
            }
        });
        Runnable[] tick = new Runnable[1];
        tick[0] = () -> {
            if (!call.isComplete()) {
                receiver.peer.sendTo(client.address(), receiver.peer.replyAck(req, 0,
                        new AckBody(0, 0, 1, 0, 0, AckReason.IDLE, new byte[0], tr)));
                world.scheduler().after(500 * MS, tick[0]);
            }
        };
        tick[0].run();

        world.runUntilOrFail(call::isComplete, 3 * NORMAL, "the call dies despite the nonsense ACKs");

        assertDead(call);
        assertThat(call.completedNs() - restartedAt).isLessThanOrEqualTo(NORMAL + 100 * MS);
    }

    @SimTest
    void keepalivePingsKeepASlowServerCallAlive(Sim sim) {
        world(sim);
        SimEndpoint server = world.endpoint();
        List<AppCall> accepted = new ArrayList<>();
        long thinking = 3 * NORMAL;
        world.serve(server, SERVICE, 4, accepted, app -> app.onEof(a ->
                world.scheduler().after(thinking, () -> a.send("done".getBytes(), true))));
        SimEndpoint client = world.endpoint();
        AppCall call = world.call(client, server.address(), SERVICE, world.bytes(100));

        world.runUntilOrFail(() -> call.isComplete() && call.eof(), thinking + 10 * S, "the slow call completes");

        assertThat(call.completionType()).isEqualTo(CompletionType.SUCCEEDED);
        assertThat(call.received()).isEqualTo("done".getBytes());
        assertThat(world.tap().where(p -> p.isAck(AckReason.PING))).as("keepalive PINGs").isNotEmpty();
        assertThat(accepted.get(0).completionType()).isIn(null, CompletionType.SUCCEEDED);
    }
}
