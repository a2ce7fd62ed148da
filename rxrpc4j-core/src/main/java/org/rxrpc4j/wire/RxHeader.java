package org.rxrpc4j.wire;

import io.netty.buffer.ByteBuf;

/**
 * The 28-byte header that starts every Rx packet (rx-protocol.md §1).
 *
 * <p>32-bit fields hold the wire bits in an {@code int}; read them as unsigned with
 * {@link Integer#toUnsignedLong(int)} and compare sequence and serial numbers only with
 * {@link SeqMath}. Byte and 16-bit fields are held unsigned.
 *
 * @param epoch connection epoch
 * @param cid connection ID with the channel in bits 1..0
 * @param callNumber call number on the channel; 0 for connection-level packets
 * @param seq DATA sequence number (1-based); 0 on other types
 * @param serial per-connection transmit serial
 * @param type the packet type
 * @param flags the flag bits ({@link RxFlags}), 0..255
 * @param userStatus the user-status byte, 0..255
 * @param securityIndex the security class index, 0..255
 * @param cksum the 16-bit security checksum ("spare"), 0..65535
 * @param serviceId the service ID, 0..65535
 */
public record RxHeader(
        int epoch,
        int cid,
        int callNumber,
        int seq,
        int serial,
        PacketType type,
        int flags,
        int userStatus,
        int securityIndex,
        int cksum,
        int serviceId) {

    /** Size of the header on the wire. */
    public static final int SIZE = 28;
    /** Number of call channels per connection. */
    public static final int MAX_CALLS = 4;
    /** Mask of the channel bits in {@link #cid()}. */
    public static final int CHANNEL_MASK = 3;
    /** Mask of the connection-ID bits in {@link #cid()}. */
    public static final int CID_MASK = ~CHANNEL_MASK;

    public RxHeader {
        if (type == null) {
            throw new IllegalArgumentException("type is required");
        }
        checkUnsigned("flags", flags, 0xff);
        checkUnsigned("userStatus", userStatus, 0xff);
        checkUnsigned("securityIndex", securityIndex, 0xff);
        checkUnsigned("cksum", cksum, 0xffff);
        checkUnsigned("serviceId", serviceId, 0xffff);
    }

    private static void checkUnsigned(String name, int value, int max) {
        if (value < 0 || value > max) {
            throw new IllegalArgumentException(name + " out of range 0.." + max + ": " + value);
        }
    }

    /** @return the channel number (0..3) */
    public int channel() {
        return cid & CHANNEL_MASK;
    }

    /** @return the connection ID without the channel bits */
    public int connectionId() {
        return cid & CID_MASK;
    }

    /** @return whether every bit of {@code bits} is set in {@link #flags()} */
    public boolean hasFlags(int bits) {
        return RxFlags.has(flags, bits);
    }

    /** @return whether the sender is the client side of the connection */
    public boolean isClientInitiated() {
        return hasFlags(RxFlags.CLIENT_INITIATED);
    }

    /** @return a copy with other flags */
    public RxHeader withFlags(int newFlags) {
        return new RxHeader(epoch, cid, callNumber, seq, serial, type, newFlags, userStatus,
                securityIndex, cksum, serviceId);
    }

    /** @return a copy with another serial */
    public RxHeader withSerial(int newSerial) {
        return new RxHeader(epoch, cid, callNumber, seq, newSerial, type, flags, userStatus,
                securityIndex, cksum, serviceId);
    }

    /** @return a copy with another sequence number */
    public RxHeader withSeq(int newSeq) {
        return new RxHeader(epoch, cid, callNumber, newSeq, serial, type, flags, userStatus,
                securityIndex, cksum, serviceId);
    }

    /**
     * Reads a header at the reader index and advances it by {@link #SIZE}.
     *
     * @throws DecodeException {@code TRUNCATED_HEADER} if fewer than 28 bytes are readable,
     *     {@code UNKNOWN_TYPE} if the type byte names no packet type
     */
    public static RxHeader decode(ByteBuf in) throws DecodeException {
        if (in.readableBytes() < SIZE) {
            throw new DecodeException(DecodeException.Reason.TRUNCATED_HEADER,
                    in.readableBytes() + " of " + SIZE + " bytes");
        }
        int at = in.readerIndex();
        int typeCode = in.getUnsignedByte(at + 20);
        PacketType type = PacketType.fromCode(typeCode);
        if (type == null) {
            throw new DecodeException(DecodeException.Reason.UNKNOWN_TYPE, "type " + typeCode);
        }
        RxHeader h = new RxHeader(
                in.getInt(at),
                in.getInt(at + 4),
                in.getInt(at + 8),
                in.getInt(at + 12),
                in.getInt(at + 16),
                type,
                in.getUnsignedByte(at + 21),
                in.getUnsignedByte(at + 22),
                in.getUnsignedByte(at + 23),
                in.getUnsignedShort(at + 24),
                in.getUnsignedShort(at + 26));
        in.skipBytes(SIZE);
        return h;
    }

    /** Writes the header at the writer index. */
    public void encode(ByteBuf out) {
        out.writeInt(epoch);
        out.writeInt(cid);
        out.writeInt(callNumber);
        out.writeInt(seq);
        out.writeInt(serial);
        out.writeByte(type.code());
        out.writeByte(flags);
        out.writeByte(userStatus);
        out.writeByte(securityIndex);
        out.writeShort(cksum);
        out.writeShort(serviceId);
    }

    /** @return {@link #SIZE} */
    public int encodedLength() {
        return SIZE;
    }
}
