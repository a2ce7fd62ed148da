package org.rxrpc4j.wire;

import io.netty.buffer.ByteBuf;

/**
 * The payload of a DEBUG request, OpenAFS {@code struct rx_debugIn} (rx-protocol.md §10.2): two
 * big-endian int32 words. A server that does not know the requested type echoes the same shape
 * back with {@link #type()} = {@link #BADTYPE} and the index as received, so this record also
 * models that reply. OpenAFS fills the echo's index with {@link #BADTYPE} too, not with the
 * index it received ({@code rxi_ReceiveDebugPacket}; seen from an OpenAFS 1.8.9 ptserver).
 *
 * <p>This class also holds the debug protocol's version letters and the
 * {@code RX_SERVER_DEBUG_*} "supported values" bits that a client derives from them.
 *
 * @param type what is asked for ({@link #GETSTATS} ... {@link #GETPEER}), or {@link #BADTYPE} in
 *     the echo reply
 * @param index 0-based position of the connection or peer wanted (GETCONN, GETALLCONN, GETPEER);
 *     ignored by the other types; {@link #BADTYPE} in the echo reply
 */
public record DebugRequest(int type, int index) implements PacketBody {

    /** Size of the payload on the wire. */
    public static final int SIZE = 8;

    /** RX_DEBUGI_GETSTATS: reply is {@link DebugStats}. */
    public static final int GETSTATS = 1;
    /** RX_DEBUGI_GETCONN: reply is the index-th "interesting" {@link DebugConn} or the end marker. */
    public static final int GETCONN = 2;
    /** RX_DEBUGI_GETALLCONN: reply is the index-th {@link DebugConn} or the end marker. */
    public static final int GETALLCONN = 3;
    /** RX_DEBUGI_RXSTATS: reply is {@link RxStatistics}. */
    public static final int RXSTATS = 4;
    /** RX_DEBUGI_GETPEER: reply is the index-th {@link DebugPeer} or the end marker. */
    public static final int GETPEER = 5;
    /** RX_DEBUGI_BADTYPE: the type of the echo sent for a request type the server does not know. */
    public static final int BADTYPE = -8;

    /** The debug protocol version letter current OpenAFS servers report ('S'). */
    public static final int VERSION = 'S';
    /** RX_DEBUGI_VERSION_MINIMUM / _W_SECSTATS: the first real version, with secStats in conns. */
    public static final int VERSION_W_SECSTATS = 'L';
    /** RX_DEBUGI_VERSION_W_GETALLCONN: GETALLCONN is answered. */
    public static final int VERSION_W_GETALLCONN = 'M';
    /** RX_DEBUGI_VERSION_W_RXSTATS: RXSTATS is answered. */
    public static final int VERSION_W_RXSTATS = 'M';
    /** RX_DEBUGI_VERSION_W_WAITERS: {@link DebugStats#nWaiting()} is valid. */
    public static final int VERSION_W_WAITERS = 'N';
    /** RX_DEBUGI_VERSION_W_IDLETHREADS: {@link DebugStats#idleThreads()} is valid. */
    public static final int VERSION_W_IDLETHREADS = 'O';
    /** RX_DEBUGI_VERSION_W_NEWPACKETTYPES: RXSTATS counts all 13 packet types. */
    public static final int VERSION_W_NEWPACKETTYPES = 'P';
    /** RX_DEBUGI_VERSION_W_GETPEER: GETPEER is answered. */
    public static final int VERSION_W_GETPEER = 'Q';
    /** RX_DEBUGI_VERSION_W_WAITED: {@link DebugStats#nWaited()} is valid. */
    public static final int VERSION_W_WAITED = 'R';
    /** RX_DEBUGI_VERSION_W_PACKETS: {@link DebugStats#nPackets()} is valid. */
    public static final int VERSION_W_PACKETS = 'S';

    /** RX_SERVER_DEBUG_SEC_STATS. */
    public static final int SERVER_DEBUG_SEC_STATS = 0x1;
    /** RX_SERVER_DEBUG_ALL_CONN. */
    public static final int SERVER_DEBUG_ALL_CONN = 0x2;
    /** RX_SERVER_DEBUG_RX_STATS. */
    public static final int SERVER_DEBUG_RX_STATS = 0x4;
    /** RX_SERVER_DEBUG_WAITER_CNT. */
    public static final int SERVER_DEBUG_WAITER_CNT = 0x8;
    /** RX_SERVER_DEBUG_IDLE_THREADS. */
    public static final int SERVER_DEBUG_IDLE_THREADS = 0x10;
    /** RX_SERVER_DEBUG_OLD_CONN: set by a client, not derived from a version, for the pre-'L' layout. */
    public static final int SERVER_DEBUG_OLD_CONN = 0x20;
    /** RX_SERVER_DEBUG_NEW_PACKETS. */
    public static final int SERVER_DEBUG_NEW_PACKETS = 0x40;
    /** RX_SERVER_DEBUG_ALL_PEER. */
    public static final int SERVER_DEBUG_ALL_PEER = 0x80;
    /** RX_SERVER_DEBUG_WAITED_CNT. */
    public static final int SERVER_DEBUG_WAITED_CNT = 0x100;
    /** RX_SERVER_DEBUG_PACKETS_CNT. */
    public static final int SERVER_DEBUG_PACKETS_CNT = 0x200;

    /**
     * The supported-values bits a client infers from a server's version letter, as OpenAFS
     * {@code rx_GetServerDebug} does: each letter implies everything the earlier ones added.
     *
     * @param version the {@link DebugStats#version()} byte
     * @return the {@code SERVER_DEBUG_*} bits (never {@link #SERVER_DEBUG_OLD_CONN})
     */
    public static int supportedValues(int version) {
        int bits = 0;
        if (version >= VERSION_W_SECSTATS) {
            bits |= SERVER_DEBUG_SEC_STATS;
        }
        if (version >= VERSION_W_GETALLCONN) {
            bits |= SERVER_DEBUG_ALL_CONN;
        }
        if (version >= VERSION_W_RXSTATS) {
            bits |= SERVER_DEBUG_RX_STATS;
        }
        if (version >= VERSION_W_WAITERS) {
            bits |= SERVER_DEBUG_WAITER_CNT;
        }
        if (version >= VERSION_W_IDLETHREADS) {
            bits |= SERVER_DEBUG_IDLE_THREADS;
        }
        if (version >= VERSION_W_NEWPACKETTYPES) {
            bits |= SERVER_DEBUG_NEW_PACKETS;
        }
        if (version >= VERSION_W_GETPEER) {
            bits |= SERVER_DEBUG_ALL_PEER;
        }
        if (version >= VERSION_W_WAITED) {
            bits |= SERVER_DEBUG_WAITED_CNT;
        }
        if (version >= VERSION_W_PACKETS) {
            bits |= SERVER_DEBUG_PACKETS_CNT;
        }
        return bits;
    }

    /**
     * @return the echo an OpenAFS server sends for a request type it does not know: type and
     *     index both {@link #BADTYPE}, whatever index was asked for
     */
    public DebugRequest badTypeReply() {
        return new DebugRequest(BADTYPE, BADTYPE);
    }

    /** @return whether this is a {@link #BADTYPE} echo */
    public boolean isBadType() {
        return type == BADTYPE;
    }

    /**
     * Reads the 8-byte payload at the reader index and advances past it. Trailing bytes are left
     * unread: OpenAFS reads only {@code sizeof(struct rx_debugIn)} and ignores the rest.
     *
     * @throws DecodeException {@code BODY_TRUNCATED} if fewer than 8 bytes are readable
     */
    public static DebugRequest decode(ByteBuf body) throws DecodeException {
        WireChecks.requireBody(body, SIZE, "rx_debugIn");
        return new DebugRequest(body.readInt(), body.readInt());
    }

    /** Writes the 8-byte payload at the writer index. */
    @Override
    public void encode(ByteBuf out) {
        out.writeInt(type);
        out.writeInt(index);
    }

    /** @return {@link #SIZE} */
    @Override
    public int encodedLength() {
        return SIZE;
    }
}
