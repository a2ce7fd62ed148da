package org.rxrpc4j.local;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.net.InetSocketAddress;
import org.rxrpc4j.call.Call;
import org.rxrpc4j.call.CallListener;
import org.rxrpc4j.config.RxConfig;
import org.rxrpc4j.env.Environment;
import org.rxrpc4j.io.DatagramSink;
import org.rxrpc4j.trace.Counters;

/**
 * One local UDP endpoint's protocol engine: its services, peers, connections and calls, and the
 * inbound packet router. Sans-I/O: it is fed datagrams and due deadlines, each with the current
 * time, and sends through a {@link DatagramSink}. Owned by one thread.
 *
 * <p>CONTRACT SKELETON for issue 3; the implementation replaces the bodies.
 */
public final class LocalEndpoint {

    /**
     * @param address the local address (reported in views; the engine does not bind it)
     * @param sink where outgoing datagrams go
     * @param allocator where packet buffers come from
     * @param environment time and entropy (epoch and connection IDs are drawn from it)
     * @param config tunables
     */
    public LocalEndpoint(InetSocketAddress address, DatagramSink sink, ByteBufAllocator allocator,
            Environment environment, RxConfig config) {
        throw new UnsupportedOperationException("issue 3: LocalEndpoint is being implemented");
    }

    /** @return the local address */
    public InetSocketAddress address() {
        throw new UnsupportedOperationException();
    }

    /**
     * Offers a service on this endpoint.
     *
     * @param backlog incoming calls held until accepted; beyond it new calls are answered BUSY
     * @throws IllegalArgumentException if the ID is already offered or out of range (1..65535)
     */
    public void addService(int serviceId, int backlog, IncomingCallHandler handler) {
        throw new UnsupportedOperationException();
    }

    /** @return the oldest waiting incoming call of the service, now owned by the caller, or null */
    public Call accept(int serviceId, CallListener listener) {
        throw new UnsupportedOperationException();
    }

    /** Starts a client call to a service on a peer. */
    public Call makeCall(InetSocketAddress peer, int serviceId, CallListener listener, long nowNs) {
        throw new UnsupportedOperationException();
    }

    /** One datagram from {@code from}. Takes ownership of {@code datagram}. */
    public void onDatagram(InetSocketAddress from, ByteBuf datagram, long nowNs) {
        throw new UnsupportedOperationException();
    }

    /** Runs every deadline that is due at {@code nowNs}. */
    public void runDue(long nowNs) {
        throw new UnsupportedOperationException();
    }

    /** @return the earliest pending deadline, or {@link Long#MAX_VALUE} if none */
    public long nextDeadlineNs() {
        throw new UnsupportedOperationException();
    }

    /** @return this endpoint's counters */
    public Counters counters() {
        throw new UnsupportedOperationException();
    }

    /**
     * Ends every call (LOCAL_ERROR), forgets every connection and peer, and releases every
     * buffer the endpoint holds. The endpoint accepts nothing afterwards.
     */
    public void shutdown(long nowNs) {
        throw new UnsupportedOperationException();
    }

    /** @return calls not yet complete, or complete but still holding unread data */
    public int liveCalls() {
        throw new UnsupportedOperationException();
    }

    /** @return connections the endpoint holds */
    public int liveConnections() {
        throw new UnsupportedOperationException();
    }

    /** @return peers the endpoint holds */
    public int livePeers() {
        throw new UnsupportedOperationException();
    }
}
