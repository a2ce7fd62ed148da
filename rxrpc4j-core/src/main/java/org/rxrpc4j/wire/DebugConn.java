package org.rxrpc4j.wire;

import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * The GETCONN / GETALLCONN reply, OpenAFS {@code struct rx_debugConn} (rx-protocol.md §10.4, 176
 * bytes; the 'L' and later layout). Words are big-endian. {@link #host()} and {@link #port()} are
 * copied by OpenAFS as stored, which is already network order, so on the wire they are simply the
 * IPv4 address bytes and the port big-endian; this record holds them read that way. Byte fields
 * and 16-bit fields are held unsigned; per-channel values are immutable lists of four, indexed by
 * channel.
 *
 * <p>The server answers past the last connection with an {@linkplain #endMarker() end marker}
 * whose cid is 0xFFFFFFFF.
 *
 * @param host peer IPv4 address, its four bytes read big-endian
 * @param cid connection ID (channel bits 0)
 * @param serial the connection's last transmitted serial
 * @param callNumber per-channel current call number
 * @param error connection error code
 * @param port peer UDP port, 0..65535
 * @param flags low 8 bits of the connection flags
 * @param type 0 for a client connection, 1 for a server connection
 * @param securityIndex security class index, 0..255
 * @param sparec the three alignment bytes, kept for byte-identical re-encoding
 * @param callState per-channel call state byte (0 NOTINIT, 1 PRECALL, 2 ACTIVE, 3 DALLY, 4 HOLD, 5 RESET)
 * @param callMode per-channel call mode byte (1 SENDING, 2 RECEIVING, 3 ERROR, 4 EOF)
 * @param callFlags per-channel low 8 bits of the call flags
 * @param callOther per-channel RX_OTHER_IN (1) / RX_OTHER_OUT (2) bits
 * @param secStats the security object's statistics, zero when the class gives none
 * @param epoch connection epoch
 * @param natMTU the peer's natMTU
 * @param sparel the nine spare words, kept for byte-identical re-encoding
 */
public record DebugConn(
        int host,
        int cid,
        int serial,
        List<Integer> callNumber,
        int error,
        int port,
        int flags,
        int type,
        int securityIndex,
        List<Integer> sparec,
        List<Integer> callState,
        List<Integer> callMode,
        List<Integer> callFlags,
        List<Integer> callOther,
        SecurityObjectStats secStats,
        int epoch,
        int natMTU,
        List<Integer> sparel) implements PacketBody {

    /** Size of the struct on the wire. */
    public static final int SIZE = 176;
    /** The cid of the end marker. */
    public static final int END_CID = 0xFFFFFFFF;
    /** Call channels per connection. */
    public static final int CHANNELS = 4;
    /** Bytes in {@link #sparec()}. */
    public static final int SPAREC_BYTES = 3;
    /** Words in {@link #sparel()}. */
    public static final int SPAREL_WORDS = 9;

    /** Checks ranges and sizes, and takes immutable copies of the lists. */
    public DebugConn {
        callNumber = WireChecks.words("callNumber", callNumber, CHANNELS);
        WireChecks.u16("port", port);
        WireChecks.u8("flags", flags);
        WireChecks.u8("type", type);
        WireChecks.u8("securityIndex", securityIndex);
        sparec = WireChecks.bytes("sparec", sparec, SPAREC_BYTES);
        callState = WireChecks.bytes("callState", callState, CHANNELS);
        callMode = WireChecks.bytes("callMode", callMode, CHANNELS);
        callFlags = WireChecks.bytes("callFlags", callFlags, CHANNELS);
        callOther = WireChecks.bytes("callOther", callOther, CHANNELS);
        if (secStats == null) {
            throw new IllegalArgumentException("secStats is required (use SecurityObjectStats.none())");
        }
        sparel = WireChecks.words("sparel", sparel, SPAREL_WORDS);
    }

    /** @return the reply that ends an iteration: cid 0xFFFFFFFF, everything else zero */
    public static DebugConn endMarker() {
        List<Integer> four = WireChecks.zeros(CHANNELS);
        return new DebugConn(0, END_CID, 0, four, 0, 0, 0, 0, 0, WireChecks.zeros(SPAREC_BYTES),
                four, four, four, four, SecurityObjectStats.none(), 0, 0, WireChecks.zeros(SPAREL_WORDS));
    }

    /** @return whether this is the end marker (only the cid decides, as in rxdebug) */
    public boolean isEndMarker() {
        return cid == END_CID;
    }

    /** @return {@link #host()} in dotted-quad form */
    public String hostString() {
        return WireChecks.ipv4(host);
    }

    /**
     * Reads the 176-byte struct at the reader index and advances past it. A longer body is
     * accepted and the surplus left unread, as rxdebug truncates replies to the size it expects.
     * Pre-'L' servers sent a 172-byte layout; that layout is not decoded here.
     *
     * @throws DecodeException {@code BODY_TRUNCATED} if fewer than 176 bytes are readable
     */
    public static DebugConn decode(ByteBuf body) throws DecodeException {
        WireChecks.requireBody(body, SIZE, "rx_debugConn");
        int host = body.readInt();
        int cid = body.readInt();
        int serial = body.readInt();
        List<Integer> callNumber = WireChecks.readWords(body, CHANNELS);
        int error = body.readInt();
        int port = body.readUnsignedShort();
        int flags = body.readUnsignedByte();
        int type = body.readUnsignedByte();
        int securityIndex = body.readUnsignedByte();
        List<Integer> sparec = WireChecks.readBytes(body, SPAREC_BYTES);
        List<Integer> callState = WireChecks.readBytes(body, CHANNELS);
        List<Integer> callMode = WireChecks.readBytes(body, CHANNELS);
        List<Integer> callFlags = WireChecks.readBytes(body, CHANNELS);
        List<Integer> callOther = WireChecks.readBytes(body, CHANNELS);
        SecurityObjectStats secStats = SecurityObjectStats.decode(body);
        int epoch = body.readInt();
        int natMTU = body.readInt();
        List<Integer> sparel = WireChecks.readWords(body, SPAREL_WORDS);
        return new DebugConn(host, cid, serial, callNumber, error, port, flags, type, securityIndex,
                sparec, callState, callMode, callFlags, callOther, secStats, epoch, natMTU, sparel);
    }

    /** Writes the 176-byte struct at the writer index. */
    @Override
    public void encode(ByteBuf out) {
        out.writeInt(host);
        out.writeInt(cid);
        out.writeInt(serial);
        WireChecks.writeWords(out, callNumber);
        out.writeInt(error);
        out.writeShort(port);
        out.writeByte(flags);
        out.writeByte(type);
        out.writeByte(securityIndex);
        WireChecks.writeBytes(out, sparec);
        WireChecks.writeBytes(out, callState);
        WireChecks.writeBytes(out, callMode);
        WireChecks.writeBytes(out, callFlags);
        WireChecks.writeBytes(out, callOther);
        secStats.encode(out);
        out.writeInt(epoch);
        out.writeInt(natMTU);
        WireChecks.writeWords(out, sparel);
    }

    /** @return {@link #SIZE} */
    @Override
    public int encodedLength() {
        return SIZE;
    }

    /**
     * OpenAFS {@code struct rx_securityObjectStats} (76 bytes), the security class's view of one
     * connection, embedded in {@link DebugConn} at offset 56. Words are big-endian; byte and
     * 16-bit fields are held unsigned.
     *
     * @param type RX_SECTYPE: 0 UNK, 1 NULL, 2 VAB, 3 KAD, 4 GK
     * @param level security level, 0..255
     * @param sparec the ten spare bytes, kept for byte-identical re-encoding
     * @param flags class-specific flags (rxkad: 1 no data yet, 2 authenticated, 4 expired, 8 checksums seen)
     * @param expires expiry time, Unix seconds
     * @param packetsReceived packets received on the connection
     * @param packetsSent packets sent on the connection
     * @param bytesReceived bytes received on the connection
     * @param bytesSent bytes sent on the connection
     * @param spares the four spare 16-bit values, kept for byte-identical re-encoding
     * @param sparel the eight spare words, kept for byte-identical re-encoding
     */
    public record SecurityObjectStats(
            int type,
            int level,
            List<Integer> sparec,
            int flags,
            int expires,
            int packetsReceived,
            int packetsSent,
            int bytesReceived,
            int bytesSent,
            List<Integer> spares,
            List<Integer> sparel) {

        /** Size of the struct on the wire. */
        public static final int SIZE = 76;
        /** Bytes in {@link #sparec()}. */
        public static final int SPAREC_BYTES = 10;
        /** 16-bit values in {@link #spares()}. */
        public static final int SPARES_SHORTS = 4;
        /** Words in {@link #sparel()}. */
        public static final int SPAREL_WORDS = 8;

        /** Checks ranges and sizes, and takes immutable copies of the lists. */
        public SecurityObjectStats {
            WireChecks.u8("type", type);
            WireChecks.u8("level", level);
            sparec = WireChecks.bytes("sparec", sparec, SPAREC_BYTES);
            spares = WireChecks.shorts("spares", spares, SPARES_SHORTS);
            sparel = WireChecks.words("sparel", sparel, SPAREL_WORDS);
        }

        /** @return the all-zero value a security class without statistics leaves */
        public static SecurityObjectStats none() {
            return new SecurityObjectStats(0, 0, WireChecks.zeros(SPAREC_BYTES), 0, 0, 0, 0, 0, 0,
                    WireChecks.zeros(SPARES_SHORTS), WireChecks.zeros(SPAREL_WORDS));
        }

        /**
         * Reads the 76-byte struct at the reader index and advances past it.
         *
         * @throws DecodeException {@code BODY_TRUNCATED} if fewer than 76 bytes are readable
         */
        public static SecurityObjectStats decode(ByteBuf in) throws DecodeException {
            WireChecks.requireBody(in, SIZE, "rx_securityObjectStats");
            return new SecurityObjectStats(in.readUnsignedByte(), in.readUnsignedByte(),
                    WireChecks.readBytes(in, SPAREC_BYTES), in.readInt(), in.readInt(), in.readInt(),
                    in.readInt(), in.readInt(), in.readInt(), WireChecks.readShorts(in, SPARES_SHORTS),
                    WireChecks.readWords(in, SPAREL_WORDS));
        }

        /** Writes the 76-byte struct at the writer index. */
        public void encode(ByteBuf out) {
            out.writeByte(type);
            out.writeByte(level);
            WireChecks.writeBytes(out, sparec);
            out.writeInt(flags);
            out.writeInt(expires);
            out.writeInt(packetsReceived);
            out.writeInt(packetsSent);
            out.writeInt(bytesReceived);
            out.writeInt(bytesSent);
            WireChecks.writeShorts(out, spares);
            WireChecks.writeWords(out, sparel);
        }

        /** @return {@link #SIZE} */
        public int encodedLength() {
            return SIZE;
        }
    }
}
