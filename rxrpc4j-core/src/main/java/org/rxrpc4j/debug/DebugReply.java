package org.rxrpc4j.debug;

import org.rxrpc4j.wire.DebugConn;
import org.rxrpc4j.wire.DebugPeer;
import org.rxrpc4j.wire.DebugStats;
import org.rxrpc4j.wire.RxStatistics;

/** One parsed answer to a request {@link DebugClient} made. */
public sealed interface DebugReply {

    /** GETSTATS answered. @param stats the server's {@code rx_debugStats} */
    record Stats(DebugStats stats) implements DebugReply {}

    /**
     * GETCONN or GETALLCONN answered.
     *
     * @param conn the connection, or the end marker ({@link #isEnd()})
     */
    record Conn(DebugConn conn) implements DebugReply {
        /** @return whether this ends the iteration */
        public boolean isEnd() {
            return conn.isEndMarker();
        }
    }

    /**
     * GETPEER answered.
     *
     * @param peer the peer, or the end marker ({@link #isEnd()})
     */
    record Peer(DebugPeer peer) implements DebugReply {
        /** @return whether this ends the iteration */
        public boolean isEnd() {
            return peer.isEndMarker();
        }
    }

    /** RXSTATS answered. @param statistics the server's {@code rx_statistics} */
    record RxStats(RxStatistics statistics) implements DebugReply {}

    /** The server does not know the request type (it sent the RX_DEBUGI_BADTYPE echo). */
    record BadType() implements DebugReply {}

    /** VERSION answered. @param version the server's version text */
    record Version(String version) implements DebugReply {}
}
