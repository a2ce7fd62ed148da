package org.rxrpc4j.call;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.rxrpc4j.call.CallPair.Dir;
import org.rxrpc4j.call.CallPair.Fate;
import org.rxrpc4j.call.CallPair.Sent;
import org.rxrpc4j.trace.Counter;
import org.rxrpc4j.wire.AckReason;
import org.rxrpc4j.wire.DataBody;
import org.rxrpc4j.wire.Jumbogram;
import org.rxrpc4j.wire.PacketType;
import org.rxrpc4j.wire.RxFlags;
import org.rxrpc4j.wire.RxHeader;
import org.rxrpc4j.wire.RxPacket;

/** The service side's receive path, fed hand-made packets. */
class CallReceiveTest {

    private static RxHeader data(int seq, int serial, int flags) {
        return new RxHeader(CallPair.EPOCH, CallPair.CID, 1, seq, serial, PacketType.DATA,
                flags | RxFlags.CLIENT_INITIATED, 0, 0, 0, CallPair.SERVICE_ID);
    }

    private static void injectData(CallPair pair, int seq, int serial, int flags, int length) {
        ByteBuf payload = pair.alloc.buffer(length).writeZero(length);
        try {
            pair.inject(pair.server, new RxPacket(data(seq, serial, flags), new DataBody(payload)));
        } finally {
            payload.release();
        }
    }

    /** A jumbogram of subpackets starting at {@code seq}; flags per subpacket. */
    private static void injectJumbo(CallPair pair, int seq, int serial, int... flags) {
        List<RxPacket> parts = new ArrayList<>();
        List<ByteBuf> payloads = new ArrayList<>();
        for (int k = 0; k < flags.length; k++) {
            boolean last = k == flags.length - 1;
            int f = flags[k] | (last ? 0 : RxFlags.JUMBO_PACKET);
            ByteBuf p = pair.alloc.buffer(1412).writeZero(last ? 100 : 1412);
            payloads.add(p);
            RxHeader h = new RxHeader(CallPair.EPOCH, CallPair.CID, 1, seq + k, serial + k,
                    PacketType.DATA, f | (k == 0 ? RxFlags.CLIENT_INITIATED : 0), 0, 0, 0,
                    CallPair.SERVICE_ID);
            parts.add(new RxPacket(h, new DataBody(p)));
        }
        ByteBuf out = pair.alloc.buffer(Jumbogram.encodedLength(parts));
        Jumbogram.encode(parts, out);
        payloads.forEach(ByteBuf::release);
        try {
            RxPacket decoded = RxPacket.decode(out);
            pair.serverApp = pair.new ServerApp(new byte[0], 0);
            if (pair.server.call == null) {
                pair.server.call = new Call(pair.server, pair.server.ctx, 0, 1, true, pair.now);
                pair.server.call.listener(pair.serverApp);
            }
            pair.server.call.receive(decoded, pair.now);
        } catch (Exception e) {
            throw new AssertionError(e);
        } finally {
            out.release();
        }
    }

    private static Sent lastAck(CallPair pair) {
        List<Sent> acks = pair.sent(Dir.TO_CLIENT, PacketType.ACK);
        return acks.get(acks.size() - 1);
    }

    @Test
    void dataBeyondTheWindowIsDroppedWithAnExceedsWindowAckNamingIt() {
        try (CallPair pair = new CallPair()) {
            pair.serverApp.neverReply = true;
            injectData(pair, 1, 11, 0, 10);
            // The service application consumed seq 1 at once: the window is [2, 2 + rxWindow).
            assertThat(pair.server.call.rxQueue().readSeq).isEqualTo(2);
            injectData(pair, 2 + pair.config.rxWindow(), 12, 0, 10);
            Sent ack = lastAck(pair);
            assertThat(ack.ack().reason()).isEqualTo(AckReason.EXCEEDS_WINDOW);
            assertThat(ack.ack().serial()).isEqualTo(12);
            assertThat(ack.ack().firstPacket()).isEqualTo(2);
            assertThat(pair.server.counters.get(Counter.DROP_BEYOND_WINDOW)).isEqualTo(1);
            injectData(pair, 1 + pair.config.rxWindow(), 13, 0, 10); // the last seq in the window
            assertThat(lastAck(pair).ack().reason()).isEqualTo(AckReason.OUT_OF_SEQUENCE);
        }
    }

    @Test
    void requestedAckNamesTheDataSerialAndDuplicatesAreAnswered() {
        try (CallPair pair = new CallPair()) {
            pair.serverApp.neverReply = true;
            injectData(pair, 1, 21, RxFlags.REQUEST_ACK, 10);
            assertThat(lastAck(pair).ack().reason()).isEqualTo(AckReason.REQUESTED);
            assertThat(lastAck(pair).ack().serial()).isEqualTo(21);
            injectData(pair, 1, 22, 0, 10);
            assertThat(lastAck(pair).ack().reason()).isEqualTo(AckReason.DUPLICATE);
            assertThat(lastAck(pair).ack().serial()).isEqualTo(22);
        }
    }

    @Test
    void jumbogramSubpacketsAreQueuedAndTheMostUrgentAckWins() {
        try (CallPair pair = new CallPair()) {
            pair.script = (d, h, i, p) -> Fate.DELIVER;
            // seq 2, 3, 4 with a gap before them (OUT_OF_SEQUENCE outranks REQUESTED on seq 3)
            injectJumbo(pair, 2, 40, 0, RxFlags.REQUEST_ACK, 0);
            Sent ack = lastAck(pair);
            assertThat(ack.ack().reason()).isEqualTo(AckReason.OUT_OF_SEQUENCE);
            assertThat(ack.ack().serial()).isEqualTo(40);
            assertThat(ack.ack().nAcks()).isEqualTo(4); // 1 NACK, 2..4 ACK
            assertThat(pair.server.counters.get(Counter.JUMBOGRAMS_RECEIVED)).isEqualTo(1);
            assertThat(pair.server.counters.get(Counter.DATA_PACKETS_RECEIVED)).isEqualTo(3);
            // seq 1 fills the hole: DELAY at once, naming it.
            injectData(pair, 1, 50, 0, 1412);
            assertThat(lastAck(pair).ack().reason()).isEqualTo(AckReason.DELAY);
            assertThat(lastAck(pair).ack().firstPacket()).isEqualTo(5);
        }
        try (CallPair pair = new CallPair()) {
            injectJumbo(pair, 1, 60, 0, RxFlags.REQUEST_ACK, RxFlags.LAST_PACKET);
            Sent ack = lastAck(pair);
            assertThat(ack.ack().reason()).isEqualTo(AckReason.REQUESTED);
            assertThat(ack.ack().serial()).isEqualTo(61);
            assertThat(ack.ack().firstPacket()).isEqualTo(4);
            assertThat(pair.server.call.state()).isEqualTo(CallState.SERVER_ACK_REQUEST);
            assertThat(pair.serverApp.request.size()).isEqualTo(1412 * 2 + 100);
            assertThat(pair.serverApp.requestDone).isTrue();
        }
    }

    @Test
    void aJumbogramWithLastAndJumboOnOneSubpacketIsAProtocolError() {
        try (CallPair pair = new CallPair()) {
            injectData(pair, 1, 1, 0, 10);
            // hand-build: first subpacket has JUMBO|LAST
            ByteBuf body = pair.alloc.buffer(1416 + 10).writeZero(1412).writeByte(RxFlags.LAST_PACKET)
                    .writeZero(3).writeZero(10);
            try {
                pair.server.call.receive(new RxPacket(
                        data(2, 2, RxFlags.JUMBO_PACKET | RxFlags.LAST_PACKET), new DataBody(body)),
                        pair.now);
            } finally {
                body.release();
            }
            assertThat(pair.server.call.completion().abortCode()).isEqualTo(-5);
        }
    }
}
