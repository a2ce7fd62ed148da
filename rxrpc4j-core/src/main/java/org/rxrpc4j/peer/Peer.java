package org.rxrpc4j.peer;

import java.net.InetSocketAddress;
import org.rxrpc4j.config.RxConfig;
import org.rxrpc4j.wire.AckBody;

/**
 * A remote transport address and what is known about the path to it: RTT and RTO, how much
 * DATA fits in a packet to it. Shared by every connection to that address. Engine thread only.
 *
 * <p>CONTRACT SKELETON for issue 3; the implementation replaces the bodies.
 */
public final class Peer {

    /** @param address the peer's UDP address */
    public Peer(InetSocketAddress address, RxConfig config) {
        throw new UnsupportedOperationException("issue 3: Peer is being implemented");
    }

    /** @return the peer's UDP address */
    public InetSocketAddress address() {
        throw new UnsupportedOperationException();
    }

    /** @return the RTT estimator of the path to this peer */
    public RttEstimator rtt() {
        throw new UnsupportedOperationException();
    }

    /**
     * @return how many user bytes one DATA packet to this peer may carry: the configured size,
     *     lowered if the peer advertised a smaller maximum packet
     */
    public int maxDataPerPacket() {
        throw new UnsupportedOperationException();
    }

    /**
     * Learns from an ACK's trailer (rx-protocol.md §4.3): the peer's maximum packet size,
     * clamped so that nonsense (an MTU below the header size) breaks nothing.
     */
    public void onAck(AckBody ack) {
        throw new UnsupportedOperationException();
    }

    /** Notes that a packet arrived from this peer. */
    public void onReceive(long nowNs) {
        throw new UnsupportedOperationException();
    }

    /** @return when a packet last arrived from this peer */
    public long lastReceiveNs() {
        throw new UnsupportedOperationException();
    }
}
