package org.rxrpc4j.io;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongUnaryOperator;

/**
 * A tiny engine for transport tests: records every arrival (and optionally echoes it back),
 * records every {@link #runDue} time, and reports whatever deadline the test sets.
 */
final class TestEngine implements Engine {

    /** One datagram as it arrived. */
    record Arrival(InetSocketAddress from, byte[] bytes, String thread, long nowNs, Object readBuffer) {}

    private final UdpTransport transport;
    private final boolean echo;
    final List<Arrival> arrivals = new CopyOnWriteArrayList<>();
    final List<Long> runDueTimes = new CopyOnWriteArrayList<>();
    final AtomicInteger received = new AtomicInteger();
    /** What {@link #nextDeadlineNs()} reports; written on the loop thread (via commands) or by runDue. */
    volatile long deadline = Long.MAX_VALUE;
    /** Given the time runDue ran, the next deadline; by default none. */
    volatile LongUnaryOperator afterDue = now -> Long.MAX_VALUE;
    /** Throws from onDatagram this many more times (after releasing the datagram). */
    final AtomicInteger throwOnDatagram = new AtomicInteger();
    /** Keep the bytes of each arrival (off for bulk tests that only count). */
    volatile boolean keepArrivals = true;

    TestEngine(UdpTransport transport, boolean echo) {
        this.transport = transport;
        this.echo = echo;
    }

    @Override
    public void onDatagram(InetSocketAddress from, ByteBuf datagram, long nowNs) {
        // Record the arrival before counting it: tests wait on the count, then read the list.
        if (keepArrivals) {
            arrivals.add(new Arrival(from, ByteBufUtil.getBytes(datagram), Thread.currentThread().getName(), nowNs,
                    root(datagram)));
        }
        received.incrementAndGet();
        if (throwOnDatagram.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            datagram.release();
            throw new IllegalStateException("test engine told to throw");
        }
        if (echo) {
            transport.send(from, datagram);
        } else {
            datagram.release();
        }
    }

    /** The buffer a datagram was read into, under any slices and leak-detection wrappers. */
    private static ByteBuf root(ByteBuf b) {
        while (b.unwrap() != null) {
            b = b.unwrap();
        }
        return b;
    }

    @Override
    public void runDue(long nowNs) {
        runDueTimes.add(nowNs);
        deadline = afterDue.applyAsLong(nowNs);
    }

    @Override
    public long nextDeadlineNs() {
        return deadline;
    }
}
