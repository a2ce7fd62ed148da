package org.rxrpc4j.conn;

import io.netty.buffer.ByteBuf;
import java.util.Objects;
import java.util.function.LongConsumer;
import org.rxrpc4j.call.Call;
import org.rxrpc4j.call.CallState;
import org.rxrpc4j.call.CompletionType;
import org.rxrpc4j.call.EngineContext;
import org.rxrpc4j.env.TimerQueue;
import org.rxrpc4j.peer.Peer;
import org.rxrpc4j.trace.Counter;
import org.rxrpc4j.trace.Counters;
import org.rxrpc4j.wire.AbortBody;
import org.rxrpc4j.wire.AbortCodes;
import org.rxrpc4j.wire.AckBody;
import org.rxrpc4j.wire.AckReason;
import org.rxrpc4j.wire.AckTrailer;
import org.rxrpc4j.wire.PacketType;
import org.rxrpc4j.wire.RxFlags;
import org.rxrpc4j.wire.RxHeader;
import org.rxrpc4j.wire.RxPacket;
import org.rxrpc4j.wire.SeqMath;

/**
 * One Rx connection (rx-protocol.md §6.1): (epoch, cid) to one peer for one service and
 * security index, with 4 {@link Channel}s and one transmit serial counter. The client flavour
 * starts calls ({@link #startCall}); the service flavour creates them from the first DATA
 * packet of a new call number. Both dispatch call packets to their calls and answer late
 * packets for the last completed call of a channel from its cached outcome (§6.6).
 * Engine thread only.
 */
public final class Connection {

    private static final byte[] NO_ACKS = new byte[0];

    private final EngineContext context;
    private final Counters counters;
    private final Outbound out;
    private final ConnectionEvents events;
    private final Peer peer;
    private final boolean client;
    private final int epoch;
    private final int cid;
    private final int serviceId;
    private final int securityIndex;
    private final Channel[] channels = new Channel[RxHeader.MAX_CALLS];

    private int serial;
    private boolean aborted;
    private int abortCode;

    /**
     * @param client whether this side started the connection
     * @param cid the connection ID with the channel bits clear
     */
    public Connection(EngineContext context, Outbound out, ConnectionEvents events, Peer peer,
            boolean client, int epoch, int cid, int serviceId, int securityIndex) {
        this.context = Objects.requireNonNull(context, "context");
        this.counters = context.counters();
        this.out = Objects.requireNonNull(out, "out");
        this.events = Objects.requireNonNull(events, "events");
        this.peer = peer;
        this.client = client;
        this.epoch = epoch;
        this.cid = cid & RxHeader.CID_MASK;
        this.serviceId = serviceId;
        this.securityIndex = securityIndex;
        for (int i = 0; i < channels.length; i++) {
            channels[i] = new Channel(this, i);
        }
    }

    /** @return whether this side is the connection's client */
    public boolean isClient() {
        return client;
    }

    /** @return the epoch */
    public int epoch() {
        return epoch;
    }

    /** @return the connection ID with the channel bits clear */
    public int connectionId() {
        return cid;
    }

    /** @return the service ID */
    public int serviceId() {
        return serviceId;
    }

    /** @return the security index */
    public int securityIndex() {
        return securityIndex;
    }

    /** @return the peer */
    public Peer peer() {
        return peer;
    }

    /** @return channel {@code i}, 0..3 */
    public Channel channel(int i) {
        return channels[i];
    }

    /** @return whether the peer aborted the whole connection */
    public boolean isAborted() {
        return aborted;
    }

    /** @return the code of the connection ABORT, if {@link #isAborted()} */
    public int abortCode() {
        return abortCode;
    }

    /** @return the next transmit serial: never 0, even across a wrap */
    public int nextSerial() {
        serial = SeqMath.nextSerial(serial);
        return serial;
    }

    /** @return the last serial transmitted on this connection (0 if none yet) */
    public int serial() {
        return serial;
    }

    /** For tests: the serial the next {@link #nextSerial()} follows. */
    void lastSerial(int value) {
        serial = value;
    }

    /** Sends one datagram to the peer, taking ownership of it. */
    public void send(ByteBuf datagram) {
        peer.countSent(datagram.readableBytes() - RxHeader.SIZE);
        out.send(peer.address(), datagram);
    }

    /** @return how many channels have a call running */
    public int activeCalls() {
        int n = 0;
        for (Channel ch : channels) {
            if (ch.call() != null) {
                n++;
            }
        }
        return n;
    }

    /** @return a channel a new client call can use, or null if all 4 are busy */
    public Channel freeChannel() {
        if (!client || aborted) {
            return null;
        }
        for (Channel ch : channels) {
            if (ch.isFree()) {
                return ch;
            }
        }
        return null;
    }

    /**
     * Starts a client call on {@code ch} with the channel's next call number.
     *
     * @throws IllegalStateException if this is not a client connection or the channel is busy
     */
    public Call startCall(Channel ch, long nowNs) {
        if (!client || ch.connection() != this || !ch.isFree()) {
            throw new IllegalStateException("channel not free for a client call: " + ch);
        }
        int callNumber = ch.callCounter() + 1;
        Call call = new Call(ch, context, ch.index(), callNumber, false, nowNs);
        ch.start(call, callNumber);
        return call;
    }

    /**
     * A packet for this connection from its peer (its header already checked by the router).
     * The packet's buffers belong to the caller.
     */
    public void receive(RxPacket packet, long nowNs) {
        RxHeader h = packet.header();
        if (h.securityIndex() != securityIndex) {
            // OpenAFS drops such packets (rxi_ConnectionMatch); the kernel aborts the connection
            // with RXKADINCONSISTENCY. Dropping makes no packet for a stranger to provoke.
            counters.inc(Counter.DROP_SECURITY_MISMATCH);
            return;
        }
        if (h.callNumber() == 0) {
            receiveConnectionPacket(packet, nowNs);
            return;
        }
        if (aborted) {
            counters.inc(Counter.DROP_AFTER_COMPLETION);
            return;
        }
        Channel ch = channels[h.channel()];
        Call call = ch.call();
        int callNumber = h.callNumber();
        if (call != null && callNumber == call.callNumber()) {
            call.receive(packet, nowNs);
            return;
        }
        if (Integer.compareUnsigned(callNumber, ch.callCounter()) > 0) {
            receiveNewCallNumber(ch, packet, nowNs);
            return;
        }
        if (ch.hasFinal() && callNumber == ch.finalCallNumber()) {
            answerLatePacket(ch, packet);
            return;
        }
        counters.inc(Counter.DROP_OLD_CALL);
    }

    private void receiveConnectionPacket(RxPacket packet, long nowNs) {
        RxHeader h = packet.header();
        if (h.type() == PacketType.ABORT) {
            counters.inc(Counter.ABORTS_RECEIVED);
            abortAll(((AbortBody) packet.body()).code(), nowNs);
        } else if (h.type() == PacketType.CHALLENGE || h.type() == PacketType.RESPONSE) {
            // No security class beyond index 0 yet: nothing to challenge or respond to.
            counters.inc(Counter.DROP_SECURITY_MISMATCH);
        } else {
            counters.inc(Counter.DROP_ZERO_CALL_NUMBER);
        }
    }

    /** The peer aborted the connection: every call on it ends REMOTELY_ABORTED with the code. */
    private void abortAll(int code, long nowNs) {
        aborted = true;
        abortCode = code;
        for (Channel ch : channels) {
            Call call = ch.call();
            if (call != null) {
                call.terminate(CompletionType.REMOTELY_ABORTED, code, "connection aborted by peer",
                        nowNs);
            }
        }
    }

    private void receiveNewCallNumber(Channel ch, RxPacket packet, long nowNs) {
        RxHeader h = packet.header();
        if (client) {
            // The server never starts calls; the kernel treats this as a protocol error.
            counters.inc(Counter.DROP_NO_CALL);
            return;
        }
        if (h.type() != PacketType.DATA || h.seq() != 1) {
            // Only the first DATA packet starts a service call: not an ACK, ACKALL or BUSY from
            // before a restart, nor DATA from the middle of a call we never saw.
            counters.inc(h.type() == PacketType.ABORT ? Counter.DROP_ABORT_NOT_ANSWERED
                    : Counter.DROP_NO_CALL);
            return;
        }
        endPreviousCall(ch, nowNs);
        if (!events.hasRoom(serviceId)) {
            counters.inc(Counter.BUSY_BACKLOG_FULL);
            counters.inc(Counter.BUSIES_SENT);
            send(RawReplies.busy(context.allocator(), h));
            return;
        }
        Call call = new Call(ch, context, ch.index(), h.callNumber(), true, nowNs);
        ch.start(call, h.callNumber());
        call.receive(packet, nowNs);
        events.newServiceCall(call, nowNs);
    }

    /**
     * The client started the next call on the channel, so it is done with the current one
     * (rx-protocol.md §6.5, kernel rules): a call awaiting the final ACK succeeded; any other
     * unfinished call is aborted with RX_CALL_DEAD.
     */
    private void endPreviousCall(Channel ch, long nowNs) {
        Call old = ch.call();
        if (old == null) {
            return;
        }
        if (old.state() == CallState.SERVER_AWAIT_ACK) {
            old.terminate(CompletionType.SUCCEEDED, 0, "implicitly acknowledged by the next call",
                    nowNs);
        } else if (old.state() != CallState.COMPLETE) {
            old.abort(AbortCodes.RX_CALL_DEAD, "superseded by the next call on the channel", nowNs);
        }
    }

    /** A packet for the last completed call of the channel: answer from the cache (§6.6). */
    private void answerLatePacket(Channel ch, RxPacket packet) {
        RxHeader h = packet.header();
        if (h.type() == PacketType.ABORT) {
            counters.inc(Counter.DROP_ABORT_NOT_ANSWERED);
            return;
        }
        if (ch.finalAborted()) {
            RxHeader abort = header(ch, PacketType.ABORT, 0);
            counters.inc(Counter.CACHED_FINAL_RESENT);
            counters.inc(Counter.ABORTS_SENT);
            send(RawReplies.encode(context.allocator(), abort, new AbortBody(ch.finalAbortCode())));
        } else if (client) {
            counters.inc(Counter.CACHED_FINAL_RESENT);
            sendChannelAck(ch, AckReason.DUPLICATE, h.serial());
        } else {
            // A service call that succeeded was hard-ACKed by its client: nothing to repeat.
            counters.inc(Counter.DROP_AFTER_COMPLETION);
        }
    }

    /** Sends the last call's final ACK from the channel's cache: every reply packet hard-ACKed. */
    private void sendChannelAck(Channel ch, int reason, int serial) {
        int last = ch.finalSeq();
        AckBody ack = new AckBody(0, 0, last + 1, last, serial, reason, NO_ACKS,
                new AckTrailer(context.config().maxMtu(), context.config().ifMtu(),
                        context.config().rxWindow(), context.config().jumboMax()));
        RxHeader ackHeader = header(ch, PacketType.ACK, RxFlags.SLOW_START_OK);
        counters.inc(Counter.ACKS_SENT);
        send(RawReplies.encode(context.allocator(), ackHeader, ack));
    }

    /** @return how long a client channel holds back a final ACK (0: not at all) */
    long finalAckDelayNs() {
        return context.config().finalAckDelayNs();
    }

    void scheduleFinalAck(TimerQueue.Entry<LongConsumer> entry) {
        context.timers().schedule(entry, context.environment().ticker().nanoTime() + finalAckDelayNs());
    }

    void cancelTimer(TimerQueue.Entry<LongConsumer> entry) {
        context.timers().cancel(entry);
    }

    void countImplicitFinalAck() {
        counters.inc(Counter.FINAL_ACKS_IMPLICIT);
    }

    /** The deferred final ACK of {@code ch}'s last call is due: no next call came to make it moot. */
    void sendFinalAck(Channel ch) {
        if (ch.hasFinal() && !ch.finalAborted() && ch.call() == null) {
            counters.inc(Counter.FINAL_ACKS_DEFERRED);
            sendChannelAck(ch, AckReason.IDLE, 0);
        }
    }

    private RxHeader header(Channel ch, PacketType type, int flags) {
        int f = flags | (client ? RxFlags.CLIENT_INITIATED : 0);
        return new RxHeader(epoch, cid | ch.index(), ch.finalCallNumber(), 0, nextSerial(), type, f,
                0, securityIndex, 0, serviceId);
    }

    /**
     * A call on {@code ch} completed: cache its outcome and tell the endpoint. (The call counts
     * its own completion type.)
     */
    void completed(Channel ch, Call call) {
        ch.finish(call);
        events.callCompleted(call);
    }

    /**
     * Ends every call still running on this connection without sending anything (the endpoint
     * is shutting down).
     */
    public void terminateAll(CompletionType type, int code, String detail, long nowNs) {
        for (Channel ch : channels) {
            Call call = ch.call();
            if (call != null) {
                call.terminate(type, code, detail, nowNs);
            }
        }
    }

    @Override
    public String toString() {
        return (client ? "ClientConnection[" : "ServiceConnection[")
                + Integer.toHexString(epoch) + ":" + Integer.toHexString(cid) + " service "
                + serviceId + "]";
    }
}
