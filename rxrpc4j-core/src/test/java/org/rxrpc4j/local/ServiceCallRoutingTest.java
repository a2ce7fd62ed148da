package org.rxrpc4j.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.rxrpc4j.local.EndpointHarness.REMOTE;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.rxrpc4j.call.Call;
import org.rxrpc4j.call.CallState;
import org.rxrpc4j.call.CompletionType;
import org.rxrpc4j.trace.Counter;
import org.rxrpc4j.wire.AbortBody;
import org.rxrpc4j.wire.AbortCodes;
import org.rxrpc4j.wire.AckBody;
import org.rxrpc4j.wire.AckReason;
import org.rxrpc4j.wire.DataBody;
import org.rxrpc4j.wire.EmptyBody;
import org.rxrpc4j.wire.PacketBody;
import org.rxrpc4j.wire.PacketType;
import org.rxrpc4j.wire.RxFlags;
import org.rxrpc4j.wire.RxHeader;
import org.rxrpc4j.wire.RxPacket;

/**
 * Service-side connection behaviour with real calls: creation only by DATA seq 1, old call
 * numbers, late packets answered from the channel's cache, connection ABORT, implicit
 * completion by the next call, BUSY on a full backlog, shutdown.
 */
class ServiceCallRoutingTest {

    private static final int EPOCH = 0x80aa_bb00;
    private static final int CID = 0x0000_1000;
    private static final int SERVICE = 52;
    private static final int CI = RxFlags.CLIENT_INITIATED;

    private final EndpointHarness t = new EndpointHarness();
    private final List<Integer> announced = new ArrayList<>();
    private int serial = 1000;

    ServiceCallRoutingTest() {
        t.endpoint.addService(SERVICE, 8, (e, s) -> announced.add(s));
    }

    @AfterEach
    void shutDownCleanly() {
        t.endpoint.shutdown(t.nowNs);
        t.sent.clear();
        assertThat(t.endpoint.liveCalls()).isZero();
        assertThat(t.endpoint.liveConnections()).isZero();
        assertThat(t.endpoint.livePeers()).isZero();
        assertThat(t.bytesInUse()).as("bytes still allocated").isZero();
    }

    private RxHeader h(PacketType type, int flags, int channel, int callNumber, int seq) {
        return new RxHeader(EPOCH, CID | channel, callNumber, seq, ++serial, type, flags, 0, 0, 0,
                SERVICE);
    }

    private void data(int channel, int callNumber, int seq, boolean last, int bytes) {
        t.receive(h(PacketType.DATA, CI | (last ? RxFlags.LAST_PACKET : 0), channel, callNumber, seq),
                new DataBody(Unpooled.wrappedBuffer(new byte[bytes])));
    }

    private void ack(int channel, int callNumber, int firstPacket, int previousPacket) {
        t.receive(h(PacketType.ACK, CI, channel, callNumber, 0),
                new AckBody(0, 0, firstPacket, previousPacket, 0, AckReason.IDLE, new byte[0], null));
    }

    private Call acceptOne() {
        Call call = t.endpoint.accept(SERVICE, null);
        assertThat(call).isNotNull();
        return call;
    }

    private List<RxPacket> sentPackets() {
        List<RxPacket> out = new ArrayList<>();
        for (EndpointHarness.Sent s : t.sent) {
            out.add(s.decode());
        }
        t.sent.clear();
        return out;
    }

    private List<RxPacket> sentOfType(PacketType type) {
        return sentPackets().stream().filter(p -> p.header().type() == type).toList();
    }

    /** Runs a service call to completion: request, reply, client's final ACK. */
    private Call completeCall(int channel, int callNumber) {
        data(channel, callNumber, 1, true, 10);
        Call call = acceptOne();
        ByteBuf reply = Unpooled.wrappedBuffer(new byte[] {1, 2, 3});
        call.send(reply, true, t.nowNs);
        assertThat(call.state()).isEqualTo(CallState.SERVER_AWAIT_ACK);
        ack(channel, callNumber, 2, 1);
        assertThat(call.completion()).isNotNull();
        assertThat(call.completion().type()).isEqualTo(CompletionType.SUCCEEDED);
        drain(call);
        t.sent.clear();
        return call;
    }

    private void drain(Call call) {
        ByteBuf dst = Unpooled.buffer(1 << 16);
        while (call.read(dst, t.nowNs) > 0) {
            dst.clear();
        }
    }

    @Test
    void dataSeqOneCreatesTheServiceCallAndAnnouncesIt() {
        data(0, 1, 1, false, 100);
        assertThat(announced).containsExactly(SERVICE);
        assertThat(t.endpoint.liveConnections()).isEqualTo(1);
        assertThat(t.endpoint.livePeers()).isEqualTo(1);
        assertThat(t.endpoint.liveCalls()).isEqualTo(1);
        Call call = acceptOne();
        assertThat(call.isService()).isTrue();
        assertThat(call.channel()).isZero();
        assertThat(call.callNumber()).isEqualTo(1);
        assertThat(call.state()).isEqualTo(CallState.SERVER_RECV_REQUEST);
        assertThat(call.readableBytes()).isEqualTo(100);
        assertThat(t.count(Counter.CALLS_ACCEPTED)).isEqualTo(1);
        assertThat(t.count(Counter.CONNECTIONS_CREATED)).isEqualTo(1);
        assertThat(t.count(Counter.PEERS_CREATED)).isEqualTo(1);
    }

    @Test
    void onAnExistingConnectionOnlyDataSeqOneStartsACall() {
        data(0, 1, 1, false, 10);
        ack(1, 1, 1, 0);
        t.receive(h(PacketType.ACKALL, CI, 1, 1, 0), EmptyBody.EMPTY);
        data(1, 1, 2, false, 10);
        assertThat(announced).hasSize(1);
        assertThat(t.count(Counter.DROP_NO_CALL)).isEqualTo(3);
        data(1, 1, 1, false, 10);
        assertThat(announced).hasSize(2);
        assertThat(t.endpoint.liveConnections()).isEqualTo(1);
    }

    @Test
    void aLatePacketForASuccessfulServiceCallIsDropped() {
        completeCall(0, 1);
        data(0, 1, 1, true, 10);
        ack(0, 1, 2, 1);
        assertThat(t.sent).isEmpty();
        assertThat(t.count(Counter.DROP_AFTER_COMPLETION)).isEqualTo(2);
        assertThat(announced).hasSize(1);
    }

    @Test
    void aLatePacketForAnAbortedCallIsAnsweredWithTheCachedAbort() {
        data(2, 5, 1, false, 10);
        Call call = acceptOne();
        call.abort(AbortCodes.RXGEN_OPCODE, "no such operation", t.nowNs);
        List<RxPacket> first = sentOfType(PacketType.ABORT);
        assertThat(first).hasSize(1);

        data(2, 5, 2, false, 10);
        List<RxPacket> again = sentPackets();
        assertThat(again).hasSize(1);
        RxPacket abort = again.get(0);
        assertThat(abort.header().type()).isEqualTo(PacketType.ABORT);
        assertThat(abort.header().callNumber()).isEqualTo(5);
        assertThat(abort.header().cid()).isEqualTo(CID | 2);
        assertThat(abort.header().isClientInitiated()).isFalse();
        assertThat(abort.header().serial()).isNotZero()
                .isNotEqualTo(first.get(0).header().serial());
        assertThat(abort.body()).isEqualTo(new AbortBody(AbortCodes.RXGEN_OPCODE));
        assertThat(t.count(Counter.CACHED_FINAL_RESENT)).isEqualTo(1);

        // An ABORT for that call is never answered.
        t.receive(h(PacketType.ABORT, CI, 2, 5, 0), new AbortBody(-1));
        assertThat(t.sent).isEmpty();
        assertThat(t.count(Counter.DROP_ABORT_NOT_ANSWERED)).isEqualTo(1);
    }

    @Test
    void olderCallNumbersAreDropped() {
        completeCall(0, 3);
        completeCall(0, 4);
        data(0, 3, 1, true, 10);
        data(0, 2, 1, true, 10);
        ack(0, 1, 1, 0);
        assertThat(t.sent).isEmpty();
        assertThat(t.count(Counter.DROP_OLD_CALL)).isEqualTo(3);
        assertThat(announced).hasSize(2);
    }

    @Test
    void theNextCallsDataCompletesACallAwaitingItsFinalAck() {
        data(1, 1, 1, true, 10);
        Call first = acceptOne();
        first.send(Unpooled.wrappedBuffer(new byte[] {9}), true, t.nowNs);
        assertThat(first.state()).isEqualTo(CallState.SERVER_AWAIT_ACK);
        t.sent.clear();

        data(1, 2, 1, true, 10);
        assertThat(first.completion().type()).isEqualTo(CompletionType.SUCCEEDED);
        assertThat(sentOfType(PacketType.ABORT)).isEmpty();
        Call second = acceptOne();
        assertThat(second.callNumber()).isEqualTo(2);
        assertThat(second.channel()).isEqualTo(1);
    }

    @Test
    void theNextCallsDataAbortsAnUnfinishedCallWithCallDead() {
        data(1, 1, 1, false, 10);
        Call first = acceptOne();
        t.sent.clear();

        data(1, 2, 1, true, 10);
        assertThat(first.completion().type()).isEqualTo(CompletionType.LOCALLY_ABORTED);
        assertThat(first.completion().abortCode()).isEqualTo(AbortCodes.RX_CALL_DEAD);
        List<RxPacket> aborts = sentOfType(PacketType.ABORT);
        assertThat(aborts).hasSize(1);
        assertThat(aborts.get(0).header().callNumber()).isEqualTo(1);
        assertThat(aborts.get(0).body()).isEqualTo(new AbortBody(AbortCodes.RX_CALL_DEAD));
        assertThat(acceptOne().callNumber()).isEqualTo(2);
    }

    @Test
    void aConnectionAbortEndsEveryCallOnItRemotely() {
        data(0, 1, 1, false, 10);
        data(3, 7, 1, false, 10);
        Call a = acceptOne();
        Call b = acceptOne();
        t.sent.clear();
        t.receive(h(PacketType.ABORT, CI, 0, 0, 0), new AbortBody(AbortCodes.RX_RESTARTING));
        for (Call c : List.of(a, b)) {
            assertThat(c.completion().type()).isEqualTo(CompletionType.REMOTELY_ABORTED);
            assertThat(c.completion().abortCode()).isEqualTo(AbortCodes.RX_RESTARTING);
        }
        assertThat(t.sent).as("an abort is never answered").isEmpty();
    }

    @Test
    void aFullBacklogOnAnExistingConnectionAnswersBusyAndMakesNoCall() {
        t.endpoint.addService(SERVICE + 1, 1, (e, s) -> { });
        RxHeader first = new RxHeader(EPOCH, CID, 1, 1, 1, PacketType.DATA, CI, 0, 0, 0, SERVICE + 1);
        t.receive(first, new DataBody(Unpooled.wrappedBuffer(new byte[4])));
        t.sent.clear();
        RxHeader second = new RxHeader(EPOCH, CID | 1, 1, 1, 2, PacketType.DATA, CI, 0, 0, 0, SERVICE + 1);
        t.receive(second, new DataBody(Unpooled.wrappedBuffer(new byte[4])));
        RxPacket busy = t.onlySent().decode();
        assertThat(busy.header()).isEqualTo(new RxHeader(EPOCH, CID | 1, 1, 0, 0, PacketType.BUSY,
                0, 0, 0, 0, SERVICE + 1));
        assertThat(t.count(Counter.BUSY_BACKLOG_FULL)).isEqualTo(1);
        assertThat(t.endpoint.service(SERVICE + 1).waiting()).isEqualTo(1);
    }

    @Test
    void shutdownEndsCallsWithLocalErrorAndReleasesUnreadData() {
        data(0, 1, 1, false, 1000);
        data(1, 1, 1, true, 1000);
        Call accepted = acceptOne();
        assertThat(t.bytesInUse()).isPositive();
        t.endpoint.shutdown(t.nowNs);
        assertThat(accepted.completion().type()).isEqualTo(CompletionType.LOCAL_ERROR);
        assertThat(t.count(Counter.CALLS_LOCAL_ERROR)).isEqualTo(2);
        assertThat(t.count(Counter.CONNECTIONS_DESTROYED)).isEqualTo(1);
        assertThat(t.count(Counter.PEERS_DESTROYED)).isEqualTo(1);
    }

    @Test
    void theDatagramIsReleasedEvenWhenTheApplicationThrowsDuringDispatch() {
        t.endpoint.addService(SERVICE + 2, 4, (e, s) -> {
            throw new IllegalStateException("application bug");
        });
        RxPacket p = new RxPacket(new RxHeader(EPOCH, CID, 1, 1, 1, PacketType.DATA, CI, 0, 0, 0,
                SERVICE + 2), new DataBody(Unpooled.wrappedBuffer(new byte[64])));
        ByteBuf datagram = t.allocator.heapBuffer(p.encodedLength());
        p.encode(datagram);
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> t.endpoint.onDatagram(REMOTE, datagram, t.nowNs))
                .hasMessage("application bug");
        // The router gave up its reference; only the call's retained payload slice holds one.
        assertThat(datagram.refCnt()).isEqualTo(1);
        t.endpoint.shutdown(t.nowNs);
        assertThat(datagram.refCnt()).isZero();
    }

    @Test
    void aCompletedCallStaysLiveUntilItsDataIsRead() {
        data(0, 1, 1, true, 10);
        Call call = acceptOne();
        call.abort(AbortCodes.RX_USER_ABORT, "unread", t.nowNs);
        assertThat(t.endpoint.liveCalls()).as("a failed call drops its data").isZero();

        data(1, 1, 1, true, 10);
        Call second = acceptOne();
        second.send(Unpooled.wrappedBuffer(new byte[] {1}), true, t.nowNs);
        ack(1, 1, 2, 1);
        assertThat(second.completion().succeeded()).isTrue();
        assertThat(second.readableBytes()).isEqualTo(10);
        assertThat(t.endpoint.liveCalls()).isEqualTo(1);
        drain(second);
        assertThat(t.endpoint.liveCalls()).isZero();
    }
}
