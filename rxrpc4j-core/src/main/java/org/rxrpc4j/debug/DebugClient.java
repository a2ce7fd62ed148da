package org.rxrpc4j.debug;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.Optional;
import org.rxrpc4j.wire.DebugConn;
import org.rxrpc4j.wire.DebugPeer;
import org.rxrpc4j.wire.DebugRequest;
import org.rxrpc4j.wire.DebugStats;
import org.rxrpc4j.wire.DecodeException;
import org.rxrpc4j.wire.PacketBody;
import org.rxrpc4j.wire.PacketType;
import org.rxrpc4j.wire.RxFlags;
import org.rxrpc4j.wire.RxHeader;
import org.rxrpc4j.wire.RxPacket;
import org.rxrpc4j.wire.RxStatistics;
import org.rxrpc4j.wire.VersionBody;

/**
 * The asking side of the DEBUG protocol, sans-I/O (rx-protocol.md §10.1): builds request
 * datagrams the way {@code rxdebug} does and parses the replies. The caller sends each request
 * over UDP to the server's port, waits {@link #retryDelayNs(int)} for a reply, resends up to
 * {@link #MAX_TRIES} times, and hands every datagram that arrives to {@link #parse}.
 *
 * <p>Each request takes the next call number of a counter that starts at 100 and is
 * pre-incremented, as {@code rxdebug}'s does; a reply counts only if it carries the call number
 * of the request it answers. Not thread-safe: one client per asking thread.
 */
public final class DebugClient {

    /** The epoch {@code rxdebug} puts in its requests. */
    public static final int EPOCH = 999;
    /** Tries per request before giving up (rxdebug: 5). */
    public static final int MAX_TRIES = 5;
    /** The first wait for a reply (1 s); each later wait doubles. */
    public static final long FIRST_TIMEOUT_NS = 1_000_000_000L;

    private int counter = 100;

    /** A built request: its datagram and what a reply to it must match. */
    public record Request(ByteBuf datagram, int callNumber, int type) {}

    /**
     * @param attempt 0 for the first try
     * @return how long to wait for a reply after try {@code attempt}: 1, 2, 4, 8, 16 s
     */
    public static long retryDelayNs(int attempt) {
        return FIRST_TIMEOUT_NS << Math.max(0, Math.min(attempt, MAX_TRIES - 1));
    }

    /**
     * @param type a DEBUG request type ({@link DebugRequest#GETSTATS} ...)
     * @param index the item wanted, for GETCONN, GETALLCONN and GETPEER (0 otherwise)
     * @return a DEBUG request datagram with the next call number, owned by the caller
     */
    public Request debug(ByteBufAllocator allocator, int type, int index) {
        return build(allocator, PacketType.DEBUG, new DebugRequest(type, index), type);
    }

    /** @return a VERSION request datagram with the next call number, owned by the caller */
    public Request version(ByteBufAllocator allocator) {
        return build(allocator, PacketType.VERSION, VersionBody.request(), 0);
    }

    private Request build(ByteBufAllocator allocator, PacketType packetType, PacketBody body, int type) {
        int callNumber = ++counter;
        RxHeader h = new RxHeader(EPOCH, 0, callNumber, 0, 0, packetType,
                RxFlags.CLIENT_INITIATED | RxFlags.LAST_PACKET, 0, 0, 0, 0);
        RxPacket packet = new RxPacket(h, body);
        ByteBuf out = allocator.buffer(packet.encodedLength());
        packet.encode(out);
        return new Request(out, callNumber, type);
    }

    /**
     * Parses a datagram that arrived while {@code request} was outstanding. The datagram's reader
     * index is kept; it is not released.
     *
     * @return the reply, or empty if the datagram does not answer {@code request} (another call
     *     number or packet type, CLIENT_INITIATED set, or too short for the struct asked for)
     */
    public static Optional<DebugReply> parse(Request request, ByteBuf datagram) {
        ByteBuf in = datagram.duplicate();
        RxHeader h;
        try {
            h = RxHeader.decode(in);
        } catch (DecodeException e) {
            return Optional.empty();
        }
        if (h.isClientInitiated() || h.callNumber() != request.callNumber()) {
            return Optional.empty();
        }
        try {
            if (h.type() == PacketType.VERSION) {
                return Optional.of(new DebugReply.Version(VersionBody.decode(in).versionString()));
            }
            if (h.type() != PacketType.DEBUG) {
                return Optional.empty();
            }
            // As rxdebug does: a reply shorter than the struct asked for that starts with
            // RX_DEBUGI_BADTYPE is the echo of a type the server does not know.
            int readable = in.readableBytes();
            if (readable >= DebugRequest.SIZE && readable < structSize(request.type())
                    && in.getInt(in.readerIndex()) == DebugRequest.BADTYPE) {
                return Optional.of(new DebugReply.BadType());
            }
            return Optional.ofNullable(body(request.type(), in));
        } catch (DecodeException e) {
            return Optional.empty();
        }
    }

    private static int structSize(int type) {
        return switch (type) {
            case DebugRequest.GETSTATS -> DebugStats.SIZE;
            case DebugRequest.GETCONN, DebugRequest.GETALLCONN -> DebugConn.SIZE;
            case DebugRequest.GETPEER -> DebugPeer.SIZE;
            case DebugRequest.RXSTATS -> RxStatistics.SIZE;
            default -> Integer.MAX_VALUE;
        };
    }

    private static DebugReply body(int type, ByteBuf in) throws DecodeException {
        return switch (type) {
            case DebugRequest.GETSTATS -> new DebugReply.Stats(DebugStats.decode(in));
            case DebugRequest.GETCONN, DebugRequest.GETALLCONN -> new DebugReply.Conn(DebugConn.decode(in));
            case DebugRequest.GETPEER -> new DebugReply.Peer(DebugPeer.decode(in));
            case DebugRequest.RXSTATS -> new DebugReply.RxStats(RxStatistics.decode(in));
            default -> null;
        };
    }
}
