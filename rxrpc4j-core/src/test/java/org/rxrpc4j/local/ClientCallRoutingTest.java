package org.rxrpc4j.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.rxrpc4j.local.EndpointHarness.REMOTE;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.rxrpc4j.call.Call;
import org.rxrpc4j.call.CompletionType;
import org.rxrpc4j.call.CallState;
import org.rxrpc4j.trace.Counter;
import org.rxrpc4j.wire.AbortBody;
import org.rxrpc4j.wire.AbortCodes;
import org.rxrpc4j.wire.AckBody;
import org.rxrpc4j.wire.AckReason;
import org.rxrpc4j.wire.DataBody;
import org.rxrpc4j.wire.PacketType;
import org.rxrpc4j.wire.RxFlags;
import org.rxrpc4j.wire.RxHeader;
import org.rxrpc4j.wire.RxPacket;

/**
 * Client-side connection behaviour with real calls: channel and connection choice, routing by
 * epoch and connection ID, late reply packets answered from the channel's cache.
 */
class ClientCallRoutingTest {

    private static final int SERVICE = 52;

    private final EndpointHarness t = new EndpointHarness();
    private int serial = 5000;

    @AfterEach
    void shutDownCleanly() {
        t.endpoint.shutdown(t.nowNs);
        t.sent.clear();
        assertThat(t.endpoint.liveCalls()).isZero();
        assertThat(t.endpoint.liveConnections()).isZero();
        assertThat(t.endpoint.livePeers()).isZero();
        assertThat(t.bytesInUse()).as("bytes still allocated").isZero();
    }

    private Call call() {
        return t.endpoint.makeCall(REMOTE, SERVICE, null, t.nowNs);
    }

    private List<RxPacket> sentPackets() {
        List<RxPacket> out = new ArrayList<>();
        for (EndpointHarness.Sent s : t.sent) {
            out.add(s.decode());
        }
        t.sent.clear();
        return out;
    }

    /** The first DATA packet the call sent: it names the call on the wire. */
    private RxHeader sendRequest(Call call) {
        call.send(Unpooled.wrappedBuffer(new byte[] {1, 2, 3, 4}), true, t.nowNs);
        return sentPackets().stream().filter(p -> p.header().type() == PacketType.DATA)
                .findFirst().orElseThrow().header();
    }

    private RxHeader fromServer(RxHeader request, PacketType type, int seq, int flags) {
        return new RxHeader(request.epoch(), request.cid(), request.callNumber(), seq, ++serial,
                type, flags, 0, 0, 0, request.serviceId());
    }

    private void reply(RxHeader request, int seq, boolean last) {
        t.receive(fromServer(request, PacketType.DATA, seq, last ? RxFlags.LAST_PACKET : 0),
                new DataBody(Unpooled.wrappedBuffer(new byte[] {7, 7})));
    }

    private void drain(Call call) {
        ByteBuf dst = Unpooled.buffer(1 << 16);
        while (call.read(dst, t.nowNs) > 0) {
            dst.clear();
        }
    }

    @Test
    void callsShareAConnectionUntilItsFourChannelsAreBusy() {
        List<Call> calls = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            calls.add(call());
        }
        assertThat(t.endpoint.liveConnections()).isEqualTo(2);
        assertThat(t.endpoint.livePeers()).isEqualTo(1);
        assertThat(t.endpoint.liveCalls()).isEqualTo(5);
        assertThat(calls).extracting(Call::channel).containsExactly(0, 1, 2, 3, 0);
        assertThat(calls).extracting(Call::callNumber).containsOnly(1);
        assertThat(calls.get(0).host().connectionId()).isEqualTo(calls.get(3).host().connectionId());
        assertThat(calls.get(4).host().connectionId())
                .isEqualTo(calls.get(0).host().connectionId() + 4);
        assertThat(calls.get(0).host().epoch()).isEqualTo(t.endpoint.epoch());
        assertThat(t.count(Counter.CALLS_STARTED)).isEqualTo(5);
        assertThat(t.count(Counter.CONNECTIONS_CREATED)).isEqualTo(2);
    }

    @Test
    void requestPacketsCarryTheConnectionIdentity() {
        Call call = call();
        RxHeader h = sendRequest(call);
        assertThat(h.epoch()).isEqualTo(t.endpoint.epoch());
        assertThat(h.connectionId()).isEqualTo(call.host().connectionId());
        assertThat(h.channel()).isEqualTo(call.channel());
        assertThat(h.callNumber()).isEqualTo(1);
        assertThat(h.isClientInitiated()).isTrue();
        assertThat(h.serviceId()).isEqualTo(SERVICE);
        assertThat(h.serial()).isEqualTo(1);
    }

    @Test
    void theReplyIsRoutedByEpochAndConnectionIdFromAnyAddress() {
        Call call = call();
        RxHeader req = sendRequest(call);
        RxHeader h = fromServer(req, PacketType.DATA, 1, RxFlags.LAST_PACKET);
        RxPacket p = new RxPacket(h, new DataBody(Unpooled.wrappedBuffer(new byte[] {5})));
        ByteBuf b = t.allocator.heapBuffer(p.encodedLength());
        p.encode(b);
        t.endpoint.onDatagram(new InetSocketAddress("10.9.9.9", 1234), b, t.nowNs);
        assertThat(call.completion()).isNotNull();
        assertThat(call.completion().type()).isEqualTo(CompletionType.SUCCEEDED);
        assertThat(call.readableBytes()).isEqualTo(1);
        drain(call);
    }

    @Test
    void aLateReplyPacketIsAnsweredWithTheCachedFinalAck() {
        Call call = call();
        RxHeader req = sendRequest(call);
        reply(req, 1, false);
        reply(req, 2, true);
        assertThat(call.completion().type()).isEqualTo(CompletionType.SUCCEEDED);
        drain(call);
        t.sent.clear();

        RxHeader late = fromServer(req, PacketType.DATA, 2, RxFlags.LAST_PACKET);
        t.receive(late, new DataBody(Unpooled.wrappedBuffer(new byte[] {7, 7})));
        List<RxPacket> out = sentPackets();
        assertThat(out).hasSize(1);
        RxPacket ack = out.get(0);
        assertThat(ack.header().type()).isEqualTo(PacketType.ACK);
        assertThat(ack.header().callNumber()).isEqualTo(req.callNumber());
        assertThat(ack.header().cid()).isEqualTo(req.cid());
        assertThat(ack.header().isClientInitiated()).isTrue();
        assertThat(ack.header().seq()).isZero();
        assertThat(ack.header().serial()).isNotZero();
        AckBody body = (AckBody) ack.body();
        assertThat(body.reason()).isEqualTo(AckReason.DUPLICATE);
        assertThat(body.firstPacket()).isEqualTo(3);
        assertThat(body.previousPacket()).isEqualTo(2);
        assertThat(body.serial()).isEqualTo(late.serial());
        assertThat(body.nAcks()).isZero();
        assertThat(body.trailer()).isNotNull();
        assertThat(t.count(Counter.CACHED_FINAL_RESENT)).isEqualTo(1);
    }

    @Test
    void theNextCallOnAChannelTakesTheNextCallNumberAndOlderPacketsAreDropped() {
        Call first = call();
        RxHeader req1 = sendRequest(first);
        reply(req1, 1, true);
        drain(first);
        Call second = call();
        assertThat(second.channel()).isEqualTo(first.channel());
        assertThat(second.callNumber()).isEqualTo(2);
        RxHeader req2 = sendRequest(second);
        reply(req2, 1, true);
        drain(second);
        t.sent.clear();

        reply(req1, 1, true); // two calls back: dropped
        assertThat(t.sent).isEmpty();
        assertThat(t.count(Counter.DROP_OLD_CALL)).isEqualTo(1);
    }

    @Test
    void aServerPacketForACallNumberNotYetStartedIsDropped() {
        Call call = call();
        RxHeader req = sendRequest(call);
        t.receive(new RxHeader(req.epoch(), req.cid(), 9, 1, 1, PacketType.DATA, 0, 0, 0, 0, SERVICE),
                new DataBody(Unpooled.wrappedBuffer(new byte[1])));
        assertThat(t.count(Counter.DROP_NO_CALL)).isEqualTo(1);
        assertThat(call.state()).isNotEqualTo(CallState.COMPLETE);
    }

    @Test
    void aLatePacketForAnAbortedClientCallGetsTheCachedAbort() {
        Call call = call();
        RxHeader req = sendRequest(call);
        call.abort(AbortCodes.RX_USER_ABORT, "changed my mind", t.nowNs);
        t.sent.clear();
        reply(req, 1, false);
        List<RxPacket> out = sentPackets();
        assertThat(out).hasSize(1);
        assertThat(out.get(0).header().type()).isEqualTo(PacketType.ABORT);
        assertThat(out.get(0).header().isClientInitiated()).isTrue();
        assertThat(out.get(0).body()).isEqualTo(new AbortBody(AbortCodes.RX_USER_ABORT));
    }

    @Test
    void aConnectionAbortFromTheServerEndsEveryCall() {
        Call a = call();
        Call b = call();
        RxHeader req = sendRequest(a);
        sendRequest(b);
        t.receive(new RxHeader(req.epoch(), req.connectionId(), 0, 0, 77, PacketType.ABORT, 0, 0, 0,
                0, SERVICE), new AbortBody(AbortCodes.RX_INVALID_OPERATION));
        for (Call c : List.of(a, b)) {
            assertThat(c.completion().type()).isEqualTo(CompletionType.REMOTELY_ABORTED);
            assertThat(c.completion().abortCode()).isEqualTo(AbortCodes.RX_INVALID_OPERATION);
        }
        // The aborted connection takes no new calls.
        Call c = call();
        assertThat(c.host().connectionId()).isNotEqualTo(a.host().connectionId());
    }
}
