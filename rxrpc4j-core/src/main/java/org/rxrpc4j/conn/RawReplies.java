package org.rxrpc4j.conn;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import org.rxrpc4j.wire.AbortBody;
import org.rxrpc4j.wire.EmptyBody;
import org.rxrpc4j.wire.PacketBody;
import org.rxrpc4j.wire.PacketType;
import org.rxrpc4j.wire.RxFlags;
import org.rxrpc4j.wire.RxHeader;
import org.rxrpc4j.wire.RxPacket;
import org.rxrpc4j.wire.VersionBody;

/**
 * Packets sent without a connection record, in answer to a packet (rx-protocol.md §5.1, §5.2,
 * §5.4): the kernel's {@code rxrpc_reject_packet} and version reply. They copy epoch, cid,
 * callNumber and serviceId from the cause and use seq 0, serial 0 and securityIndex 0.
 *
 * <p>Callers must never answer an ABORT with one of these; {@link #abort} and {@link #busy}
 * refuse to.
 */
public final class RawReplies {

    private RawReplies() {}

    /**
     * @return the header of a raw reply of {@code type} to {@code cause}: CLIENT_INITIATED
     *     inverted, every other flag clear, seq 0, serial 0, securityIndex 0
     */
    public static RxHeader replyHeader(RxHeader cause, PacketType type) {
        int flags = cause.isClientInitiated() ? 0 : RxFlags.CLIENT_INITIATED;
        return new RxHeader(cause.epoch(), cause.cid(), cause.callNumber(), 0, 0, type, flags,
                0, 0, 0, cause.serviceId());
    }

    /**
     * @return a raw ABORT with {@code code} answering {@code cause}
     * @throws IllegalArgumentException if {@code cause} is itself an ABORT
     */
    public static ByteBuf abort(ByteBufAllocator allocator, RxHeader cause, int code) {
        refuseAbort(cause);
        return encode(allocator, replyHeader(cause, PacketType.ABORT), new AbortBody(code));
    }

    /**
     * @return a header-only BUSY answering {@code cause}
     * @throws IllegalArgumentException if {@code cause} is an ABORT
     */
    public static ByteBuf busy(ByteBufAllocator allocator, RxHeader cause) {
        refuseAbort(cause);
        return encode(allocator, replyHeader(cause, PacketType.BUSY), EmptyBody.EMPTY);
    }

    /**
     * @return the answer to a VERSION request (kernel style): the request's epoch, cid,
     *     callNumber and serviceId, seq 0, serial 0, flags LAST_PACKET only, securityIndex 0,
     *     and {@code version} NUL-padded to 65 bytes
     */
    public static ByteBuf versionReply(ByteBufAllocator allocator, RxHeader request, String version) {
        RxHeader h = new RxHeader(request.epoch(), request.cid(), request.callNumber(), 0, 0,
                PacketType.VERSION, RxFlags.LAST_PACKET, 0, 0, 0, request.serviceId());
        return encode(allocator, h, VersionBody.reply(version));
    }

    /** @return {@code header} and {@code body} encoded into a new buffer from {@code allocator} */
    public static ByteBuf encode(ByteBufAllocator allocator, RxHeader header, PacketBody body) {
        RxPacket packet = new RxPacket(header, body);
        ByteBuf out = allocator.buffer(packet.encodedLength());
        packet.encode(out);
        return out;
    }

    private static void refuseAbort(RxHeader cause) {
        if (cause.type() == PacketType.ABORT) {
            throw new IllegalArgumentException("never answer an ABORT with a raw reply");
        }
    }
}
