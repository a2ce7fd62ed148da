package org.rxrpc4j.debug;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.rxrpc4j.view.CallView;
import org.rxrpc4j.view.ConnectionView;
import org.rxrpc4j.view.PeerView;
import org.rxrpc4j.wire.DebugConn;
import org.rxrpc4j.wire.DebugPeer;

/**
 * Views turned into OpenAFS's {@code rx_debugConn} and {@code rx_debugPeer}, filled the way
 * {@code rxi_ReceiveDebugPacket} fills them: what OpenAFS leaves zero stays zero.
 */
final class DebugStructs {

    private static final long NS_PER_MS = 1_000_000L;
    private static final long NS_PER_US = 1_000L;
    private static final long NS_PER_S = 1_000_000_000L;

    private DebugStructs() {}

    /**
     * @return whether OpenAFS's {@code rxi_IsConnInteresting} would pick the connection: a call
     *     in PRECALL or ACTIVE, or in mode SENDING or RECEIVING (no connection of ours carries
     *     MAKECALL_WAITING or DESTROY_ME)
     */
    static boolean interesting(ConnectionView conn) {
        for (CallView call : conn.calls()) {
            int state = OpenAfsCodes.state(call);
            int mode = OpenAfsCodes.mode(call);
            if (state == OpenAfsCodes.STATE_PRECALL || state == OpenAfsCodes.STATE_ACTIVE
                    || mode == OpenAfsCodes.MODE_SENDING || mode == OpenAfsCodes.MODE_RECEIVING) {
                return true;
            }
        }
        return false;
    }

    /** @return the {@code rx_debugConn} describing {@code conn} */
    static DebugConn conn(ConnectionView conn) {
        List<Integer> state = new ArrayList<>(4);
        List<Integer> mode = new ArrayList<>(4);
        List<Integer> flags = new ArrayList<>(4);
        List<Integer> other = new ArrayList<>(4);
        for (int ch = 0; ch < DebugConn.CHANNELS; ch++) {
            CallView call = conn.call(ch);
            state.add(call == null ? OpenAfsCodes.STATE_NOTINIT : OpenAfsCodes.state(call));
            mode.add(call == null ? 0 : OpenAfsCodes.mode(call));
            flags.add(call == null ? 0 : OpenAfsCodes.callFlags(call));
            other.add(call == null ? 0 : OpenAfsCodes.other(call));
        }
        return new DebugConn(OpenAfsCodes.host(conn.peer()), conn.cid(), conn.serial(),
                conn.callNumbers(), conn.error(), conn.peer().getPort(), 0, conn.client() ? 0 : 1,
                conn.securityIndex() & 0xff, zeros(DebugConn.SPAREC_BYTES), state, mode, flags, other,
                DebugConn.SecurityObjectStats.none(), conn.epoch(), conn.peerNatMtu(),
                zeros(DebugConn.SPAREL_WORDS));
    }

    /**
     * @return the {@code rx_debugPeer} describing {@code peer}. RTT is in OpenAFS's units (1/8
     *     ms, deviation 1/4 ms). OpenAFS 1.8 leaves the timeout zero; here it holds the current
     *     retransmission timeout, which is what the field was for.
     */
    static DebugPeer peer(PeerView peer) {
        long rto = peer.rtoNs();
        return new DebugPeer(OpenAfsCodes.host(peer.address()), peer.address().getPort(),
                OpenAfsCodes.u16(peer.ifMtu()), 0, OpenAfsCodes.u16(peer.connections()), 0, 0, 0, 0,
                (int) (peer.srttNs() * 8 / NS_PER_MS), (int) (peer.rttVarNs() * 4 / NS_PER_MS),
                (int) (rto / NS_PER_S), (int) (rto % NS_PER_S / NS_PER_US),
                (int) peer.dataPacketsSent(), (int) peer.dataPacketsResent(), 0, 0, 0,
                OpenAfsCodes.u16(peer.natMtu()), OpenAfsCodes.u16(peer.mtu()), 1, 1,
                OpenAfsCodes.u16(peer.mtu()), OpenAfsCodes.u16(peer.cwnd()), 1, 0,
                (int) (peer.bytesSent() >>> 32), (int) peer.bytesSent(),
                (int) (peer.bytesReceived() >>> 32), (int) peer.bytesReceived(),
                zeros(DebugPeer.SPAREL_WORDS));
    }

    private static List<Integer> zeros(int n) {
        return Collections.nCopies(n, 0);
    }
}
