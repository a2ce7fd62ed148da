package org.rxrpc4j.local;

import io.netty.buffer.ByteBuf;
import java.util.List;
import java.util.function.Predicate;
import org.rxrpc4j.conn.Connection;
import org.rxrpc4j.conn.RawReplies;
import org.rxrpc4j.debug.DebugResponder;
import org.rxrpc4j.peer.Peer;
import org.rxrpc4j.trace.Counter;
import org.rxrpc4j.trace.Counters;
import org.rxrpc4j.wire.AbortCodes;
import org.rxrpc4j.wire.DecodeException;
import org.rxrpc4j.wire.PacketType;
import org.rxrpc4j.wire.RxHeader;
import org.rxrpc4j.wire.RxPacket;

/**
 * The inbound chain of an endpoint (rx-protocol.md §2.1, kernel {@code rxrpc_input_packet}):
 * small named steps, each of which may drop the packet (counting why), answer it without a
 * connection (VERSION or DEBUG reply, raw ABORT, BUSY), or pass it on; the last steps route it to a
 * service or client connection. The datagram belongs to the caller. Engine thread only.
 */
final class PacketRouter {

    private record Step(String name, Predicate<Inbound> action) implements RouterStep {
        @Override
        public boolean process(Inbound in) {
            return action.test(in);
        }
    }

    private final LocalEndpoint endpoint;
    private final Counters counters;
    private final long[] decodeFailures = new long[DecodeException.Reason.values().length];
    private final List<RouterStep> steps;
    private final DebugResponder debug;

    PacketRouter(LocalEndpoint endpoint) {
        this.endpoint = endpoint;
        this.counters = endpoint.counters();
        this.debug = new DebugResponder(endpoint.snapshot(), counters);
        this.steps = List.of(
                new Step("decode-header", this::decodeHeader),
                new Step("answer-version", this::answerVersion),
                new Step("answer-debug", this::answerDebug),
                new Step("drop-params", this::dropParams),
                new Step("check-direction", this::checkDirection),
                new Step("check-call-number-and-seq", this::checkCallNumberAndSeq),
                new Step("decode-body", this::decodeBody),
                new Step("route-to-service-connection", this::routeToServiceConnection),
                new Step("route-to-client-connection", this::routeToClientConnection));
    }

    /** @return the step names, in order */
    List<String> stepNames() {
        return steps.stream().map(RouterStep::name).toList();
    }

    /** @return how many packets failed to decode for {@code reason} */
    long decodeFailures(DecodeException.Reason reason) {
        return decodeFailures[reason.ordinal()];
    }

    /** Runs the chain until a step finishes with the packet. */
    void route(Inbound in) {
        for (RouterStep step : steps) {
            if (step.process(in)) {
                return;
            }
        }
    }

    private boolean decodeHeader(Inbound in) {
        int at = in.datagram.readerIndex();
        try {
            in.header = RxHeader.decode(in.datagram);
            endpoint.tally().read(in.header.type().code());
            return false;
        } catch (DecodeException e) {
            decodeFailures[e.reason().ordinal()]++;
            counters.inc(e.reason() == DecodeException.Reason.UNKNOWN_TYPE
                    ? Counter.DROP_UNKNOWN_TYPE : Counter.DROP_TRUNCATED_HEADER);
            return true;
        } finally {
            in.datagram.readerIndex(at);
        }
    }

    /**
     * VERSION: answer only a request (CLIENT_INITIATED, first payload byte 0, as the kernel
     * requires); anything else is a keepalive or a reply and is never answered.
     */
    private boolean answerVersion(Inbound in) {
        RxHeader h = in.header;
        if (h.type() != PacketType.VERSION) {
            return false;
        }
        int payloadAt = in.datagram.readerIndex() + RxHeader.SIZE;
        boolean request = h.isClientInitiated()
                && in.datagram.writerIndex() > payloadAt
                && in.datagram.getByte(payloadAt) == 0;
        if (!request) {
            counters.inc(Counter.DROP_VERSION_NOT_REQUEST);
            return true;
        }
        counters.inc(Counter.VERSION_REPLIES_SENT);
        endpoint.transmit(in.from, RawReplies.versionReply(endpoint.allocator(), h,
                LocalEndpoint.VERSION_STRING));
        return true;
    }

    /**
     * DEBUG: a request (CLIENT_INITIATED) is answered by the rxdebug responder with a raw reply
     * to its source address; anything else, or a request too short to hold one, is counted and
     * dropped.
     */
    private boolean answerDebug(Inbound in) {
        if (in.header.type() != PacketType.DEBUG) {
            return false;
        }
        ByteBuf payload = in.datagram.slice(in.datagram.readerIndex() + RxHeader.SIZE,
                in.datagram.readableBytes() - RxHeader.SIZE);
        ByteBuf reply = debug.answer(endpoint.allocator(), in.header, payload);
        if (reply != null) {
            endpoint.transmit(in.from, reply);
        }
        return true;
    }

    /** PARAMS and its two neighbours: reserved, ignored by every peer. */
    private boolean dropParams(Inbound in) {
        PacketType t = in.header.type();
        if (t != PacketType.PARAMS && t != PacketType.PARAMS_2 && t != PacketType.PARAMS_3) {
            return false;
        }
        counters.inc(Counter.DROP_PARAMS);
        return true;
    }

    /** BUSY and CHALLENGE only go to clients, RESPONSE only to servers (kernel discards). */
    private boolean checkDirection(Inbound in) {
        RxHeader h = in.header;
        boolean wrong = switch (h.type()) {
            case BUSY, CHALLENGE -> h.isClientInitiated();
            case RESPONSE -> !h.isClientInitiated();
            default -> false;
        };
        if (wrong) {
            counters.inc(Counter.DROP_WRONG_DIRECTION);
        }
        return wrong;
    }

    /**
     * DATA, ACK, BUSY and ACKALL belong to a call, so call number 0 is a protocol error, as is
     * DATA seq 0; both are answered with a raw ABORT RX_PROTOCOL_ERROR (never sent for an ABORT,
     * which is not one of these types).
     */
    private boolean checkCallNumberAndSeq(Inbound in) {
        RxHeader h = in.header;
        Counter reason;
        switch (h.type()) {
            case DATA, ACK, BUSY, ACKALL -> {
                if (h.callNumber() == 0) {
                    reason = Counter.DROP_ZERO_CALL_NUMBER;
                } else if (h.type() == PacketType.DATA && h.seq() == 0) {
                    reason = Counter.DROP_ZERO_SEQ;
                } else {
                    return false;
                }
            }
            default -> {
                return false;
            }
        }
        counters.inc(reason);
        counters.inc(Counter.ABORT_PROTOCOL_ERROR);
        endpoint.sendRawAbort(in.from, h, AbortCodes.RX_PROTOCOL_ERROR);
        return true;
    }

    private boolean decodeBody(Inbound in) {
        int at = in.datagram.readerIndex();
        try {
            in.packet = RxPacket.decode(in.datagram);
            return false;
        } catch (DecodeException e) {
            decodeFailures[e.reason().ordinal()]++;
            counters.inc(Counter.DROP_MALFORMED_BODY);
            in.datagram.readerIndex(at);
            return true;
        }
    }

    /**
     * A packet from a client (CLIENT_INITIATED) goes to its service connection, found by (peer
     * address, epoch, cid). Without one, only DATA seq 1 of an offered service with security
     * index 0 makes one (and its call), and only if the backlog has room; the rest is answered
     * as the kernel does: unknown service or unsupported security on DATA seq 1 → raw ABORT
     * RX_INVALID_OPERATION, full backlog → BUSY, anything else dropped.
     */
    private boolean routeToServiceConnection(Inbound in) {
        RxHeader h = in.header;
        if (!h.isClientInitiated()) {
            return false;
        }
        Connection conn = endpoint.serviceConnections().find(in.from, h);
        if (conn != null) {
            deliver(conn, in);
            return true;
        }
        if (h.type() == PacketType.ABORT) {
            // Nothing here to abort, and an ABORT is never answered with one.
            counters.inc(Counter.DROP_ABORT_NOT_ANSWERED);
            return true;
        }
        if (h.callNumber() == 0) {
            counters.inc(Counter.DROP_UNKNOWN_CONNECTION);
            return true;
        }
        boolean startsCall = h.type() == PacketType.DATA && h.seq() == 1;
        Service service = endpoint.service(h.serviceId());
        if (service == null) {
            if (startsCall) {
                counters.inc(Counter.ABORT_UNKNOWN_SERVICE);
                endpoint.sendRawAbort(in.from, h, AbortCodes.RX_INVALID_OPERATION);
            } else {
                counters.inc(Counter.DROP_NO_CALL);
            }
            return true;
        }
        if (!startsCall) {
            counters.inc(Counter.DROP_NO_CALL);
            return true;
        }
        if (h.securityIndex() != 0) {
            counters.inc(Counter.ABORT_UNSUPPORTED_SECURITY);
            endpoint.sendRawAbort(in.from, h, AbortCodes.RX_INVALID_OPERATION);
            return true;
        }
        if (!service.hasRoom()) {
            counters.inc(Counter.BUSY_BACKLOG_FULL);
            endpoint.sendRawBusy(in.from, h);
            return true;
        }
        Peer peer = endpoint.peer(in.from);
        deliver(endpoint.serviceConnections().create(in.from, peer, h), in);
        return true;
    }

    /**
     * A packet from a server goes to the client connection named by its epoch and connection
     * ID, whatever address it came from; none → drop.
     */
    private boolean routeToClientConnection(Inbound in) {
        RxHeader h = in.header;
        Connection conn = endpoint.clientConnections().find(h.epoch(), h.cid());
        if (conn == null) {
            counters.inc(Counter.DROP_UNKNOWN_CONNECTION);
            return true;
        }
        deliver(conn, in);
        return true;
    }

    private void deliver(Connection conn, Inbound in) {
        conn.peer().onReceive(in.nowNs);
        conn.peer().countReceived(in.length - RxHeader.SIZE);
        conn.receive(in.packet, in.nowNs);
    }

    @Override
    public String toString() {
        return "PacketRouter" + stepNames();
    }
}
