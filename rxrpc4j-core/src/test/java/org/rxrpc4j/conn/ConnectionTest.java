package org.rxrpc4j.conn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;
import org.junit.jupiter.api.Test;
import org.rxrpc4j.call.Call;
import org.rxrpc4j.call.EngineContext;
import org.rxrpc4j.config.RxConfig;
import org.rxrpc4j.env.Entropy;
import org.rxrpc4j.env.Environment;
import org.rxrpc4j.env.TimerQueue;
import org.rxrpc4j.trace.Counter;
import org.rxrpc4j.trace.Counters;
import org.rxrpc4j.wire.AbortBody;
import org.rxrpc4j.wire.AckBody;
import org.rxrpc4j.wire.AckReason;
import org.rxrpc4j.wire.DataBody;
import org.rxrpc4j.wire.EmptyBody;
import org.rxrpc4j.wire.OpaqueBody;
import org.rxrpc4j.wire.PacketBody;
import org.rxrpc4j.wire.PacketType;
import org.rxrpc4j.wire.RxFlags;
import org.rxrpc4j.wire.RxHeader;
import org.rxrpc4j.wire.RxPacket;

/** Connection behaviour that needs no live call: serials, drops, connection ABORT. */
class ConnectionTest {

    private static final int EPOCH = 0x80001234;
    private static final int CID = 0x400;

    private final UnpooledByteBufAllocator alloc = new UnpooledByteBufAllocator(false);
    private final Counters counters = new Counters();
    private final EngineContext context = new EngineContext(alloc, new TimerQueue<LongConsumer>(),
            counters, RxConfig.defaults(), new Environment(() -> 0L, () -> 0L, Entropy.seeded(1)));
    private final List<Call> created = new ArrayList<>();
    private final ConnectionEvents events = new ConnectionEvents() {
        @Override
        public boolean hasRoom(int serviceId) {
            return true;
        }

        @Override
        public void newServiceCall(Call call, long nowNs) {
            created.add(call);
        }

        @Override
        public void callCompleted(Call call) { }
    };
    private final Outbound out = (to, d) -> {
        d.release();
        throw new AssertionError("nothing should be sent");
    };

    private Connection connection(boolean client) {
        return new Connection(context, out, events, null, client, EPOCH, CID, 52, 0);
    }

    private static RxPacket packet(PacketType type, int flags, int channel, int callNumber, int seq,
            int securityIndex, PacketBody body) {
        return new RxPacket(new RxHeader(EPOCH, CID | channel, callNumber, seq, 99, type, flags, 0,
                securityIndex, 0, 52), body);
    }

    @Test
    void serialsStartAtOneAndSkipZeroOnWrap() {
        Connection c = connection(true);
        assertThat(c.nextSerial()).isEqualTo(1);
        assertThat(c.nextSerial()).isEqualTo(2);
        c.lastSerial(-3);
        assertThat(c.nextSerial()).isEqualTo(-2);
        assertThat(c.nextSerial()).isEqualTo(-1); // 0xffffffff
        assertThat(c.nextSerial()).isEqualTo(1);
        assertThat(c.nextSerial()).isEqualTo(2);
    }

    @Test
    void serialsAreSharedByTheChannelsOfAConnection() {
        Connection c = connection(true);
        assertThat(c.channel(0).nextSerial()).isEqualTo(1);
        assertThat(c.channel(3).nextSerial()).isEqualTo(2);
        assertThat(c.channel(1).nextSerial()).isEqualTo(3);
    }

    @Test
    void channelsCarryTheConnectionIdentity() {
        Connection c = new Connection(context, out, events, null, true, EPOCH, CID | 3, 52, 0);
        Channel ch = c.channel(2);
        assertThat(ch.epoch()).isEqualTo(EPOCH);
        assertThat(ch.connectionId()).isEqualTo(CID);
        assertThat(ch.serviceId()).isEqualTo(52);
        assertThat(ch.securityIndex()).isZero();
        assertThat(ch.isClient()).isTrue();
        assertThat(ch.index()).isEqualTo(2);
        assertThat(ch.connection()).isSameAs(c);
    }

    @Test
    void aPacketWithAnotherSecurityIndexIsDropped() {
        Connection c = connection(false);
        c.receive(packet(PacketType.DATA, RxFlags.CLIENT_INITIATED, 0, 1, 1, 2,
                new DataBody(Unpooled.EMPTY_BUFFER)), 0);
        assertThat(counters.get(Counter.DROP_SECURITY_MISMATCH)).isEqualTo(1);
        assertThat(created).isEmpty();
    }

    @Test
    void aServiceConnectionStartsNoCallFromAckAckallBusyOrLaterData() {
        Connection c = connection(false);
        c.receive(packet(PacketType.ACK, RxFlags.CLIENT_INITIATED, 1, 1, 0, 0,
                new AckBody(0, 0, 1, 0, 0, AckReason.IDLE, new byte[0], null)), 0);
        c.receive(packet(PacketType.ACKALL, RxFlags.CLIENT_INITIATED, 1, 1, 0, 0, EmptyBody.EMPTY), 0);
        c.receive(packet(PacketType.DATA, RxFlags.CLIENT_INITIATED, 1, 1, 2, 0,
                new DataBody(Unpooled.EMPTY_BUFFER)), 0);
        c.receive(packet(PacketType.ABORT, RxFlags.CLIENT_INITIATED, 1, 1, 0, 0, new AbortBody(-6)), 0);
        assertThat(counters.get(Counter.DROP_NO_CALL)).isEqualTo(3);
        assertThat(counters.get(Counter.DROP_ABORT_NOT_ANSWERED)).isEqualTo(1);
        assertThat(created).isEmpty();
        assertThat(c.channel(1).callCounter()).isZero();
    }

    @Test
    void aClientConnectionDropsPacketsForCallsItNeverStarted() {
        Connection c = connection(true);
        c.receive(packet(PacketType.DATA, 0, 0, 1, 1, 0, new DataBody(Unpooled.EMPTY_BUFFER)), 0);
        assertThat(counters.get(Counter.DROP_NO_CALL)).isEqualTo(1);
    }

    @Test
    void aConnectionAbortWithNoCallsMarksTheConnectionAndLaterPacketsAreDropped() {
        Connection c = connection(true);
        assertThat(c.freeChannel()).isNotNull();
        c.receive(packet(PacketType.ABORT, 0, 0, 0, 0, 0, new AbortBody(-100)), 0);
        assertThat(c.isAborted()).isTrue();
        assertThat(c.abortCode()).isEqualTo(-100);
        assertThat(counters.get(Counter.ABORTS_RECEIVED)).isEqualTo(1);
        assertThat(c.freeChannel()).as("an aborted connection takes no new calls").isNull();
        c.receive(packet(PacketType.DATA, 0, 0, 1, 1, 0, new DataBody(Unpooled.EMPTY_BUFFER)), 0);
        assertThat(counters.get(Counter.DROP_AFTER_COMPLETION)).isEqualTo(1);
    }

    @Test
    void securityPacketsAreDroppedWithoutASecurityClass() {
        Connection c = connection(false);
        c.receive(packet(PacketType.RESPONSE, RxFlags.CLIENT_INITIATED, 0, 0, 0, 0,
                OpaqueBody.EMPTY), 0);
        assertThat(counters.get(Counter.DROP_SECURITY_MISMATCH)).isEqualTo(1);
    }

    @Test
    void aServiceConnectionHasNoFreeChannelForClientCalls() {
        Connection c = connection(false);
        assertThat(c.freeChannel()).isNull();
        assertThatThrownBy(() -> c.startCall(c.channel(0), 0)).isInstanceOf(IllegalStateException.class);
        assertThat(c.activeCalls()).isZero();
    }
}
