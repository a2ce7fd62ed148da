package org.rxrpc4j.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.rxrpc4j.sim.Sim;
import org.rxrpc4j.sim.SimEndpoint;
import org.rxrpc4j.sim.SimTest;
import org.rxrpc4j.trace.Counter;
import org.rxrpc4j.wire.AckReason;
import org.rxrpc4j.wire.Jumbogram;
import org.rxrpc4j.wire.PacketType;
import org.rxrpc4j.wire.RxFlags;
import org.rxrpc4j.wire.RxHeader;
import org.rxrpc4j.wire.RxPacket;

/**
 * Jumbogram reception (rx-protocol.md §3.3; brief "Jumbogram reception"): a scripted client
 * sends its request as jumbograms of 2 to 47 subpackets, LAST only on the last subpacket, and
 * the server's application receives it intact; malformed jumbograms are dropped, not fatal.
 */
class JumboReceiveSimTest extends RulesSimBase {

    private static final int SUB = Jumbogram.JUMBO_DATALEN;

    private SimEndpoint server;
    private List<AppCall> accepted;
    private ScriptedPeer client;

    private void setUp(Sim sim) {
        world(sim);
        server = world.endpoint();
        accepted = world.echoService(server, SERVICE, req -> World.sha256(req).getBytes());
        client = world.scripted().target(server.address(), SERVICE);
    }

    private AppCall callOn(int channel) {
        return accepted.stream().filter(a -> a.call().channel() == channel).findFirst().orElseThrow();
    }

    @SimTest
    void jumbogramsOfTwoToFortySevenSubpacketsAreReceivedIntact(Sim sim) {
        setUp(sim);
        int[] counts = {2, 3, 47};
        byte[][] requests = new byte[counts.length][];
        for (int ch = 0; ch < counts.length; ch++) {
            int n = counts[ch];
            requests[ch] = world.bytes((n - 1) * SUB + 321 + ch);
            client.sendJumbo(client.jumbo(ch, 1, 1, n, 321 + ch, true, requests[ch], 0));
        }
        world.runUntilOrFail(() -> accepted.size() == counts.length && accepted.stream().allMatch(AppCall::eof),
                2 * S, "all requests read");

        for (int ch = 0; ch < counts.length; ch++) {
            assertThat(callOn(ch).received()).as("request of %d subpackets", counts[ch]).isEqualTo(requests[ch]);
        }
        assertThat(World.count(server, Counter.JUMBOGRAMS_RECEIVED)).isEqualTo(counts.length);
        assertThat(World.count(server, Counter.DATA_PACKETS_RECEIVED)).isEqualTo(2 + 3 + 47);
    }

    @SimTest
    void requestMadeOfSeveralJumbogramsAndPlainPacketsIsReceivedIntact(Sim sim) {
        setUp(sim);
        byte[] request = world.bytes(8 * SUB + 10);
        client.sendJumbo(client.jumbo(0, 1, 1, 3, SUB, false, request, 0));               // seq 1-3
        client.send(client.data(0, 1, 4, 0, Arrays.copyOfRange(request, 3 * SUB, 4 * SUB))); // seq 4
        client.sendJumbo(client.jumbo(0, 1, 5, 5, 10, true, request, 4 * SUB));           // seq 5-9, LAST on 9
        world.runUntilOrFail(() -> accepted.size() == 1 && accepted.get(0).eof(), 2 * S, "request read");

        assertThat(accepted.get(0).received()).isEqualTo(request);
    }

    @SimTest
    void jumbogramIsAnsweredWithOneAckOfTheHighestPriority(Sim sim) {
        setUp(sim);
        byte[] request = world.bytes(8 * SUB);
        List<RxPacket> subs = client.jumbo(0, 1, 1, 4, SUB, false, request, 0);
        // REQUEST_ACK on the last subpacket, as a sender would set it
        RxPacket last = subs.get(3);
        subs = new java.util.ArrayList<>(subs);
        subs.set(3, new RxPacket(last.header().withFlags(last.header().flags() | RxFlags.REQUEST_ACK), last.body()));
        long at = world.elapsedNs();
        client.sendJumbo(subs);
        world.runFor(0);

        List<WirePacket> acks = client.received(p -> p.is(PacketType.ACK) && p.deliveredNs() == at);
        assertThat(acks).as("one ACK for the whole jumbogram%s", world.wire(5)).hasSize(1);
        assertThat(acks.get(0).ack().reason()).isEqualTo(AckReason.REQUESTED);
        assertThat(acks.get(0).ack().serial()).as("the serial of the subpacket that asked")
                .isEqualTo(last.header().serial());
        assertThat(acks.get(0).ack().firstPacket()).isEqualTo(5);
    }

    /**
     * Like the kernel (input.c rxrpc_input_split_jumbo), a malformed jumbogram aborts its call
     * with RX_PROTOCOL_ERROR; nothing of it reaches the application and the next call works.
     */
    private void assertMalformedAborted(int callNumber) {
        List<WirePacket> aborts = client.received(p -> p.is(PacketType.ABORT) && p.callNumber() == callNumber);
        assertThat(aborts).as("call %d aborted%s", callNumber, world.wire(10)).isNotEmpty();
        assertThat(aborts.get(0).abortCode()).isEqualTo(org.rxrpc4j.wire.AbortCodes.RX_PROTOCOL_ERROR);
        assertThat(accepted).allSatisfy(a -> assertThat(a.received()).as("nothing delivered").isEmpty());
    }

    private void assertNextCallWorks(int callNumber) {
        byte[] request = world.bytes(3 * SUB);
        client.sendJumbo(client.jumbo(0, callNumber, 1, 3, SUB, true, request, 0));
        world.runUntilOrFail(() -> accepted.stream().anyMatch(a -> a.call().callNumber() == callNumber && a.eof()),
                2 * S, "the next call is read");
        AppCall good = accepted.stream().filter(a -> a.call().callNumber() == callNumber).findFirst().orElseThrow();
        assertThat(good.received()).isEqualTo(request);
    }

    @SimTest
    void jumbogramWithLastOnANonFinalSubpacketIsRefusedWithoutHarm(Sim sim) {
        setUp(sim);
        byte[] request = world.bytes(3 * SUB);
        byte[] bad = jumboBytes(client.jumbo(0, 1, 1, 3, SUB, true, request, 0));
        bad[21] = (byte) (RxFlags.CLIENT_INITIATED | RxFlags.JUMBO_PACKET | RxFlags.LAST_PACKET);
        client.sendRaw(bad);
        world.runFor(10 * MS);
        assertMalformedAborted(1);

        byte[] bad2 = jumboBytes(client.jumbo(0, 2, 1, 3, SUB, true, request, 0));
        bad2[RxHeader.SIZE + SUB] = (byte) (RxFlags.JUMBO_PACKET | RxFlags.LAST_PACKET); // subpacket 2's jumbo header
        client.sendRaw(bad2);
        world.runFor(10 * MS);
        assertMalformedAborted(2);

        assertNextCallWorks(3);
    }

    @SimTest
    void jumbogramWithATruncatedRemainderIsRefusedWithoutHarm(Sim sim) {
        setUp(sim);
        client.send(client.data(0, 1, 1, RxFlags.JUMBO_PACKET, world.bytes(100)));
        world.runFor(10 * MS);
        assertMalformedAborted(1);

        assertNextCallWorks(2);
    }

    private static byte[] jumboBytes(List<RxPacket> subs) {
        io.netty.buffer.ByteBuf buf = io.netty.buffer.Unpooled.buffer();
        Jumbogram.encode(subs, buf);
        byte[] out = new byte[buf.readableBytes()];
        buf.readBytes(out);
        return out;
    }
}
