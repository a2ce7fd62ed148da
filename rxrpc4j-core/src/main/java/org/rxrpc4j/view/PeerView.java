package org.rxrpc4j.view;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * One peer (remote UDP address) at the moment of the snapshot. Sizes are user bytes per DATA
 * packet, Rx header excluded, as OpenAFS reports its MTUs.
 *
 * @param address the peer's UDP address
 * @param ifMtu what our side is configured to put in one packet
 * @param natMtu what the peer says it takes (its advertised maximum less the Rx header), or
 *     {@code ifMtu} until it has said
 * @param mtu what one DATA packet to the peer carries now
 * @param connections how many of this endpoint's connections use the peer
 * @param srttNs the smoothed RTT (0 before the first sample)
 * @param rttVarNs the RTT variation term (0 before the first sample)
 * @param rtoNs the current retransmission timeout, without backoff
 * @param rttSamples RTT samples taken
 * @param rttTotalNs the sum of every RTT sample
 * @param rttMinNs the smallest RTT sample (0 if none)
 * @param rttMaxNs the largest RTT sample (0 if none)
 * @param dataPacketsSent DATA packets sent to the peer, resends included
 * @param dataPacketsResent DATA packets sent again
 * @param bytesSent payload bytes of every packet sent on connections to the peer
 * @param bytesReceived payload bytes of every packet received on connections from the peer
 * @param cwnd the largest congestion window of the calls now running to the peer, or a new
 *     call's initial window if none runs
 */
public record PeerView(
        InetSocketAddress address,
        int ifMtu,
        int natMtu,
        int mtu,
        int connections,
        long srttNs,
        long rttVarNs,
        long rtoNs,
        long rttSamples,
        long rttTotalNs,
        long rttMinNs,
        long rttMaxNs,
        long dataPacketsSent,
        long dataPacketsResent,
        long bytesSent,
        long bytesReceived,
        int cwnd) {

    /** Requires the address. */
    public PeerView {
        Objects.requireNonNull(address, "address");
    }
}
