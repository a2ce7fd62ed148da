package org.rxrpc4j.call;

import io.netty.buffer.ByteBuf;
import org.rxrpc4j.wire.AckBody;
import org.rxrpc4j.wire.AckTrailer;
import org.rxrpc4j.wire.PacketType;
import org.rxrpc4j.wire.RxFlags;
import org.rxrpc4j.wire.RxHeader;

/**
 * Writes a call's packets straight into buffers, with the same layout as {@link RxHeader},
 * {@link AckBody} and the ABORT body encode, but without building the records: ACKs and DATA
 * headers are written for nearly every packet, so this path allocates nothing but the buffer.
 */
final class PacketWriter {

    /** Offset of the serial in the header. */
    static final int SERIAL_OFFSET = 16;
    /** Offset of the flags byte in the header. */
    static final int FLAGS_OFFSET = 21;

    private PacketWriter() {}

    /** Writes a 28-byte header at the writer index. */
    static void header(ByteBuf out, CallHost host, int channel, int callNumber, int seq, int serial,
            PacketType type, int flags) {
        out.writeInt(host.epoch());
        out.writeInt(host.connectionId() | channel);
        out.writeInt(callNumber);
        out.writeInt(seq);
        out.writeInt(serial);
        out.writeByte(type.code());
        out.writeByte(flags);
        out.writeByte(0); // userStatus
        out.writeByte(host.securityIndex());
        out.writeShort(0); // cksum
        out.writeShort(host.serviceId());
    }

    /** @return CLIENT_INITIATED if this side is the connection's client, else 0 */
    static int direction(CallHost host) {
        return host.isClient() ? RxFlags.CLIENT_INITIATED : 0;
    }

    /** @return the size of an ACK with {@code nAcks} soft-ACK entries and a full trailer */
    static int ackSize(int nAcks) {
        return RxHeader.SIZE + AckBody.FIXED_SIZE + nAcks + AckBody.PAD_SIZE + AckTrailer.SIZE;
    }

    /**
     * Writes the ACK body up to (not including) the soft-ACK table; the caller writes nAcks
     * entries next and then calls {@link #ackTail}.
     */
    static void ackHead(ByteBuf out, int firstPacket, int previousPacket, int serial, int reason,
            int nAcks) {
        out.writeShort(0); // bufferSpace
        out.writeShort(0); // maxSkew
        out.writeInt(firstPacket);
        out.writeInt(previousPacket);
        out.writeInt(serial);
        out.writeByte(reason);
        out.writeByte(nAcks);
    }

    /** Writes the zero pad and the full trailer. */
    static void ackTail(ByteBuf out, int maxMtu, int ifMtu, int rwind, int jumboMax) {
        out.writeZero(AckBody.PAD_SIZE);
        out.writeInt(maxMtu);
        out.writeInt(ifMtu);
        out.writeInt(rwind);
        out.writeInt(jumboMax);
    }
}
