package org.rxrpc4j.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.rxrpc4j.config.RxConfig;
import org.rxrpc4j.env.Entropy;
import org.rxrpc4j.env.Environment;
import org.rxrpc4j.wire.DecodeException;
import org.rxrpc4j.wire.PacketBody;
import org.rxrpc4j.wire.RxHeader;
import org.rxrpc4j.wire.RxPacket;

/**
 * A {@link LocalEndpoint} wired to a capturing sink and an instrumented unpooled allocator, so
 * that a test sees every datagram the engine sends (as bytes) and can prove that every buffer
 * was released.
 */
final class EndpointHarness {

    /** One datagram the engine sent. */
    record Sent(InetSocketAddress to, byte[] bytes) {
        RxPacket decode() {
            try {
                return RxPacket.decode(Unpooled.wrappedBuffer(bytes));
            } catch (DecodeException e) {
                throw new AssertionError("engine sent an undecodable packet " + ByteBufUtil.hexDump(bytes), e);
            }
        }
    }

    static final InetSocketAddress LOCAL = new InetSocketAddress("10.0.0.1", 7000);
    static final InetSocketAddress REMOTE = new InetSocketAddress("10.0.0.2", 7001);

    final UnpooledByteBufAllocator allocator = new UnpooledByteBufAllocator(false);
    final List<Sent> sent = new ArrayList<>();
    final LocalEndpoint endpoint;
    long nowNs = 1_000_000_000L;

    EndpointHarness() {
        this(RxConfig.defaults(), 42);
    }

    EndpointHarness(RxConfig config, long seed) {
        Environment env = new Environment(() -> nowNs, () -> 0L, Entropy.seeded(seed));
        endpoint = new LocalEndpoint(LOCAL, (to, datagram) -> {
            byte[] bytes = ByteBufUtil.getBytes(datagram);
            datagram.release();
            sent.add(new Sent(to, bytes));
        }, allocator, env, config);
    }

    /** Feeds {@code header} + {@code body}, encoded into a buffer of the endpoint's allocator. */
    void receive(RxHeader header, PacketBody body) {
        receive(new RxPacket(header, body));
    }

    void receive(RxPacket packet) {
        ByteBuf b = allocator.heapBuffer(packet.encodedLength());
        packet.encode(b);
        endpoint.onDatagram(REMOTE, b, nowNs);
    }

    /** Feeds raw bytes. */
    void receive(byte[] bytes) {
        ByteBuf b = allocator.heapBuffer(bytes.length);
        b.writeBytes(bytes);
        endpoint.onDatagram(REMOTE, b, nowNs);
    }

    /** @return the one datagram sent since the last call, decoded */
    Sent onlySent() {
        assertThat(sent).hasSize(1);
        Sent s = sent.remove(0);
        return s;
    }

    long count(org.rxrpc4j.trace.Counter c) {
        return endpoint.counters().get(c);
    }

    long bytesInUse() {
        return allocator.metric().usedHeapMemory() + allocator.metric().usedDirectMemory();
    }
}
