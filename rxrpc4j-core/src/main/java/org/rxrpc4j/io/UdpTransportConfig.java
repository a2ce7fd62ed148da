package org.rxrpc4j.io;

import io.netty.buffer.ByteBufAllocator;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link UdpTransport} binds and sizes its socket. Immutable; start from
 * {@link #defaults(InetSocketAddress)} and change fields with the {@code with...} methods.
 *
 * @param bindAddress the local address; port 0 picks an ephemeral port. An IPv4 address gives
 *     an IPv4 socket, an IPv6 address (including {@code ::}) an IPv6 one.
 * @param receiveBufferBytes SO_RCVBUF; the kernel caps it at {@code net.core.rmem_max}
 * @param sendBufferBytes SO_SNDBUF; the kernel caps it at {@code net.core.wmem_max}
 * @param maxDatagramSize the largest datagram accepted, in bytes (1..65535). Larger ones are
 *     dropped and counted ({@code NET_RECEIVE_TRUNCATED}); the engine must never advertise a
 *     larger receive size than this.
 * @param receiveBatch how many datagrams one recvmmsg call may return on epoll (1 disables
 *     recvmmsg); each read allocates {@code receiveBatch * (maxDatagramSize + 1)} bytes
 * @param maxDatagramsPerRead how many datagrams one readiness event may deliver before the loop
 *     turns to its other work (timers, commands), so a flood cannot starve them
 * @param sendQueueLimitBytes bytes of written but unsent datagrams beyond which further sends
 *     are dropped and counted ({@code NET_SEND_DROPPED_QUEUE_FULL}), keeping the queue bounded
 * @param copyReceivedDatagrams whether each received datagram is copied into a buffer of its
 *     own size. On by default: without it a datagram is a slice of the whole read buffer, and an
 *     engine that keeps one (a DATA payload waiting in a receive window) would pin all of it.
 * @param forceNio use the NIO transport even where native epoll is available; also forced by
 *     the system property {@value UdpTransport#FORCE_NIO_PROPERTY}{@code =true}
 * @param allocator where receive buffers come from
 * @param closeTimeout how long {@link UdpTransport#close()} waits for the loop thread to end
 */
public record UdpTransportConfig(
        InetSocketAddress bindAddress,
        int receiveBufferBytes,
        int sendBufferBytes,
        int maxDatagramSize,
        int receiveBatch,
        int maxDatagramsPerRead,
        int sendQueueLimitBytes,
        boolean copyReceivedDatagrams,
        boolean forceNio,
        ByteBufAllocator allocator,
        Duration closeTimeout) {

    /** Default socket buffer size: 4 MiB, so a burst of a few thousand packets is not dropped. */
    public static final int DEFAULT_SOCKET_BUFFER_BYTES = 4 << 20;

    /** The largest UDP payload there can be. */
    public static final int MAX_UDP_PAYLOAD = 65535;

    public UdpTransportConfig {
        Objects.requireNonNull(bindAddress, "bindAddress");
        Objects.requireNonNull(allocator, "allocator");
        Objects.requireNonNull(closeTimeout, "closeTimeout");
        if (bindAddress.isUnresolved()) {
            throw new IllegalArgumentException("unresolved bind address " + bindAddress);
        }
        requirePositive(receiveBufferBytes, "receiveBufferBytes");
        requirePositive(sendBufferBytes, "sendBufferBytes");
        requirePositive(receiveBatch, "receiveBatch");
        requirePositive(maxDatagramsPerRead, "maxDatagramsPerRead");
        requirePositive(sendQueueLimitBytes, "sendQueueLimitBytes");
        if (maxDatagramSize < 1 || maxDatagramSize > MAX_UDP_PAYLOAD) {
            throw new IllegalArgumentException("maxDatagramSize " + maxDatagramSize + " not in 1.." + MAX_UDP_PAYLOAD);
        }
        if ((long) receiveBatch * (maxDatagramSize + 1) > Integer.MAX_VALUE / 2) {
            throw new IllegalArgumentException("receiveBatch * maxDatagramSize is too large");
        }
        if (closeTimeout.isNegative()) {
            throw new IllegalArgumentException("negative closeTimeout");
        }
    }

    private static void requirePositive(int v, String name) {
        if (v <= 0) {
            throw new IllegalArgumentException(name + " must be positive: " + v);
        }
    }

    /**
     * @param bindAddress where to bind; port 0 for an ephemeral port
     * @return the defaults: 4 MiB socket buffers, datagrams up to 65535 bytes, 16 per recvmmsg,
     *     64 per readiness event, an 8 MiB send queue, received datagrams copied, epoll where
     *     available, the default pooled allocator, 5 s to close
     */
    public static UdpTransportConfig defaults(InetSocketAddress bindAddress) {
        return new UdpTransportConfig(bindAddress, DEFAULT_SOCKET_BUFFER_BYTES, DEFAULT_SOCKET_BUFFER_BYTES,
                MAX_UDP_PAYLOAD, 16, 64, 8 << 20, true, false, ByteBufAllocator.DEFAULT, Duration.ofSeconds(5));
    }

    /** @return a copy with other socket buffer sizes */
    public UdpTransportConfig withSocketBuffers(int receiveBytes, int sendBytes) {
        return new UdpTransportConfig(bindAddress, receiveBytes, sendBytes, maxDatagramSize, receiveBatch,
                maxDatagramsPerRead, sendQueueLimitBytes, copyReceivedDatagrams, forceNio, allocator, closeTimeout);
    }

    /** @return a copy with another largest datagram size */
    public UdpTransportConfig withMaxDatagramSize(int bytes) {
        return new UdpTransportConfig(bindAddress, receiveBufferBytes, sendBufferBytes, bytes, receiveBatch,
                maxDatagramsPerRead, sendQueueLimitBytes, copyReceivedDatagrams, forceNio, allocator, closeTimeout);
    }

    /** @return a copy with another recvmmsg batch size and per-event datagram budget */
    public UdpTransportConfig withReceiveBatch(int batch, int perRead) {
        return new UdpTransportConfig(bindAddress, receiveBufferBytes, sendBufferBytes, maxDatagramSize, batch,
                perRead, sendQueueLimitBytes, copyReceivedDatagrams, forceNio, allocator, closeTimeout);
    }

    /** @return a copy with another send queue bound */
    public UdpTransportConfig withSendQueueLimit(int bytes) {
        return new UdpTransportConfig(bindAddress, receiveBufferBytes, sendBufferBytes, maxDatagramSize,
                receiveBatch, maxDatagramsPerRead, bytes, copyReceivedDatagrams, forceNio, allocator, closeTimeout);
    }

    /** @return a copy that does or does not copy received datagrams out of the read buffer */
    public UdpTransportConfig withCopyReceivedDatagrams(boolean copy) {
        return new UdpTransportConfig(bindAddress, receiveBufferBytes, sendBufferBytes, maxDatagramSize,
                receiveBatch, maxDatagramsPerRead, sendQueueLimitBytes, copy, forceNio, allocator, closeTimeout);
    }

    /** @return a copy that does or does not force the NIO transport */
    public UdpTransportConfig withForceNio(boolean nio) {
        return new UdpTransportConfig(bindAddress, receiveBufferBytes, sendBufferBytes, maxDatagramSize,
                receiveBatch, maxDatagramsPerRead, sendQueueLimitBytes, copyReceivedDatagrams, nio, allocator,
                closeTimeout);
    }

    /** @return a copy with another buffer allocator */
    public UdpTransportConfig withAllocator(ByteBufAllocator alloc) {
        return new UdpTransportConfig(bindAddress, receiveBufferBytes, sendBufferBytes, maxDatagramSize,
                receiveBatch, maxDatagramsPerRead, sendQueueLimitBytes, copyReceivedDatagrams, forceNio, alloc,
                closeTimeout);
    }

    /** @return a copy with another close timeout */
    public UdpTransportConfig withCloseTimeout(Duration timeout) {
        return new UdpTransportConfig(bindAddress, receiveBufferBytes, sendBufferBytes, maxDatagramSize,
                receiveBatch, maxDatagramsPerRead, sendQueueLimitBytes, copyReceivedDatagrams, forceNio, allocator,
                timeout);
    }
}
