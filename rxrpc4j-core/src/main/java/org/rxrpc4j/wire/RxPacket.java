package org.rxrpc4j.wire;

import io.netty.buffer.ByteBuf;
import java.util.Objects;

/**
 * One Rx packet: the header and the body its type calls for. A jumbogram decodes as a single
 * DATA packet whose body is the rest of the datagram; {@link Jumbogram#split} cuts it up.
 *
 * @param header the 28-byte header
 * @param body the body; see {@link #decode} for which type goes with which packet type
 */
public record RxPacket(RxHeader header, PacketBody body) {

    /** @throws NullPointerException if either part is null */
    public RxPacket {
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(body, "body");
    }

    /**
     * Decodes the whole readable region of {@code datagram} as one packet.
     *
     * <p>Bodies by type: DATA {@link DataBody} (a slice of {@code datagram}, valid only as long
     * as it is), ACK {@link AckBody}, ABORT {@link AbortBody}, BUSY, ACKALL and PARAMS
     * {@link EmptyBody}, VERSION {@link VersionBody}, CHALLENGE {@link ChallengeBody}, RESPONSE
     * {@link ResponseBody}, DEBUG request {@link DebugRequest}, and DEBUG reply
     * {@link OpaqueBody} (to be decoded by the asker as the struct it asked for).
     *
     * <p>On success the reader index is at the writer index; on failure it is unchanged.
     *
     * @throws DecodeException {@code TRUNCATED_HEADER} or {@code UNKNOWN_TYPE} (see
     *     {@link RxHeader#decode}); {@code ZERO_CALL_NUMBER} for DATA, ACK, BUSY or ACKALL with
     *     call number 0; {@code ZERO_SEQ} for DATA with seq 0; or the body decoder's reason
     */
    public static RxPacket decode(ByteBuf datagram) throws DecodeException {
        int start = datagram.readerIndex();
        try {
            RxHeader header = RxHeader.decode(datagram);
            checkHeader(header);
            PacketBody body = decodeBody(header, datagram);
            // Bytes past a fixed-size body (CHALLENGE, RESPONSE, DEBUG request) are ignored, as
            // OpenAFS and the kernel ignore them; such a packet does not re-encode them.
            datagram.readerIndex(datagram.writerIndex());
            return new RxPacket(header, body);
        } catch (DecodeException e) {
            datagram.readerIndex(start);
            throw e;
        }
    }

    private static PacketBody decodeBody(RxHeader header, ByteBuf in) throws DecodeException {
        return switch (header.type()) {
            case DATA -> DataBody.decode(in);
            case ACK -> AckBody.decode(in);
            case BUSY, ACKALL, PARAMS, PARAMS_2, PARAMS_3 -> EmptyBody.decode(in);
            case ABORT -> AbortBody.decode(in);
            case VERSION -> VersionBody.decode(in);
            case CHALLENGE -> ChallengeBody.decode(in);
            case RESPONSE -> ResponseBody.decode(in);
            // A DEBUG reply does not say which struct it holds; the client that asked decodes
            // it (DebugStats, DebugConn, DebugPeer, RxStatistics or a DebugRequest echo).
            case DEBUG -> header.isClientInitiated() ? DebugRequest.decode(in) : OpaqueBody.decode(in);
        };
    }

    /**
     * The checks both peers make on the header alone (rx-protocol.md §2.1): these types belong
     * to a call, and call number 0 means a connection-level packet.
     */
    static void checkHeader(RxHeader header) throws DecodeException {
        switch (header.type()) {
            case DATA, ACK, BUSY, ACKALL -> {
                if (header.callNumber() == 0) {
                    throw new DecodeException(DecodeException.Reason.ZERO_CALL_NUMBER,
                            header.type() + " with call number 0");
                }
            }
            default -> { }
        }
        if (header.type() == PacketType.DATA && header.seq() == 0) {
            throw new DecodeException(DecodeException.Reason.ZERO_SEQ, "DATA with seq 0");
        }
    }

    /** Writes the header and the body at the writer index of {@code out}. */
    public void encode(ByteBuf out) {
        header.encode(out);
        body.encode(out);
    }

    /** @return the number of bytes {@link #encode} writes */
    public int encodedLength() {
        return RxHeader.SIZE + body.encodedLength();
    }
}
