package org.rxrpc4j.wire.pcap;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Pairs the DEBUG (type 8) replies of a capture with their requests. Replies are not
 * self-describing (rx-protocol.md §10): the struct in a reply depends on the request type. The
 * reply goes back to the request's source address and reuses its header with CLIENT_INITIATED
 * cleared (§10.1), so a reply belongs to the latest earlier request from the reply's
 * destination address and port to its source, with the same callNumber.
 */
final class DebugExchanges {

    /** RX_DEBUGI_* request types (§10.2). */
    static final int GETSTATS = 1;
    static final int GETCONN = 2;
    static final int GETALLCONN = 3;
    static final int RXSTATS = 4;
    static final int GETPEER = 5;

    /**
     * A DEBUG request as read from its raw bytes (the codec under test is not used here, so
     * the pairing does not depend on it).
     *
     * @param frame the request's frame number
     * @param type the rx_debugIn type
     * @param index the rx_debugIn index
     * @param last whether the client sent no later request of this type: for GETCONN,
     *     GETALLCONN and GETPEER, the one whose reply made rxdebug stop iterating
     */
    record Request(int frame, int type, int index, boolean last) {}

    private record Key(InetSocketAddress client, InetSocketAddress server, int callNumber) {}

    private final Map<Integer, Request> requestOfReply = new HashMap<>();
    private final Set<Integer> peerPorts = new HashSet<>();

    private DebugExchanges() {}

    static DebugExchanges of(List<PcapReader.Frame> frames) {
        DebugExchanges x = new DebugExchanges();
        Map<Key, Request> open = new HashMap<>();
        // the latest request frame per (client, server, type), to know where iteration stopped
        Map<List<Object>, Integer> lastOfType = new HashMap<>();
        for (PcapReader.Frame f : frames) {
            ByteBuffer b = ByteBuffer.wrap(f.payload());
            if (b.remaining() >= 36 && b.get(20) == 8 && (b.get(21) & 0x01) != 0) {
                lastOfType.put(List.of(f.source(), f.destination(), b.getInt(28)), f.number());
            }
        }
        for (PcapReader.Frame f : frames) {
            ByteBuffer b = ByteBuffer.wrap(f.payload());
            if (b.remaining() < 28 || b.get(20) != 8) {
                continue;
            }
            int callNumber = b.getInt(8);
            boolean clientInitiated = (b.get(21) & 0x01) != 0;
            if (clientInitiated) {
                if (b.remaining() >= 36) {
                    int type = b.getInt(28);
                    boolean last = lastOfType.get(List.of(f.source(), f.destination(), type))
                            == f.number();
                    open.put(new Key(f.source(), f.destination(), callNumber),
                            new Request(f.number(), type, b.getInt(32), last));
                }
            } else {
                Request r = open.get(new Key(f.destination(), f.source(), callNumber));
                if (r != null) {
                    x.requestOfReply.put(f.number(), r);
                    // rx_debugPeer: host (4 bytes), then the port (2 bytes), network order
                    if (r.type() == GETPEER && b.remaining() >= 34 && b.getInt(28) != -1) {
                        x.peerPorts.add(Short.toUnsignedInt(b.getShort(32)));
                    }
                }
            }
        }
        return x;
    }

    /** @return the request a DEBUG reply answers, if the capture holds it */
    Optional<Request> requestOf(int replyFrame) {
        return Optional.ofNullable(requestOfReply.get(replyFrame));
    }

    /** @return the UDP ports of the peers the capture's GETPEER replies list (raw bytes) */
    Set<Integer> peerPorts() {
        return Set.copyOf(peerPorts);
    }

    /** @return how many replies were paired */
    int pairedReplies() {
        return requestOfReply.size();
    }
}
