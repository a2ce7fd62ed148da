package org.rxrpc4j.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.rxrpc4j.call.CallPair.ClientApp;
import org.rxrpc4j.call.CallPair.Dir;
import org.rxrpc4j.call.CallPair.Fate;
import org.rxrpc4j.call.CallPair.Sent;
import org.rxrpc4j.trace.Counter;
import org.rxrpc4j.wire.AbortCodes;
import org.rxrpc4j.wire.AckBody;
import org.rxrpc4j.wire.AckReason;
import org.rxrpc4j.wire.AckTrailer;
import org.rxrpc4j.wire.DataBody;
import org.rxrpc4j.wire.EmptyBody;
import org.rxrpc4j.wire.PacketType;
import org.rxrpc4j.wire.RxFlags;
import org.rxrpc4j.wire.RxHeader;
import org.rxrpc4j.wire.RxPacket;

/** Call behaviour over the scripted two-call harness: loss, timers, aborts, RTT. */
class CallBehaviourTest {

    private static final long SECOND = Duration.ofSeconds(1).toNanos();
    private static final long LIMIT = 120 * SECOND;

    /** Drops the first transmission of DATA {@code seq} in {@code dir}. */
    private static CallPair.Script dropFirst(Dir dir, int seq) {
        Set<Integer> seen = new HashSet<>();
        return (d, h, i, p) -> d == dir && h.type() == PacketType.DATA && h.seq() == seq
                && seen.add(seq) ? Fate.DROP : Fate.DELIVER;
    }

    private static void assertIntact(CallPair pair, ClientApp app, byte[] request, byte[] reply) {
        assertThat(pair.client.call.completion().succeeded()).isTrue();
        assertThat(pair.server.call.completion().succeeded()).isTrue();
        assertThat(pair.serverApp.request.toByteArray()).isEqualTo(request);
        assertThat(app.reply.toByteArray()).isEqualTo(reply);
    }

    @Test
    void lostRequestPacketIsResentAfterTheRetransmissionTimeoutWithRequestAck() {
        try (CallPair pair = new CallPair()) {
            pair.script = dropFirst(Dir.TO_SERVICE, 1);
            byte[] request = CallPair.bytes(100, 1);
            byte[] reply = CallPair.bytes(100, 2);
            ClientApp app = pair.startCall(request, reply);
            assertThat(pair.runUntil(pair::bothComplete, LIMIT)).isTrue();
            assertIntact(pair, app, request, reply);
            assertThat(pair.client.counters.get(Counter.RTO_EXPIRED)).isEqualTo(1);
            List<Sent> data = pair.sent(Dir.TO_SERVICE, PacketType.DATA);
            assertThat(data).hasSize(2);
            assertThat(data.get(1).header().serial()).isNotEqualTo(data.get(0).header().serial());
            assertThat(data.get(1).header().hasFlags(RxFlags.REQUEST_ACK)).isTrue();
            // The initial RTO (1 s) elapsed between the two transmissions.
            assertThat(data.get(1).atNs() - data.get(0).atNs())
                    .isEqualTo(pair.config.initialRtoNs());
        }
    }

    @Test
    void lostLastReplyPacketIsResentWithoutRequestAck() {
        try (CallPair pair = new CallPair()) {
            pair.script = dropFirst(Dir.TO_CLIENT, 3);
            byte[] request = CallPair.bytes(10, 1);
            byte[] reply = CallPair.bytes(1412 * 2 + 5, 2);
            ClientApp app = pair.startCall(request, reply);
            assertThat(pair.runUntil(pair::bothComplete, LIMIT)).isTrue();
            assertIntact(pair, app, request, reply);
            assertThat(pair.server.counters.get(Counter.DATA_PACKETS_RESENT)).isGreaterThanOrEqualTo(1);
            assertThat(pair.sent(Dir.TO_CLIENT, PacketType.DATA))
                    .filteredOn(s -> s.header().hasFlags(RxFlags.LAST_PACKET))
                    .hasSize(2)
                    .allSatisfy(s -> assertThat(s.header().hasFlags(RxFlags.REQUEST_ACK)).isFalse());
        }
    }

    @Test
    void lostTerminalAckIsRecoveredFromTheConnectionsCachedFinalAck() {
        try (CallPair pair = new CallPair()) {
            boolean[] dropped = {false};
            pair.script = (d, h, i, p) -> {
                if (d == Dir.TO_SERVICE && h.type() == PacketType.ACK && !dropped[0]
                        && p.client.call.rxQueue().complete()) {
                    dropped[0] = true;
                    return Fate.DROP;
                }
                return Fate.DELIVER;
            };
            byte[] request = CallPair.bytes(10, 1);
            byte[] reply = CallPair.bytes(10, 2);
            ClientApp app = pair.startCall(request, reply);
            assertThat(pair.runUntil(pair::bothComplete, LIMIT)).isTrue();
            assertThat(dropped[0]).isTrue();
            assertIntact(pair, app, request, reply);
            // The server resent its reply after its RTO; the cached final ACK completed it.
            assertThat(pair.server.counters.get(Counter.RTO_EXPIRED)).isGreaterThanOrEqualTo(1);
        }
    }

    @Test
    void terminalAckHardAcksTheWholeReplyAndCompletesTheService() {
        try (CallPair pair = new CallPair()) {
            byte[] reply = CallPair.bytes(5000, 2);
            ClientApp app = pair.startCall(new byte[0], reply);
            assertThat(pair.runUntil(pair::bothComplete, LIMIT)).isTrue();
            assertIntact(pair, app, new byte[0], reply);
            List<Sent> acks = pair.sent(Dir.TO_SERVICE, PacketType.ACK);
            Sent terminal = acks.get(acks.size() - 1);
            assertThat(terminal.ack().firstPacket()).isEqualTo(5); // 4 reply packets
            assertThat(terminal.ack().nAcks()).isZero();
            // The client completed the moment the last reply packet arrived.
            Sent lastReply = pair.sent(Dir.TO_CLIENT, PacketType.DATA).get(3);
            assertThat(terminal.atNs()).isEqualTo(lastReply.atNs() + pair.oneWayNs);
            // A 0-byte request is one empty DATA packet with LAST.
            List<Sent> req = pair.sent(Dir.TO_SERVICE, PacketType.DATA);
            assertThat(req).hasSize(1);
            assertThat(req.get(0).dataLength()).isZero();
            assertThat(req.get(0).header().hasFlags(RxFlags.LAST_PACKET)).isTrue();
        }
    }

    @Test
    void fastRetransmitRecoversASingleLossWithoutWaitingForTheTimeout() {
        try (CallPair pair = new CallPair()) {
            pair.script = dropFirst(Dir.TO_SERVICE, 20);
            byte[] request = CallPair.bytes(150_000, 1);
            byte[] reply = CallPair.bytes(10, 2);
            ClientApp app = pair.startCall(request, reply);
            assertThat(pair.runUntil(pair::bothComplete, LIMIT)).isTrue();
            assertIntact(pair, app, request, reply);
            assertThat(pair.client.counters.get(Counter.FAST_RETRANSMITS)).isEqualTo(1);
            assertThat(pair.client.counters.get(Counter.RTO_EXPIRED)).isZero();
            assertThat(pair.client.counters.get(Counter.DATA_PACKETS_RESENT)).isEqualTo(1);
            assertThat(pair.server.counters.get(Counter.DATA_PACKETS_RECEIVED))
                    .isEqualTo(pair.client.counters.get(Counter.DATA_PACKETS_SENT));
        }
    }

    @Test
    void periodicLossInBothDirectionsStillDeliversEveryByteInOrder() {
        try (CallPair pair = new CallPair()) {
            pair.script = (d, h, i, p) -> i % 7 == 3 ? Fate.DROP : Fate.DELIVER;
            byte[] request = CallPair.bytes(200_000, 1);
            byte[] reply = CallPair.bytes(300_000, 2);
            ClientApp app = pair.startCall(request, reply);
            assertThat(pair.runUntil(pair::bothComplete, 600 * SECOND)).isTrue();
            assertIntact(pair, app, request, reply);
        }
    }

    @Test
    void duplicatedDatagramsAreDroppedAndAnsweredWithDuplicateAcks() {
        try (CallPair pair = new CallPair()) {
            pair.script = (d, h, i, p) -> i % 5 == 1 ? Fate.DUPLICATE : Fate.DELIVER;
            byte[] request = CallPair.bytes(50_000, 1);
            byte[] reply = CallPair.bytes(50_000, 2);
            ClientApp app = pair.startCall(request, reply);
            assertThat(pair.runUntil(pair::bothComplete, LIMIT)).isTrue();
            assertIntact(pair, app, request, reply);
            assertThat(pair.server.counters.get(Counter.DROP_DUPLICATE)).isPositive();
            assertThat(pair.sent(Dir.TO_CLIENT, PacketType.ACK))
                    .anySatisfy(s -> assertThat(s.ack().reason()).isEqualTo(AckReason.DUPLICATE));
        }
    }

    @Test
    void reorderedDatagramsAreReassembledAndAnsweredOutOfSequence() {
        try (CallPair pair = new CallPair()) {
            pair.script = (d, h, i, p) -> i % 4 == 2 ? Fate.DELAY : Fate.DELIVER;
            byte[] request = CallPair.bytes(80_000, 1);
            byte[] reply = CallPair.bytes(80_000, 2);
            ClientApp app = pair.startCall(request, reply);
            assertThat(pair.runUntil(pair::bothComplete, LIMIT)).isTrue();
            assertIntact(pair, app, request, reply);
            assertThat(pair.sent(Dir.TO_CLIENT, PacketType.ACK)).anySatisfy(
                    s -> assertThat(s.ack().reason()).isEqualTo(AckReason.OUT_OF_SEQUENCE));
        }
    }

    @Test
    void delayedAndIdleAcksCarrySerialZeroAndEveryAckHasZeroPadAndFullTrailer() {
        try (CallPair pair = new CallPair()) {
            pair.script = (d, h, i, p) -> i % 9 == 4 ? Fate.DROP : Fate.DELIVER;
            ClientApp app = pair.startCall(CallPair.bytes(60_000, 1), CallPair.bytes(60_000, 2));
            assertThat(pair.runUntil(pair::bothComplete, LIMIT)).isTrue();
            assertThat(app.eof).isTrue();
            List<Sent> acks = pair.sent.stream().filter(Sent::isAck).toList();
            assertThat(acks).isNotEmpty();
            for (Sent s : acks) {
                AckBody a = s.ack();
                if (a.reason() == AckReason.DELAY && a.nAcks() == 0 || a.reason() == AckReason.IDLE) {
                    // (an immediate DELAY after filling a hole names the DATA that filled it)
                    if (a.reason() == AckReason.IDLE) {
                        assertThat(a.serial()).isZero();
                    }
                }
                assertThat(a.trailerWords()).isEqualTo(4);
                assertThat(a.trailer().jumboMax()).isEqualTo(pair.config.jumboMax());
                assertThat(a.trailer().rwind()).isBetween(1, pair.config.rxWindow());
                assertThat(s.header().hasFlags(RxFlags.SLOW_START_OK)).isTrue();
                assertThat(s.header().hasFlags(RxFlags.REQUEST_ACK))
                        .isEqualTo(a.reason() == AckReason.PING);
                assertThat(s.header().seq()).isZero();
            }
            assertThat(acks).anySatisfy(s -> assertThat(s.ack().reason()).isEqualTo(AckReason.IDLE));
        }
    }

    @Test
    void delayedAckTimerSendsDelayWithSerialZero() {
        try (CallPair pair = new CallPair()) {
            // A 2-packet request: the first packet is unacked, the delayed ACK fires before the
            // second (held back) arrives.
            pair.script = (d, h, i, p) -> d == Dir.TO_SERVICE && h.type() == PacketType.DATA
                    && h.seq() == 2 && i == 1 ? Fate.DROP : Fate.DELIVER;
            pair.startCall(CallPair.bytes(2000, 1), CallPair.bytes(1, 2));
            assertThat(pair.runUntil(pair::bothComplete, LIMIT)).isTrue();
            List<Sent> delays = pair.sent(Dir.TO_CLIENT, PacketType.ACK).stream()
                    .filter(s -> s.ack().reason() == AckReason.DELAY).toList();
            assertThat(delays).isNotEmpty();
            Sent first = delays.get(0);
            assertThat(first.ack().serial()).isZero();
            assertThat(first.ack().firstPacket()).isEqualTo(2);
            // srtt unknown → the 1 ms floor after the first DATA arrived.
            assertThat(first.atNs()).isEqualTo(CallPair.START_NS + pair.oneWayNs + 1_000_000L);
        }
    }

    @Test
    void deadPeerEndsTheCallWithNetworkErrorAndCallDeadAbort() {
        try (CallPair pair = new CallPair()) {
            pair.script = (d, h, i, p) -> d == Dir.TO_CLIENT ? Fate.DROP : Fate.DELIVER;
            pair.serverApp = null;
            ClientApp app = pair.startCall(CallPair.bytes(3000, 1), CallPair.bytes(1, 2));
            pair.serverApp.neverReply = true;
            assertThat(pair.runUntil(() -> pair.client.call.state() == CallState.COMPLETE,
                    LIMIT)).isTrue();
            Completion c = pair.client.call.completion();
            assertThat(c.type()).isEqualTo(CompletionType.NETWORK_ERROR);
            assertThat(c.abortCode()).isEqualTo(AbortCodes.RX_CALL_DEAD);
            assertThat(pair.now - CallPair.START_NS).isEqualTo(pair.config.normalTimeoutNs());
            Sent last = pair.sent.get(pair.sent.size() - 1);
            assertThat(last.header().type()).isEqualTo(PacketType.ABORT);
            assertThat(last.abortCode()).isEqualTo(AbortCodes.RX_CALL_DEAD);
            assertThat(app.completions).isEqualTo(1);
            assertThat(pair.client.counters.get(Counter.CALLS_NETWORK_ERROR)).isEqualTo(1);
            // The service hears the abort.
            pair.runUntil(() -> pair.server.call.state() == CallState.COMPLETE, SECOND);
            assertThat(pair.server.call.completion().type()).isEqualTo(CompletionType.REMOTELY_ABORTED);
            assertThat(pair.server.call.completion().abortCode()).isEqualTo(AbortCodes.RX_CALL_DEAD);
        }
    }

    @Test
    void keepalivePingsKeepASlowServiceCallAlive() {
        try (CallPair pair = new CallPair()) {
            byte[] request = CallPair.bytes(10, 1);
            byte[] reply = CallPair.bytes(10, 2);
            long computeNs = 3 * pair.config.normalTimeoutNs();
            ClientApp app = pair.startCall(request, reply, computeNs);
            assertThat(pair.runUntil(pair::bothComplete, LIMIT)).isTrue();
            assertIntact(pair, app, request, reply);
            assertThat(pair.client.counters.get(Counter.KEEPALIVE_PINGS_SENT)).isGreaterThanOrEqualTo(5);
            // The service answers each PING, so it never stays quiet long enough to ping.
            assertThat(pair.sent(Dir.TO_CLIENT, PacketType.ACK)).filteredOn(
                    s -> s.ack().reason() == AckReason.PING_RESPONSE).hasSizeGreaterThanOrEqualTo(5);
        }
    }

    /** Client in AWAIT_REPLY with its request hard-ACKed; service silent from now on. */
    private static CallPair silentServiceAfterRequest(boolean[] silent) {
        CallPair pair = new CallPair();
        pair.script = (d, h, i, p) -> silent[0] && d == Dir.TO_CLIENT ? Fate.DROP : Fate.DELIVER;
        pair.startCall(CallPair.bytes(10, 1), new byte[0]);
        pair.serverApp.neverReply = true;
        pair.runUntil(() -> pair.client.call.txQueue().hardAck == 1, SECOND);
        assertThat(pair.client.call.state()).isEqualTo(CallState.CLIENT_AWAIT_REPLY);
        silent[0] = true;
        return pair;
    }

    private static RxPacket ackToClient(CallPair pair, int firstPacket, int previousPacket) {
        RxHeader h = new RxHeader(CallPair.EPOCH, CallPair.CID, 1, 0, pair.server.nextSerial(),
                PacketType.ACK, RxFlags.SLOW_START_OK, 0, 0, 0, CallPair.SERVICE_ID);
        return new RxPacket(h, new AckBody(0, 0, firstPacket, previousPacket, 0, AckReason.IDLE,
                new byte[0], new AckTrailer(5692, 1444, 32, 4)));
    }

    @Test
    void staleAcksAfterAPeerRestartDoNotKeepTheCallAlive() {
        boolean[] silent = {false};
        try (CallPair pair = silentServiceAfterRequest(silent)) {
            long silentSince = pair.now;
            for (int k = 1; k <= 40; k++) {
                pair.at(pair.now + k * SECOND, () -> {
                    if (pair.client.call.state() != CallState.COMPLETE) {
                        pair.inject(pair.client, ackToClient(pair, 1, 0)); // firstPacket backwards
                    }
                });
            }
            assertThat(pair.runUntil(() -> pair.client.call.state() == CallState.COMPLETE,
                    LIMIT)).isTrue();
            assertThat(pair.client.call.completion().abortCode()).isEqualTo(AbortCodes.RX_CALL_DEAD);
            assertThat(pair.now - silentSince).isLessThanOrEqualTo(pair.config.normalTimeoutNs());
            assertThat(pair.client.counters.get(Counter.DROP_STALE_ACK)).isPositive();
        }
    }

    @Test
    void validAcksDoKeepTheCallAlive() {
        boolean[] silent = {false};
        try (CallPair pair = silentServiceAfterRequest(silent)) {
            for (int k = 1; k <= 40; k++) {
                pair.at(pair.now + k * SECOND, () -> pair.inject(pair.client, ackToClient(pair, 2, 1)));
            }
            pair.runUntil(() -> pair.client.call.state() == CallState.COMPLETE, 40 * SECOND);
            assertThat(pair.client.call.state()).isEqualTo(CallState.CLIENT_AWAIT_REPLY);
            assertThat(pair.client.counters.get(Counter.DROP_STALE_ACK)).isZero();
        }
    }

    @Test
    void clientAbortReachesTheServiceWithItsCode() {
        try (CallPair pair = new CallPair()) {
            pair.startCall(CallPair.bytes(500_000, 1), new byte[0]);
            pair.runUntil(() -> pair.server.call != null
                    && pair.server.call.rxQueue().windowStart > 10, LIMIT);
            pair.client.call.abort(12345, "user gave up", pair.now);
            assertThat(pair.client.call.completion())
                    .isEqualTo(new Completion(CompletionType.LOCALLY_ABORTED, 12345, "user gave up"));
            assertThat(pair.runUntil(pair::bothComplete, SECOND)).isTrue();
            assertThat(pair.server.call.completion().type()).isEqualTo(CompletionType.REMOTELY_ABORTED);
            assertThat(pair.server.call.completion().abortCode()).isEqualTo(12345);
            // Never answered with an abort.
            assertThat(pair.sent(Dir.TO_CLIENT, PacketType.ABORT)).isEmpty();
            assertThat(pair.client.call.sendSpace()).isZero();
            ByteBuf dst = Unpooled.buffer(10);
            assertThat(pair.client.call.read(dst, pair.now)).isEqualTo(-1);
            dst.release();
        }
    }

    @Test
    void serviceAbortReachesTheClientWithItsCode() {
        try (CallPair pair = new CallPair()) {
            pair.startCall(CallPair.bytes(5000, 1), new byte[0]);
            pair.serverApp.neverReply = true;
            pair.runUntil(() -> pair.serverApp.requestDone, LIMIT);
            pair.server.call.abort(-454, "decode", pair.now);
            assertThat(pair.runUntil(pair::bothComplete, SECOND)).isTrue();
            assertThat(pair.client.call.completion().type()).isEqualTo(CompletionType.REMOTELY_ABORTED);
            assertThat(pair.client.call.completion().abortCode()).isEqualTo(-454);
            assertThat(pair.sent(Dir.TO_SERVICE, PacketType.ABORT)).isEmpty();
        }
    }

    @Test
    void pingIsAnsweredByPingResponseAndGivesAnRttSample() {
        try (CallPair pair = new CallPair()) {
            pair.startCall(CallPair.bytes(10, 1), CallPair.bytes(20_000, 2));
            assertThat(pair.runUntil(pair::bothComplete, LIMIT)).isTrue();
            Sent ping = pair.sent(Dir.TO_SERVICE, PacketType.ACK).stream()
                    .filter(s -> s.ack().reason() == AckReason.PING).findFirst().orElseThrow();
            assertThat(ping.header().hasFlags(RxFlags.REQUEST_ACK)).isTrue();
            Sent response = pair.sent(Dir.TO_CLIENT, PacketType.ACK).stream()
                    .filter(s -> s.ack().reason() == AckReason.PING_RESPONSE).findFirst().orElseThrow();
            assertThat(response.ack().serial()).isEqualTo(ping.header().serial());
            assertThat(pair.client.peer.rtt().samples()).isPositive();
            assertThat(pair.client.peer.rtt().srttNs()).isEqualTo(2 * pair.oneWayNs);
            assertThat(pair.server.peer.rtt().srttNs()).isEqualTo(2 * pair.oneWayNs);
            assertThat(pair.client.counters.get(Counter.RTT_SAMPLES)).isPositive();
        }
    }

    @Test
    void acksWithSerialZeroNeverFeedTheRtt() {
        try (CallPair pair = new CallPair()) {
            pair.startCall(CallPair.bytes(10, 1), new byte[0]);
            pair.serverApp.neverReply = true;
            pair.runUntil(() -> pair.client.call.state() == CallState.CLIENT_AWAIT_REPLY, SECOND);
            int before = pair.client.peer.rtt().samples();
            pair.now += 5_000_000;
            pair.inject(pair.client, ackToClient(pair, 2, 1)); // serial 0
            assertThat(pair.client.peer.rtt().samples()).isEqualTo(before);
        }
    }

    @Test
    void replyDataBeforeTheRequestWasSentIsAProtocolError() {
        try (CallPair pair = new CallPair()) {
            pair.client.call = new Call(pair.client, pair.client.ctx, 0, 1, false, pair.now);
            pair.client.call.send(Unpooled.wrappedBuffer(new byte[10]), false, pair.now);
            RxHeader h = new RxHeader(CallPair.EPOCH, CallPair.CID, 1, 1, 9, PacketType.DATA,
                    RxFlags.LAST_PACKET, 0, 0, 0, CallPair.SERVICE_ID);
            ByteBuf payload = Unpooled.wrappedBuffer(new byte[3]);
            pair.inject(pair.client, new RxPacket(h, new DataBody(payload)));
            assertThat(pair.client.call.completion().type()).isEqualTo(CompletionType.LOCALLY_ABORTED);
            assertThat(pair.client.call.completion().abortCode()).isEqualTo(AbortCodes.RX_PROTOCOL_ERROR);
            assertThat(pair.sent(Dir.TO_SERVICE, PacketType.ABORT)).singleElement()
                    .satisfies(s -> assertThat(s.abortCode()).isEqualTo(AbortCodes.RX_PROTOCOL_ERROR));
        }
    }

    @Test
    void ackOfAPacketNeverSentIsAProtocolError() {
        try (CallPair pair = new CallPair()) {
            pair.startCall(CallPair.bytes(10, 1), new byte[0]);
            pair.inject(pair.client, ackToClient(pair, 5, 4));
            assertThat(pair.client.call.completion().abortCode()).isEqualTo(AbortCodes.RX_PROTOCOL_ERROR);
        }
    }

    @Test
    void sendIsRefusedOutsideTheSendingStates() {
        try (CallPair pair = new CallPair()) {
            pair.startCall(CallPair.bytes(10, 1), new byte[0]);
            pair.serverApp.neverReply = true;
            Call client = pair.client.call;
            assertThatThrownBy(() -> client.send(Unpooled.wrappedBuffer(new byte[1]), true, pair.now))
                    .isInstanceOf(IllegalStateException.class);
            pair.runUntil(() -> pair.server.call != null, SECOND);
            // A 2-packet request keeps the service in RECV_REQUEST until both arrive.
            assertThat(pair.server.call.state()).isEqualTo(CallState.SERVER_ACK_REQUEST);
        }
        try (CallPair pair = new CallPair()) {
            pair.script = (d, h, i, p) -> h.type() == PacketType.DATA && h.seq() == 2
                    ? Fate.DROP : Fate.DELIVER;
            pair.startCall(CallPair.bytes(2000, 1), new byte[0]);
            pair.runUntil(() -> pair.server.call != null, SECOND);
            Call service = pair.server.call;
            assertThat(service.state()).isEqualTo(CallState.SERVER_RECV_REQUEST);
            assertThat(service.sendSpace()).isZero();
            assertThatThrownBy(() -> service.send(Unpooled.wrappedBuffer(new byte[1]), true, pair.now))
                    .isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void ackAllCompletesAServiceCallAwaitingItsFinalAck() {
        try (CallPair pair = new CallPair()) {
            pair.script = (d, h, i, p) -> d == Dir.TO_SERVICE && h.type() == PacketType.ACK
                    && p.client.call.state() == CallState.COMPLETE ? Fate.DROP : Fate.DELIVER;
            pair.startCall(CallPair.bytes(10, 1), CallPair.bytes(10, 2));
            pair.runUntil(() -> pair.client.call.state() == CallState.COMPLETE, SECOND);
            assertThat(pair.server.call.state()).isEqualTo(CallState.SERVER_AWAIT_ACK);
            RxHeader h = new RxHeader(CallPair.EPOCH, CallPair.CID, 1, 0, 99, PacketType.ACKALL,
                    RxFlags.CLIENT_INITIATED, 0, 0, 0, CallPair.SERVICE_ID);
            pair.inject(pair.server, new RxPacket(h, EmptyBody.EMPTY));
            assertThat(pair.server.call.completion().succeeded()).isTrue();
        }
    }

    @Test
    void busyIsIgnoredButCounted() {
        try (CallPair pair = new CallPair()) {
            pair.startCall(CallPair.bytes(10, 1), new byte[0]);
            RxHeader h = new RxHeader(CallPair.EPOCH, CallPair.CID, 1, 0, 0, PacketType.BUSY,
                    0, 0, 0, 0, CallPair.SERVICE_ID);
            pair.inject(pair.client, new RxPacket(h, EmptyBody.EMPTY));
            assertThat(pair.client.call.state()).isNotEqualTo(CallState.COMPLETE);
            assertThat(pair.client.counters.get(Counter.BUSIES_RECEIVED)).isEqualTo(1);
        }
    }

    @Test
    void receiveWindowFollowsConsumptionAndMemoryStaysBounded() {
        try (CallPair pair = new CallPair()) {
            byte[] reply = CallPair.bytes(1412 * 400, 2);
            ClientApp app = pair.startCall(CallPair.bytes(10, 1), reply);
            app.reading = false;
            pair.runUntil(() -> false, 10 * SECOND);
            RxQueue rx = pair.client.call.rxQueue();
            assertThat(rx.queuedPackets()).isEqualTo(pair.config.rxWindow());
            assertThat(rx.windowStart - 1).isEqualTo(pair.config.rxWindow());
            TxQueue tx = pair.server.call.txQueue();
            assertThat(tx.top - tx.hardAck)
                    .isLessThanOrEqualTo(pair.config.txBufferPackets() + pair.config.txMaxWindow());
            assertThat(pair.client.call.state()).isEqualTo(CallState.CLIENT_RECV_REPLY);
            app.reading = true;
            app.drain(pair.client.call);
            assertThat(pair.runUntil(pair::bothComplete, LIMIT)).isTrue();
            assertThat(app.reply.size()).isEqualTo(reply.length);
            assertThat(java.util.Arrays.equals(app.reply.toByteArray(), reply)).isTrue();
        }
    }

    @Test
    void completedCallKeepsUnreadReplyUntilReadOrTerminated() {
        try (CallPair pair = new CallPair()) {
            byte[] reply = CallPair.bytes(3000, 2);
            ClientApp app = pair.startCall(CallPair.bytes(10, 1), reply);
            app.reading = false;
            assertThat(pair.runUntil(pair::bothComplete, LIMIT)).isTrue();
            Call c = pair.client.call;
            assertThat(c.completion().succeeded()).isTrue();
            assertThat(c.holdsBuffers()).isTrue();
            assertThat(c.readableBytes()).isEqualTo(3000);
            ByteBuf dst = Unpooled.buffer(4000);
            assertThat(c.read(dst, pair.now)).isEqualTo(3000);
            assertThat(c.read(dst, pair.now)).isEqualTo(-1);
            dst.release();
            assertThat(c.holdsBuffers()).isFalse();
        }
        try (CallPair pair = new CallPair()) {
            ClientApp app = pair.startCall(CallPair.bytes(10, 1), CallPair.bytes(3000, 2));
            app.reading = false;
            assertThat(pair.runUntil(pair::bothComplete, LIMIT)).isTrue();
            assertThat(pair.client.call.holdsBuffers()).isTrue();
            // close() terminates (shutdown) and proves the unread reply was released.
        }
    }

    @Test
    void terminatingMidTransferReleasesEverything() {
        try (CallPair pair = new CallPair()) {
            pair.script = (d, h, i, p) -> i % 6 == 5 ? Fate.DROP : Fate.DELIVER;
            pair.startCall(CallPair.bytes(400_000, 1), CallPair.bytes(10, 2));
            pair.runUntil(() -> pair.server.call != null
                    && pair.server.call.rxQueue().windowStart > 50, LIMIT);
            assertThat(pair.client.call.txQueue().holdsBuffers()).isTrue();
            pair.client.call.terminate(CompletionType.LOCAL_ERROR, 0, "shutdown", pair.now);
            assertThat(pair.client.call.completion().type()).isEqualTo(CompletionType.LOCAL_ERROR);
            assertThat(pair.client.completedCalls).hasSize(1);
            assertThat(pair.client.call.holdsBuffers()).isFalse();
        }
    }
}
