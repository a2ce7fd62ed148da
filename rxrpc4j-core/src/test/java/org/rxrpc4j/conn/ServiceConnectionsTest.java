package org.rxrpc4j.conn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.UnpooledByteBufAllocator;
import java.net.InetSocketAddress;
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
import org.rxrpc4j.wire.PacketType;
import org.rxrpc4j.wire.RxFlags;
import org.rxrpc4j.wire.RxHeader;

/** Service connections are keyed by (peer address, epoch, cid & ~3). */
class ServiceConnectionsTest {

    private static final InetSocketAddress A = new InetSocketAddress("10.0.0.2", 7001);
    private static final InetSocketAddress B = new InetSocketAddress("10.0.0.3", 7001);

    private final Counters counters = new Counters();
    private final EngineContext context = new EngineContext(new UnpooledByteBufAllocator(false),
            new TimerQueue<LongConsumer>(), counters, RxConfig.defaults(),
            new Environment(() -> 0L, () -> 0L, Entropy.seeded(1)));
    private final ServiceConnections table = new ServiceConnections(context, (to, d) -> d.release(),
            new ConnectionEvents() {
                @Override
                public boolean hasRoom(int serviceId) {
                    return true;
                }

                @Override
                public void newServiceCall(Call call, long nowNs) { }

                @Override
                public void callCompleted(Call call) { }
            });

    private static RxHeader h(int epoch, int cid) {
        return new RxHeader(epoch, cid, 1, 1, 1, PacketType.DATA, RxFlags.CLIENT_INITIATED, 0, 0, 0, 52);
    }

    @Test
    void theChannelBitsDoNotMatterButAddressEpochAndIdDo() {
        Connection c = table.create(A, null, h(0x80000001, 0x100));
        assertThat(c.isClient()).isFalse();
        assertThat(c.connectionId()).isEqualTo(0x100);
        assertThat(c.serviceId()).isEqualTo(52);
        assertThat(table.find(A, h(0x80000001, 0x103))).isSameAs(c);
        assertThat(table.find(B, h(0x80000001, 0x100))).isNull();
        assertThat(table.find(A, h(0x80000002, 0x100))).isNull();
        assertThat(table.find(A, h(0x80000001, 0x104))).isNull();
        assertThat(table.size()).isEqualTo(1);
        assertThat(counters.get(Counter.CONNECTIONS_CREATED)).isEqualTo(1);
    }

    @Test
    void aConnectionIsMadeOnceAndClearCountsTheDestroyed() {
        table.create(A, null, h(1, 0x100));
        table.create(B, null, h(1, 0x100));
        assertThatThrownBy(() -> table.create(A, null, h(1, 0x101)))
                .isInstanceOf(IllegalStateException.class);
        assertThat(table.all()).hasSize(2);
        table.clear();
        assertThat(table.size()).isZero();
        assertThat(counters.get(Counter.CONNECTIONS_DESTROYED)).isEqualTo(2);
    }
}
