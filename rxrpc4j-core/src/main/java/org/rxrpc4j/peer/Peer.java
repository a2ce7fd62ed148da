package org.rxrpc4j.peer;

import java.net.InetSocketAddress;
import java.util.Objects;
import org.rxrpc4j.config.RxConfig;
import org.rxrpc4j.wire.AckBody;
import org.rxrpc4j.wire.AckTrailer;
import org.rxrpc4j.wire.Jumbogram;
import org.rxrpc4j.wire.RxHeader;

/**
 * A remote transport address and what is known about the path to it: RTT and RTO, how much
 * DATA fits in a packet to it. Shared by every connection to that address. Engine thread only.
 */
public final class Peer {

    /**
     * Fewest user bytes a DATA packet carries however small an MTU the peer advertises: an MTU
     * below the header size (or any nonsense) must not make packets empty or negative.
     */
    public static final int MIN_DATA_PER_PACKET = 100;
    /** Largest maxMtu value taken from a trailer (a UDP datagram cannot be larger). */
    public static final int MAX_MTU = 65535;

    private final InetSocketAddress address;
    private final RttEstimator rtt;
    private final int configuredMaxData;
    private int maxData;
    private int advertisedMaxMtu;
    private final int ownJumboMax;
    private int jumboSubpackets = 1;
    private int rememberedCwnd;
    private int rememberedSsthresh;
    private long rememberedAtNs;
    private long lastReceiveNs;
    private boolean received;
    private long dataPacketsSent;
    private long dataPacketsResent;
    private long bytesSent;
    private long bytesReceived;

    /** @param address the peer's UDP address */
    public Peer(InetSocketAddress address, RxConfig config) {
        this.address = Objects.requireNonNull(address, "address");
        this.rtt = new RttEstimator(config);
        this.configuredMaxData = Math.max(config.maxDataPerPacket(), 1);
        this.maxData = configuredMaxData;
        this.ownJumboMax = config.jumboMax();
    }

    /** @return the peer's UDP address */
    public InetSocketAddress address() {
        return address;
    }

    /** @return the RTT estimator of the path to this peer */
    public RttEstimator rtt() {
        return rtt;
    }

    /**
     * @return how many user bytes one DATA packet to this peer may carry: the configured size,
     *     lowered if the peer advertised a smaller maximum packet
     */
    public int maxDataPerPacket() {
        return maxData;
    }

    /**
     * @return how many DATA packets one datagram to this peer may carry (1: no jumbograms). More
     *     than 1 only once the peer advertised jumbogram support in a full ACK trailer (a jumboMax
     *     above 1, and a maxMtu that holds the jumbogram), and only while packets are
     *     {@link Jumbogram#JUMBO_DATALEN} bytes (rx-protocol.md §3.3, §3.4)
     */
    public int jumboSubpackets() {
        return jumboSubpackets;
    }

    /** @return the user bytes per DATA packet this side is configured for, before any advertisement */
    public int configuredMaxDataPerPacket() {
        return configuredMaxData;
    }

    /** @return the last maxMtu the peer advertised, after clamping; 0 if none yet */
    public int advertisedMaxMtu() {
        return advertisedMaxMtu;
    }

    /**
     * Learns from an ACK's trailer (rx-protocol.md §4.3): the peer's maximum packet size,
     * clamped into [{@link RxHeader#SIZE} + {@link #MIN_DATA_PER_PACKET}, {@link #MAX_MTU}] so
     * that nonsense (an MTU below the header size) breaks nothing. The DATA size is then the
     * configured size, lowered to {@code maxMtu − 28} if that is smaller; a later, larger
     * advertisement raises it again, never above the configured size.
     */
    public void onAck(AckBody ack) {
        AckTrailer t = ack.trailer();
        if (t == null || ack.trailerWords() < 2) {
            return;
        }
        long mtu = Integer.toUnsignedLong(t.maxMtu());
        mtu = Math.max(RxHeader.SIZE + MIN_DATA_PER_PACKET, Math.min(mtu, MAX_MTU));
        advertisedMaxMtu = (int) mtu;
        maxData = Math.max(Math.min(configuredMaxData, advertisedMaxMtu - RxHeader.SIZE),
                Math.min(MIN_DATA_PER_PACKET, configuredMaxData));
        jumboSubpackets = 1;
        if (ack.trailerWords() >= 4 && maxData == Jumbogram.JUMBO_DATALEN) {
            int fits = 1 + (advertisedMaxMtu - RxHeader.SIZE - Jumbogram.JUMBO_DATALEN) / Jumbogram.JUMBO_SUBPKTLEN;
            int peerMax = Math.max(1, Math.min(t.jumboMax(), Jumbogram.MAX_SUBPACKETS));
            jumboSubpackets = Math.max(1, Math.min(Math.min(peerMax, fits), Math.max(1, ownJumboMax)));
        }
    }

    /**
     * Remembers where a call's congestion control ended, for the next calls to this peer (as
     * OpenAFS carries {@code peer->cwind}, and the kernel caches ssthresh on the peer).
     */
    public void rememberCongestion(int cwnd, int ssthresh, long nowNs) {
        rememberedCwnd = cwnd;
        rememberedSsthresh = ssthresh;
        rememberedAtNs = nowNs;
    }

    /**
     * @return the congestion window a new call to this peer starts from, at least {@code floor}:
     *     the remembered one while it is fresh (younger than {@code maxAgeNs}), else {@code floor}
     */
    public int startingCwnd(int floor, long nowNs, long maxAgeNs) {
        if (rememberedCwnd == 0 || nowNs - rememberedAtNs > maxAgeNs) {
            return floor;
        }
        return Math.max(floor, rememberedCwnd);
    }

    /** @return the remembered slow-start threshold, or {@code dflt} if none is fresh */
    public int startingSsthresh(int dflt, long nowNs, long maxAgeNs) {
        if (rememberedSsthresh == 0 || nowNs - rememberedAtNs > maxAgeNs) {
            return dflt;
        }
        return rememberedSsthresh;
    }

    /** Notes that a packet arrived from this peer. */
    public void onReceive(long nowNs) {
        lastReceiveNs = nowNs;
        received = true;
    }

    /** @return when a packet last arrived from this peer (0 if none has) */
    public long lastReceiveNs() {
        return lastReceiveNs;
    }

    /** @return whether any packet has arrived from this peer */
    public boolean hasReceived() {
        return received;
    }

    /** Counts one packet sent on a connection to this peer: {@code payloadBytes} after the header. */
    public void countSent(int payloadBytes) {
        bytesSent += Math.max(0, payloadBytes);
    }

    /** Counts one DATA packet sent to this peer; {@code resend} if it was sent before. */
    public void countDataSent(boolean resend) {
        dataPacketsSent++;
        if (resend) {
            dataPacketsResent++;
        }
    }

    /** Counts one packet received on a connection from this peer: {@code payloadBytes} after the header. */
    public void countReceived(int payloadBytes) {
        bytesReceived += Math.max(0, payloadBytes);
    }

    /** @return DATA packets sent to this peer, resends included */
    public long dataPacketsSent() {
        return dataPacketsSent;
    }

    /** @return DATA packets sent to this peer again */
    public long dataPacketsResent() {
        return dataPacketsResent;
    }

    /** @return payload bytes sent on connections to this peer */
    public long bytesSent() {
        return bytesSent;
    }

    /** @return payload bytes received on connections from this peer */
    public long bytesReceived() {
        return bytesReceived;
    }

    @Override
    public String toString() {
        return "Peer[" + address + ", maxData=" + maxData + ", srtt=" + rtt.srttNs() + "ns]";
    }
}
