package org.rxrpc4j.debug;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.List;
import java.util.Objects;
import org.rxrpc4j.trace.Counter;
import org.rxrpc4j.trace.Counters;
import org.rxrpc4j.view.ConnectionView;
import org.rxrpc4j.view.EndpointSnapshot;
import org.rxrpc4j.view.PeerView;
import org.rxrpc4j.wire.DebugConn;
import org.rxrpc4j.wire.DebugPeer;
import org.rxrpc4j.wire.DebugRequest;
import org.rxrpc4j.wire.DecodeException;
import org.rxrpc4j.wire.PacketBody;
import org.rxrpc4j.wire.PacketType;
import org.rxrpc4j.wire.RxFlags;
import org.rxrpc4j.wire.RxHeader;
import org.rxrpc4j.wire.RxPacket;

/**
 * Answers DEBUG requests (rx-protocol.md §10) as OpenAFS 1.8's {@code rxi_ReceiveDebugPacket}
 * does, from an endpoint's snapshot and counters:
 *
 * <ul>
 *   <li>only a request with CLIENT_INITIATED is answered; the reply is the request's header
 *       with that flag cleared and every other field as received, then the reply struct;
 *   <li>GETSTATS → {@code rx_debugStats} (version 'S'), RXSTATS → {@code rx_statistics};
 *   <li>GETCONN / GETALLCONN → the {@code rx_debugConn} of the index-th interesting / any
 *       connection, GETPEER → the {@code rx_debugPeer} of the index-th peer; a negative index
 *       means the first; past the end, the end marker (cid or host 0xFFFFFFFF, the rest zero);
 *   <li>any other type → the 8-byte echo with type and index both RX_DEBUGI_BADTYPE;
 *   <li>a request shorter than 8 bytes is dropped and counted (OpenAFS would read whatever
 *       lies past the end of the packet).
 * </ul>
 *
 * Runs on the endpoint's engine thread; never throws for any input.
 */
public final class DebugResponder {

    private final EndpointSnapshot snapshot;
    private final Counters counters;

    /**
     * @param snapshot the endpoint's state, read anew for every request
     * @param counters the endpoint's counters: read for the replies, bumped for what happens here
     */
    public DebugResponder(EndpointSnapshot snapshot, Counters counters) {
        this.snapshot = Objects.requireNonNull(snapshot, "snapshot");
        this.counters = Objects.requireNonNull(counters, "counters");
    }

    /**
     * Answers one DEBUG packet. Counts {@link Counter#DEBUG_REPLIES_SENT} for an answer,
     * {@link Counter#DROP_DEBUG_NOT_REQUEST} or {@link Counter#DROP_DEBUG_MALFORMED} for a drop.
     *
     * @param allocator where the reply's buffer comes from
     * @param header the packet's decoded header (its type must be DEBUG)
     * @param payload the bytes after the header; read, never released, reader index kept
     * @return the reply datagram, owned by the caller, or null if the packet is not answered
     */
    public ByteBuf answer(ByteBufAllocator allocator, RxHeader header, ByteBuf payload) {
        if (header.type() != PacketType.DEBUG || !header.isClientInitiated()) {
            counters.inc(Counter.DROP_DEBUG_NOT_REQUEST);
            return null;
        }
        DebugRequest request;
        try {
            request = DebugRequest.decode(payload.duplicate());
        } catch (DecodeException e) {
            counters.inc(Counter.DROP_DEBUG_MALFORMED);
            return null;
        }
        RxHeader replyHeader = header.withFlags(header.flags() & ~RxFlags.CLIENT_INITIATED);
        RxPacket reply = new RxPacket(replyHeader, reply(request));
        ByteBuf out = allocator.buffer(reply.encodedLength());
        reply.encode(out);
        counters.inc(Counter.DEBUG_REPLIES_SENT);
        return out;
    }

    /**
     * @param request a decoded DEBUG request
     * @return the reply struct OpenAFS would send for it
     */
    public PacketBody reply(DebugRequest request) {
        return switch (request.type()) {
            case DebugRequest.GETSTATS -> DebugTotals.stats(snapshot.endpoint(), counters);
            case DebugRequest.GETCONN, DebugRequest.GETALLCONN ->
                    conn(request.index(), request.type() == DebugRequest.GETALLCONN);
            case DebugRequest.GETPEER -> peer(request.index());
            case DebugRequest.RXSTATS ->
                    DebugTotals.rxStatistics(snapshot.endpoint(), snapshot.peers(), counters);
            default -> request.badTypeReply();
        };
    }

    private DebugConn conn(int index, boolean all) {
        int wanted = Math.max(index, 0);
        for (ConnectionView c : snapshot.connections()) {
            if ((all || DebugStructs.interesting(c)) && wanted-- == 0) {
                return DebugStructs.conn(c);
            }
        }
        return DebugConn.endMarker();
    }

    private DebugPeer peer(int index) {
        List<PeerView> peers = snapshot.peers();
        int wanted = Math.max(index, 0);
        return wanted < peers.size() ? DebugStructs.peer(peers.get(wanted)) : DebugPeer.endMarker();
    }
}
