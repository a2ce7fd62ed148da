package org.rxrpc4j.wire;

import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * The GETPEER reply, OpenAFS {@code struct rx_debugPeer} (rx-protocol.md §10.5, 132 bytes). Words
 * and 16-bit fields are big-endian and held as on the wire (16-bit and byte fields unsigned).
 * {@link #host()} and {@link #port()} are copied by OpenAFS as stored, already network order, so
 * they are the IPv4 address bytes and the port read big-endian.
 *
 * <p>The server answers past the last peer with an {@linkplain #endMarker() end marker} whose host
 * is 0xFFFFFFFF.
 *
 * @param host peer IPv4 address, its four bytes read big-endian
 * @param port peer UDP port, 0..65535
 * @param ifMTU interface MTU
 * @param idleWhen time the peer became idle
 * @param refCount references to the peer
 * @param burstSize always 0 in current servers, 0..255
 * @param burst always 0 in current servers, 0..255
 * @param burstWaitSec burst wait, seconds part (always 0)
 * @param burstWaitUsec burst wait, microseconds part (always 0)
 * @param rtt smoothed RTT in 1/8 ms
 * @param rttDev RTT deviation (OpenAFS internal scale, 1/4 ms)
 * @param timeoutSec retransmit timeout, seconds part (not filled: 0)
 * @param timeoutUsec retransmit timeout, microseconds part (not filled: 0)
 * @param nSent packets sent to the peer
 * @param reSends packets retransmitted to the peer
 * @param inPacketSkew always 0
 * @param outPacketSkew always 0
 * @param rateFlag always 0
 * @param natMTU the peer's natMTU
 * @param maxMTU the largest MTU seen to work
 * @param maxDgramPackets most packets per datagram the peer takes
 * @param ifDgramPackets most packets per datagram the interface takes
 * @param mtu current MTU
 * @param cwind congestion window
 * @param nDgramPackets packets per datagram in use
 * @param congestSeq congestion sequence
 * @param bytesSentHigh bytes sent, high 32 bits
 * @param bytesSentLow bytes sent, low 32 bits
 * @param bytesReceivedHigh bytes received, high 32 bits
 * @param bytesReceivedLow bytes received, low 32 bits
 * @param sparel the ten spare words, kept for byte-identical re-encoding
 */
public record DebugPeer(
        int host,
        int port,
        int ifMTU,
        int idleWhen,
        int refCount,
        int burstSize,
        int burst,
        int burstWaitSec,
        int burstWaitUsec,
        int rtt,
        int rttDev,
        int timeoutSec,
        int timeoutUsec,
        int nSent,
        int reSends,
        int inPacketSkew,
        int outPacketSkew,
        int rateFlag,
        int natMTU,
        int maxMTU,
        int maxDgramPackets,
        int ifDgramPackets,
        int mtu,
        int cwind,
        int nDgramPackets,
        int congestSeq,
        int bytesSentHigh,
        int bytesSentLow,
        int bytesReceivedHigh,
        int bytesReceivedLow,
        List<Integer> sparel) implements PacketBody {

    /** Size of the struct on the wire. */
    public static final int SIZE = 132;
    /** The host of the end marker. */
    public static final int END_HOST = 0xFFFFFFFF;
    /** Words in {@link #sparel()}. */
    public static final int SPAREL_WORDS = 10;

    /** Checks ranges and takes an immutable copy of {@code sparel}. */
    public DebugPeer {
        WireChecks.u16("port", port);
        WireChecks.u16("ifMTU", ifMTU);
        WireChecks.u16("refCount", refCount);
        WireChecks.u8("burstSize", burstSize);
        WireChecks.u8("burst", burst);
        WireChecks.u16("natMTU", natMTU);
        WireChecks.u16("maxMTU", maxMTU);
        WireChecks.u16("maxDgramPackets", maxDgramPackets);
        WireChecks.u16("ifDgramPackets", ifDgramPackets);
        WireChecks.u16("mtu", mtu);
        WireChecks.u16("cwind", cwind);
        WireChecks.u16("nDgramPackets", nDgramPackets);
        WireChecks.u16("congestSeq", congestSeq);
        sparel = WireChecks.words("sparel", sparel, SPAREL_WORDS);
    }

    /** @return the reply that ends an iteration: host 0xFFFFFFFF, everything else zero */
    public static DebugPeer endMarker() {
        return new DebugPeer(END_HOST, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                0, 0, 0, 0, 0, 0, 0, 0, 0, WireChecks.zeros(SPAREL_WORDS));
    }

    /** @return whether this is the end marker (only the host decides, as in rxdebug) */
    public boolean isEndMarker() {
        return host == END_HOST;
    }

    /** @return {@link #host()} in dotted-quad form */
    public String hostString() {
        return WireChecks.ipv4(host);
    }

    /** @return bytes sent as an unsigned 64-bit count (may read negative past 2^63) */
    public long bytesSent() {
        return ((long) bytesSentHigh << 32) | Integer.toUnsignedLong(bytesSentLow);
    }

    /** @return bytes received as an unsigned 64-bit count (may read negative past 2^63) */
    public long bytesReceived() {
        return ((long) bytesReceivedHigh << 32) | Integer.toUnsignedLong(bytesReceivedLow);
    }

    /**
     * Reads the 132-byte struct at the reader index and advances past it. A longer body is
     * accepted and the surplus left unread, as rxdebug truncates replies to the size it expects.
     *
     * @throws DecodeException {@code BODY_TRUNCATED} if fewer than 132 bytes are readable
     */
    public static DebugPeer decode(ByteBuf body) throws DecodeException {
        WireChecks.requireBody(body, SIZE, "rx_debugPeer");
        return new DebugPeer(
                body.readInt(),
                body.readUnsignedShort(),
                body.readUnsignedShort(),
                body.readInt(),
                body.readUnsignedShort(),
                body.readUnsignedByte(),
                body.readUnsignedByte(),
                body.readInt(),
                body.readInt(),
                body.readInt(),
                body.readInt(),
                body.readInt(),
                body.readInt(),
                body.readInt(),
                body.readInt(),
                body.readInt(),
                body.readInt(),
                body.readInt(),
                body.readUnsignedShort(),
                body.readUnsignedShort(),
                body.readUnsignedShort(),
                body.readUnsignedShort(),
                body.readUnsignedShort(),
                body.readUnsignedShort(),
                body.readUnsignedShort(),
                body.readUnsignedShort(),
                body.readInt(),
                body.readInt(),
                body.readInt(),
                body.readInt(),
                WireChecks.readWords(body, SPAREL_WORDS));
    }

    /** Writes the 132-byte struct at the writer index. */
    @Override
    public void encode(ByteBuf out) {
        out.writeInt(host);
        out.writeShort(port);
        out.writeShort(ifMTU);
        out.writeInt(idleWhen);
        out.writeShort(refCount);
        out.writeByte(burstSize);
        out.writeByte(burst);
        out.writeInt(burstWaitSec);
        out.writeInt(burstWaitUsec);
        out.writeInt(rtt);
        out.writeInt(rttDev);
        out.writeInt(timeoutSec);
        out.writeInt(timeoutUsec);
        out.writeInt(nSent);
        out.writeInt(reSends);
        out.writeInt(inPacketSkew);
        out.writeInt(outPacketSkew);
        out.writeInt(rateFlag);
        out.writeShort(natMTU);
        out.writeShort(maxMTU);
        out.writeShort(maxDgramPackets);
        out.writeShort(ifDgramPackets);
        out.writeShort(mtu);
        out.writeShort(cwind);
        out.writeShort(nDgramPackets);
        out.writeShort(congestSeq);
        out.writeInt(bytesSentHigh);
        out.writeInt(bytesSentLow);
        out.writeInt(bytesReceivedHigh);
        out.writeInt(bytesReceivedLow);
        WireChecks.writeWords(out, sparel);
    }

    /** @return {@link #SIZE} */
    @Override
    public int encodedLength() {
        return SIZE;
    }
}
