package org.rxrpc4j.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.rxrpc4j.call.CompletionType;
import org.rxrpc4j.config.RxConfig;
import org.rxrpc4j.sim.LinkModel;
import org.rxrpc4j.sim.Sim;
import org.rxrpc4j.sim.SimEndpoint;
import org.rxrpc4j.sim.SimTest;
import org.rxrpc4j.trace.Counter;
import org.rxrpc4j.wire.AckBody;
import org.rxrpc4j.wire.AckReason;
import org.rxrpc4j.wire.PacketType;
import org.rxrpc4j.wire.RxFlags;

/**
 * Client and service connections (rx-protocol.md §1, §6.1-6.6; brief "Connections"): channels
 * and call numbers, serials, epoch and connection IDs, and the client's terminal ACK.
 *
 * <p>Serial wrap (skip 0 after 0xFFFFFFFF) is not tested here: neither the endpoint nor the
 * connection lets a test choose the first serial, so the wrap is left to the unit tests of
 * {@code SeqMath.nextSerial} and of the connection's serial counter.
 */
class ConnectionRulesSimTest extends RulesSimBase {

    @SimTest
    void clientUsesTheFourChannelsOfAConnectionBeforeOpeningAnother(Sim sim) {
        world(sim);
        SimEndpoint client = world.endpoint();
        ScriptedPeer server = world.scripted(); // silent: the calls stay open
        List<AppCall> calls = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            calls.add(world.call(client, server.address(), SERVICE, world.bytes(10)));
        }
        world.runFor(50 * MS);

        List<WirePacket> firsts = server.received(p -> p.is(PacketType.DATA) && p.seq() == 1);
        Map<Integer, Set<Integer>> channelsByConn = firsts.stream().collect(Collectors.groupingBy(
                WirePacket::connectionId, LinkedHashMap::new, Collectors.mapping(WirePacket::channel, Collectors.toSet())));
        assertThat(channelsByConn).as("connections and their channels%s", world.wire(10)).hasSize(2);
        List<Set<Integer>> channelSets = new ArrayList<>(channelsByConn.values());
        assertThat(channelSets.get(0)).containsExactlyInAnyOrder(0, 1, 2, 3);
        assertThat(channelSets.get(1)).hasSize(1);
        assertThat(firsts).extracting(WirePacket::callNumber).containsOnly(1);
        assertThat(calls).noneMatch(AppCall::isComplete);
    }

    @SimTest
    void callNumbersCountUpPerChannel(Sim sim) {
        world(sim);
        SimEndpoint server = world.endpoint();
        world.echoService(server, SERVICE, req -> req);
        SimEndpoint client = world.endpoint();

        for (int i = 0; i < 12; i++) {
            AppCall c = world.call(client, server.address(), SERVICE, world.bytes(100 + i));
            world.runUntilOrFail(() -> c.isComplete() && c.eof(), 5 * S, "call " + i);
            assertThat(c.completionType()).isEqualTo(CompletionType.SUCCEEDED);
        }

        Map<Integer, List<Integer>> numbersByChannel = new TreeMap<>();
        int lastSerial = 0;
        for (WirePacket p : world.tap().from(client.address())) {
            if (p.is(PacketType.DATA) && p.seq() == 1 && p.serial() != lastSerial) {
                List<Integer> ns = numbersByChannel.computeIfAbsent(p.channel(), k -> new ArrayList<>());
                if (ns.isEmpty() || ns.get(ns.size() - 1) != p.callNumber()) {
                    ns.add(p.callNumber());
                }
                lastSerial = p.serial();
            }
        }
        assertThat(world.tap().from(client.address()).stream().filter(p -> p.is(PacketType.DATA))
                .map(WirePacket::connectionId).distinct()).as("one connection serves them all").hasSize(1);
        int total = 0;
        for (List<Integer> ns : numbersByChannel.values()) {
            for (int i = 0; i < ns.size(); i++) {
                assertThat(ns.get(i)).as("call numbers on a channel: %s", ns).isEqualTo(i + 1);
            }
            total += ns.size();
        }
        assertThat(total).isEqualTo(12);
    }

    @SimTest
    void serialsIncreaseStrictlyPerConnectionAndAreNeverZero(Sim sim) {
        world(sim);
        SimEndpoint server = world.endpoint();
        world.echoService(server, SERVICE, req -> req);
        SimEndpoint client = world.endpoint();
        world.linkBoth(client.address(), server.address(), LinkModel.perfect().loss(0.05).delay(MS));

        List<AppCall> calls = new ArrayList<>();
        for (int i = 0; i < 4; i++) { // four channels: one connection
            calls.add(world.call(client, server.address(), SERVICE, world.bytes(20_000 + i)));
        }
        world.runUntilOrFail(() -> calls.stream().allMatch(c -> c.isComplete() && c.eof()), 60 * S, "all calls");
        assertThat(calls).allMatch(c -> c.completionType() == CompletionType.SUCCEEDED);

        Map<String, List<Integer>> serials = new LinkedHashMap<>();
        for (WirePacket p : world.tap().all()) {
            if (p.header() == null) {
                continue;
            }
            String key = p.from() + "/" + p.epoch() + "/" + p.connectionId();
            serials.computeIfAbsent(key, k -> new ArrayList<>()).add(p.serial());
        }
        assertThat(serials).as("one connection, two directions").hasSize(2);
        serials.forEach((conn, list) -> {
            assertThat(list).as("serials of %s", conn).doesNotContain(0);
            for (int i = 1; i < list.size(); i++) {
                assertThat(Integer.compareUnsigned(list.get(i), list.get(i - 1))).as("serial %d after %d on %s",
                        Integer.toUnsignedLong(list.get(i)), Integer.toUnsignedLong(list.get(i - 1)), conn).isPositive();
            }
        });
    }

    @SimTest
    void epochHasBit31SetAndConnectionIdsStepByFour(Sim sim) {
        world(sim);
        SimEndpoint client = world.endpoint();
        ScriptedPeer a = world.scripted();
        ScriptedPeer b = world.scripted();
        world.call(client, a.address(), SERVICE, world.bytes(10));
        world.call(client, b.address(), SERVICE, world.bytes(10));
        world.runFor(10 * MS);

        WirePacket toA = a.received(PacketType.DATA).get(0);
        WirePacket toB = b.received(PacketType.DATA).get(0);
        assertThat(toA.epoch() & 0x8000_0000).as("bit 31").isNotZero();
        assertThat(toA.epoch() & 0x4000_0000).as("bit 30").isZero();
        assertThat(toB.epoch()).as("one epoch per endpoint").isEqualTo(toA.epoch());
        assertThat(toA.connectionId()).isNotZero();
        assertThat(toB.connectionId()).isNotZero();
        assertThat(toB.connectionId() - toA.connectionId()).as("connection IDs step by 4").isEqualTo(4);
        assertThat(toA.channel()).isZero();
        assertThat(toA.isClientInitiated()).isTrue();
    }

    /** The real client sends a request; the scripted server answers with a 3-packet reply. */
    private record ReplyRun(SimEndpoint client, ScriptedPeer server, AppCall call, WirePacket request) {}

    private ReplyRun replyOfThree(Sim sim) {
        return replyOfThree(sim, RxConfig.defaults());
    }

    private ReplyRun replyOfThree(Sim sim, RxConfig clientConfig) {
        world(sim);
        SimEndpoint client = world.endpoint(clientConfig);
        ScriptedPeer server = world.scripted();
        AppCall call = world.call(client, server.address(), SERVICE, world.bytes(10));
        world.runUntilOrFail(() -> !server.received(PacketType.DATA).isEmpty(), S, "request");
        WirePacket req = server.received(PacketType.DATA).get(0);
        byte[] reply = world.bytes(1412 * 2 + 5);
        server.sendTo(client.address(), server.replyData(req, 1, 0, java.util.Arrays.copyOfRange(reply, 0, 1412)));
        server.sendTo(client.address(), server.replyData(req, 2, 0, java.util.Arrays.copyOfRange(reply, 1412, 2824)));
        server.sendTo(client.address(), server.replyData(req, 3, RxFlags.LAST_PACKET,
                java.util.Arrays.copyOfRange(reply, 2824, reply.length)));
        world.runUntilOrFail(() -> call.isComplete() && call.eof(), S, "the reply completes the call");
        assertThat(call.completionType()).isEqualTo(CompletionType.SUCCEEDED);
        assertThat(call.received()).isEqualTo(reply);
        return new ReplyRun(client, server, call, req);
    }

    @SimTest
    void replyFromAnotherAddressReachesTheClientConnection(Sim sim) {
        world(sim);
        SimEndpoint client = world.endpoint();
        ScriptedPeer server = world.scripted();
        ScriptedPeer elsewhere = world.scripted(); // the server's other interface, or a NAT rebinding
        AppCall call = world.call(client, server.address(), SERVICE, world.bytes(10));
        world.runUntilOrFail(() -> !server.received(PacketType.DATA).isEmpty(), S, "request");
        WirePacket req = server.received(PacketType.DATA).get(0);

        elsewhere.sendTo(client.address(), elsewhere.replyData(req, 1, RxFlags.LAST_PACKET, "hi".getBytes()));
        world.runUntilOrFail(() -> call.isComplete() && call.eof(), S, "client connections match epoch and cid only");
        assertThat(call.completionType()).isEqualTo(CompletionType.SUCCEEDED);
        assertThat(call.received()).isEqualTo("hi".getBytes());
    }

    @SimTest
    void clientDefersTheTerminalAckBrieflyThenSendsIt(Sim sim) {
        long delay = RxConfig.defaults().finalAckDelayNs();
        WirePacket t = terminalAck(sim, RxConfig.defaults());
        long lastArrived = world.tap().where(p -> p.is(PacketType.DATA) && p.seq() == 3).get(0).deliveredNs();
        long oneWay = t.deliveredNs() - t.sentNs();
        assertThat(t.sentNs() - lastArrived).as("held back for the final-ACK delay, for a next call to imply it")
                .isBetween(delay, delay + MS);
        assertThat(oneWay).isNotNegative();
        assertThat(run.client().engine().counters().get(Counter.FINAL_ACKS_DEFERRED)).isEqualTo(1);
    }

    @SimTest
    void clientSendsTheTerminalAckAtOnceWithoutAFinalAckDelay(Sim sim) {
        WirePacket t = terminalAck(sim, RxConfig.defaults().withFinalAckDelay(java.time.Duration.ZERO));
        long lastArrived = world.tap().where(p -> p.is(PacketType.DATA) && p.seq() == 3).get(0).deliveredNs();
        assertThat(t.sentNs() - lastArrived).as("sent at once, not after a timer").isLessThan(MS);
    }

    private ReplyRun run;

    /** The terminal ACK of a three-packet reply, checked field by field. */
    private WirePacket terminalAck(Sim sim, RxConfig clientConfig) {
        run = replyOfThree(sim, clientConfig);
        world.runFor(10 * MS);
        List<WirePacket> terminal = run.server().received(p -> p.is(PacketType.ACK) && p.ack().firstPacket() == 4);
        assertThat(terminal).as("the terminal ACK%s", world.wire(10)).hasSize(1);
        WirePacket t = terminal.get(0);
        AckBody a = t.ack();
        assertThat(a.previousPacket()).as("highest seq received").isEqualTo(3);
        assertThat(a.nAcks()).isZero();
        assertThat(a.serial()).as("a deferred or idle ACK names no packet").isZero();
        assertThat(t.isClientInitiated()).isTrue();
        assertThat(t.has(RxFlags.SLOW_START_OK)).isTrue();
        assertThat(t.callNumber()).isEqualTo(run.request().callNumber());
        assertThat(t.header().cid()).isEqualTo(run.request().header().cid());
        return t;
    }

    @SimTest
    void clientAnswersALateReplyPacketWithItsFinalAck(Sim sim) {
        ReplyRun run = replyOfThree(sim);
        world.runFor(100 * MS);
        ScriptedPeer server = run.server();
        server.clearInbox();

        var again = server.replyData(run.request(), 3, RxFlags.LAST_PACKET, new byte[5]);
        server.sendTo(run.client().address(), again);
        world.runFor(10 * MS);

        List<WirePacket> acks = server.received(PacketType.ACK);
        assertThat(acks).as("the cached final ACK%s", world.wire(10)).hasSize(1);
        AckBody a = acks.get(0).ack();
        assertThat(a.reason()).isEqualTo(AckReason.DUPLICATE);
        assertThat(a.firstPacket()).isEqualTo(4);
        assertThat(a.previousPacket()).isEqualTo(3);
        assertThat(a.serial()).as("serial of the packet that caused it").isEqualTo(again.header().serial());
        assertThat(acks.get(0).isClientInitiated()).isTrue();
        assertThat(World.count(run.client(), Counter.CACHED_FINAL_RESENT)).isEqualTo(1);
    }
}
