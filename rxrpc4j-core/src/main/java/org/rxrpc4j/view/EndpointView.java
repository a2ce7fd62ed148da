package org.rxrpc4j.view;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;

/**
 * One local endpoint's totals at the moment of the snapshot (its connections and peers are
 * listed by {@link EndpointSnapshot}).
 *
 * @param address the local address
 * @param version the version text the endpoint reports to VERSION requests
 * @param clientConnections client connections held
 * @param serviceConnections service connections held
 * @param peers peers held
 * @param liveCalls calls not complete, or complete with unread data
 * @param waitingCalls incoming calls in service backlogs, not yet accepted
 * @param packetsRead packets received per type: entry {@code type - 1} for types 1..13
 * @param packetsSent packets sent per type: entry {@code type - 1} for types 1..13
 */
public record EndpointView(
        InetSocketAddress address,
        String version,
        int clientConnections,
        int serviceConnections,
        int peers,
        int liveCalls,
        int waitingCalls,
        List<Long> packetsRead,
        List<Long> packetsSent) {

    /** Packet types counted in {@link #packetsRead()} and {@link #packetsSent()}. */
    public static final int PACKET_TYPES = 13;

    /** Checks sizes and takes immutable copies of the lists. */
    public EndpointView {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(version, "version");
        packetsRead = List.copyOf(packetsRead);
        packetsSent = List.copyOf(packetsSent);
        if (packetsRead.size() != PACKET_TYPES || packetsSent.size() != PACKET_TYPES) {
            throw new IllegalArgumentException("per-type tallies need " + PACKET_TYPES + " entries");
        }
    }
}
