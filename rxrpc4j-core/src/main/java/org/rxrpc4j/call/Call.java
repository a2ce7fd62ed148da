package org.rxrpc4j.call;

import io.netty.buffer.ByteBuf;
import java.util.List;
import java.util.Objects;
import java.util.function.LongConsumer;
import org.rxrpc4j.config.RxConfig;
import org.rxrpc4j.peer.Peer;
import org.rxrpc4j.peer.RttEstimator;
import org.rxrpc4j.trace.Counter;
import org.rxrpc4j.trace.Counters;
import org.rxrpc4j.wire.AbortBody;
import org.rxrpc4j.wire.AbortCodes;
import org.rxrpc4j.wire.AckBody;
import org.rxrpc4j.wire.AckReason;
import org.rxrpc4j.wire.AckTrailer;
import org.rxrpc4j.wire.DataBody;
import org.rxrpc4j.wire.DecodeException;
import org.rxrpc4j.wire.Jumbogram;
import org.rxrpc4j.wire.PacketType;
import org.rxrpc4j.wire.RxFlags;
import org.rxrpc4j.wire.RxHeader;
import org.rxrpc4j.wire.RxPacket;
import org.rxrpc4j.wire.SeqMath;

/**
 * One Rx call: a request and its reply on one channel of a connection (rx-protocol.md §6).
 * Owned by the endpoint's engine thread: every method must be called on it.
 *
 * <p>The call is assembled from focused parts: {@link TxQueue} (this side's DATA, ring by
 * seq), {@link CongestionControl}, {@link RxQueue} (the peer's DATA, ring by seq),
 * {@link AckPolicy} (when to ACK and why) and {@link CallTimers} (its named deadlines folded
 * into one timer-queue entry). This class runs the life cycle and the wire exchange:
 *
 * <ul>
 *   <li>Client: CLIENT_SEND_REQUEST → (LAST transmitted once) CLIENT_AWAIT_REPLY → (first reply
 *       DATA: the whole request counts as hard-ACKed and its queue is dropped)
 *       CLIENT_RECV_REPLY → (every reply packet up to LAST received: terminal ACK at once)
 *       COMPLETE/SUCCEEDED; unread reply data can still be read.
 *   <li>Service: SERVER_RECV_REQUEST → (whole request received) SERVER_ACK_REQUEST → (first
 *       {@link #send}) SERVER_SEND_REPLY → (LAST transmitted once) SERVER_AWAIT_ACK → (an ACK
 *       hard-ACKs every reply packet, or ACKALL) COMPLETE/SUCCEEDED.
 * </ul>
 *
 * <p>Listeners are told after the state is updated, at the end of each engine entry point
 * ({@link #receive}, {@link #onTimer}, {@link #terminate}, {@link #abort}, {@link #listener}),
 * and never re-entrantly: events raised while a listener runs are delivered when it returns.
 * {@link #send} and {@link #read} never call the listener: their caller learns the state from
 * the return value, {@link #sendSpace()} and {@link #readableBytes()}.
 */
public final class Call {

    private static final int EV_READABLE = 1;
    private static final int EV_WRITABLE = 2;
    private static final int EV_COMPLETE = 4;
    private static final int PING_SLOTS = 4;
    /** Send window before the peer's first ACK trailer (kernel and OpenAFS: 16). */
    static final int INITIAL_TWIND = 16;

    private final CallHost host;
    private final EngineContext context;
    private final RxConfig config;
    private final Counters counters;
    private final int channel;
    private final int callNumber;
    private final boolean service;
    private final TxQueue tx;
    private final RxQueue rx;
    private final CongestionControl cc;
    private final AckPolicy ackPolicy = new AckPolicy();
    private final CallTimers timers;
    private final long keepaliveNs;
    /**
     * How long a peer's remembered congestion window stays good for new calls; older, the path
     * may have changed, and a call slow-starts again.
     */
    static final long CWND_MEMORY_NS = 1_000_000_000L;

    /** Seqs to transmit in one burst; a burst never exceeds the window. */
    private final int[] burst = new int[RxConfig.MAX_WINDOW + 1];
    private final int[] pingSerials = new int[PING_SLOTS];
    private final long[] pingSentAt = new long[PING_SLOTS];
    private int pingNext;

    private CallState state;
    private Completion completion;
    private CallListener listener;
    private int pendingEvents;
    /** A tail loss probe went out and nothing new has been ACKed since. */
    private boolean probed;
    /** The whole reply arrived and the terminal ACK was left to the channel. */
    private boolean finalAckDeferred;
    private boolean notifying;
    private boolean writeBlocked;
    private boolean timersStarted;
    private int peerRwind;
    private int backoff;

    /**
     * Creates a call. A client call starts in {@link CallState#CLIENT_SEND_REQUEST}; a service
     * call in {@link CallState#SERVER_RECV_REQUEST} (its first DATA packet follows through
     * {@link #receive}).
     *
     * @param host the connection channel the call runs on
     * @param context the endpoint's shared engine state
     * @param channel the channel, 0..3
     * @param callNumber the call number on that channel (never 0)
     * @param service whether this side serves the call
     * @param nowNs the current time
     */
    public Call(CallHost host, EngineContext context, int channel, int callNumber, boolean service,
            long nowNs) {
        this.host = Objects.requireNonNull(host, "host");
        this.context = Objects.requireNonNull(context, "context");
        if (channel < 0 || channel >= RxHeader.MAX_CALLS) {
            throw new IllegalArgumentException("channel " + channel);
        }
        if (callNumber == 0) {
            throw new IllegalArgumentException("call number 0");
        }
        this.config = context.config();
        this.counters = context.counters();
        this.channel = channel;
        this.callNumber = callNumber;
        this.service = service;
        this.tx = new TxQueue(context.allocator(), 8);
        this.rx = new RxQueue(config.rxWindow());
        Peer p = host.peer();
        this.cc = new CongestionControl(p.startingCwnd(config.initialCwnd(), nowNs, CWND_MEMORY_NS),
                p.startingSsthresh(config.txMaxWindow(), nowNs, CWND_MEMORY_NS), config.txMaxWindow());
        LongConsumer owner = this::onTimer;
        this.timers = new CallTimers(context.timers(), owner);
        this.keepaliveNs = Math.max(1, config.normalTimeoutNs() / 6);
        this.peerRwind = Math.min(INITIAL_TWIND, config.txMaxWindow());
        this.state = service ? CallState.SERVER_RECV_REQUEST : CallState.CLIENT_SEND_REQUEST;
        if (service) {
            // A service call exists because the peer just spoke: its clocks start now. A client
            // call's start when it first transmits.
            startTimers(nowNs);
        } else {
            counters.inc(Counter.CALLS_STARTED);
        }
    }

    /** Sets who hears about this call; events raised before this are delivered now. */
    public void listener(CallListener listener) {
        this.listener = listener;
        flush();
    }

    /** @return the channel, 0..3 */
    public int channel() {
        return channel;
    }

    /** @return the call number */
    public int callNumber() {
        return callNumber;
    }

    /** @return whether this side serves the call */
    public boolean isService() {
        return service;
    }

    /** @return the connection channel the call runs on */
    public CallHost host() {
        return host;
    }

    // =================================================================== inbound

    /**
     * A packet for this call from the peer: DATA (possibly a jumbogram, which the call splits),
     * ACK, ACKALL, ABORT or BUSY. The packet's buffers belong to the caller; the call retains
     * whatever it keeps. Packets after completion are ignored (counted).
     */
    public void receive(RxPacket packet, long nowNs) {
        if (state == CallState.COMPLETE) {
            counters.inc(Counter.DROP_AFTER_COMPLETION);
            return;
        }
        RxHeader h = packet.header();
        switch (h.type()) {
            case DATA -> receiveData(h, (DataBody) packet.body(), nowNs);
            case ACK -> receiveAck(h, (AckBody) packet.body(), nowNs);
            case ACKALL -> receiveAckAll(nowNs);
            case ABORT -> receiveAbort((AbortBody) packet.body(), nowNs);
            case BUSY -> receiveBusy(nowNs);
            default -> counters.inc(Counter.DROP_UNKNOWN_TYPE);
        }
        finish();
    }

    private void receiveData(RxHeader h, DataBody body, long nowNs) {
        if (!service) {
            if (state == CallState.CLIENT_SEND_REQUEST) {
                protocolError("reply DATA before the request was sent", nowNs);
                return;
            }
            if (state == CallState.CLIENT_AWAIT_REPLY) {
                // The first reply packet implicitly hard-ACKs the whole request.
                tx.hardAckTo(tx.lastSeq);
                tx.releaseAll();
                timers.clear(CallTimers.RESEND);
                state = CallState.CLIENT_RECV_REPLY;
            }
        }
        int windowBefore = rx.windowStart;
        int want = 0;
        int wantSerial = 0;
        if (!h.hasFlags(RxFlags.JUMBO_PACKET)) {
            int reason = dataPacket(h, body.payload(), nowNs);
            if (reason < 0) {
                return;
            }
            want = reason;
            wantSerial = h.serial();
        } else {
            List<RxPacket> parts;
            try {
                parts = Jumbogram.split(h, body.payload());
            } catch (DecodeException e) {
                protocolError("bad jumbogram: " + e.getMessage(), nowNs);
                return;
            }
            counters.inc(Counter.JUMBOGRAMS_RECEIVED);
            for (int k = 0; k < parts.size(); k++) {
                RxPacket p = parts.get(k);
                int reason = dataPacket(p.header(), ((DataBody) p.body()).payload(), nowNs);
                if (reason < 0) {
                    return;
                }
                if (AckPolicy.priority(reason) > AckPolicy.priority(want)) {
                    want = reason;
                    wantSerial = p.header().serial();
                }
            }
        }
        // DATA, even a duplicate, is a valid sign of life.
        timers.set(CallTimers.EXPECT_RX, nowNs + config.normalTimeoutNs());
        if (rx.windowStart != windowBefore) {
            pendingEvents |= EV_READABLE;
        }
        boolean replyDone = !service && rx.complete();
        if (want != 0) {
            sendAck(want, wantSerial, nowNs);
        } else if (!replyDone) {
            int now = ackPolicy.afterUnacked(peer().rtt().samples());
            if (now == AckReason.PING) {
                sendAck(AckReason.PING, 0, nowNs);
            } else if (now != 0) {
                sendAck(now, 0, nowNs);
            } else if (ackPolicy.unacked() > 0) {
                timers.setIfEarlier(CallTimers.ACK, nowNs
                        + AckPolicy.delayedAckNs(peer().rtt().srttNs(), config.softAckDelayNs()));
            }
        }
        if (replyDone) {
            if (want == 0) {
                if (host.defersFinalAck()) {
                    finalAckDeferred = true; // the channel sends it, or the next call makes it moot
                } else {
                    sendAck(AckReason.IDLE, 0, nowNs); // the terminal ACK: firstPacket = last + 1
                }
            }
            complete(CompletionType.SUCCEEDED, 0, "succeeded");
            return;
        }
        if (service && state == CallState.SERVER_RECV_REQUEST && rx.complete()) {
            state = CallState.SERVER_ACK_REQUEST;
            pendingEvents |= EV_WRITABLE;
            if (ackPolicy.unacked() > 0) {
                timers.setIfEarlier(CallTimers.ACK, nowNs
                        + AckPolicy.delayedAckNs(peer().rtt().srttNs(), config.softAckDelayNs()));
            }
        }
    }

    /** @return the ACK reason this packet wants at once, 0 for none, -1 if the call ended */
    private int dataPacket(RxHeader h, ByteBuf payload, long nowNs) {
        counters.inc(Counter.DATA_PACKETS_RECEIVED);
        int outcome = rx.add(h.seq(), h.hasFlags(RxFlags.LAST_PACKET), payload);
        switch (outcome) {
            case RxQueue.PROTOCOL_ERROR -> {
                protocolError(rx.protocolError, nowNs);
                return -1;
            }
            case RxQueue.DUPLICATE -> counters.inc(Counter.DROP_DUPLICATE);
            case RxQueue.EXCEEDS_WINDOW -> counters.inc(Counter.DROP_BEYOND_WINDOW);
            default -> { }
        }
        return ackPolicy.onData(outcome, h.hasFlags(RxFlags.REQUEST_ACK));
    }

    private void receiveAck(RxHeader h, AckBody ack, long nowNs) {
        counters.inc(Counter.ACKS_RECEIVED);
        int reason = ack.reason();
        // Answer first, even a stale ACK (rx-protocol.md §4.5).
        if (reason == AckReason.PING) {
            sendAck(AckReason.PING_RESPONSE, h.serial(), nowNs);
        } else if (h.hasFlags(RxFlags.REQUEST_ACK)) {
            sendAck(AckReason.REQUESTED, h.serial(), nowNs);
        }
        if (reason == AckReason.PING_RESPONSE && ack.serial() != 0) {
            samplePing(ack.serial(), nowNs);
        }
        if (!tx.isValid(ack.firstPacket(), ack.previousPacket(), peerRwind)) {
            counters.inc(Counter.DROP_STALE_ACK);
            return; // and it does not count as a sign of life
        }
        if (tx.beyondSent(ack.firstPacket())) {
            protocolError("ACK hard-ACKs seq " + Integer.toUnsignedString(ack.firstPacket() - 1)
                    + " that was never sent", nowNs);
            return;
        }
        timers.set(CallTimers.EXPECT_RX, nowNs + config.normalTimeoutNs());
        peer().onAck(ack);
        AckTrailer t = ack.trailer();
        if (t != null && ack.trailerWords() >= 3) {
            long rwind = Integer.toUnsignedLong(t.rwind());
            peerRwind = (int) Math.max(1, Math.min(rwind, config.txMaxWindow()));
        }
        if (ack.serial() != 0 && reason != AckReason.PING_RESPONSE) {
            int i = tx.findSerial(ack.serial());
            if (i >= 0) {
                sampleRtt(nowNs - tx.sentAtIndex(i));
            }
        }
        tx.applyAck(ack);
        if (tx.withdrawn > 0) {
            counters.add(Counter.SOFT_ACKS_WITHDRAWN, tx.withdrawn);
        }
        if (cc.onAck(tx.newlyAcked, tx.nacksBelowSoft, tx.hardAck, tx.inFlight(),
                tx.nextNew - 1)) {
            counters.inc(Counter.FAST_RETRANSMITS);
            tx.markNackedForResend(nowNs, peer().rtt().srttNs());
        } else if (tx.nacksBelowSoft) {
            // RACK (rx-protocol.md §7.4): a NACKed packet sent well before one that the peer
            // has ACKed is lost, whatever the NACK count: a second loss in the window, a lost
            // retransmission, or a loss in a window too small for three NACKing ACKs. Without
            // this they waited for the RTO (200 ms at least, doubling, on a 1 ms path).
            long srtt = peer().rtt().srttNs();
            int marked = tx.markRackLost(nowNs, srtt / 4, srtt + srtt / 4);
            if (marked > 0) {
                counters.add(Counter.RACK_RESENDS_MARKED, marked);
                if (cc.mode() != CongestionControl.Mode.RECOVERY) {
                    counters.inc(Counter.FAST_RETRANSMITS);
                    cc.enterRecovery(tx.inFlight(), tx.nextNew - 1);
                }
            }
        }
        if (tx.progress) {
            probed = false;
            backoff = 0;
            if (tx.inFlight() > 0) {
                timers.set(CallTimers.RESEND, nowNs + resendDelayNs());
            }
            armProbe(nowNs);
        }
        if (tx.inFlight() == 0 && !tx.hasResends()) {
            timers.clear(CallTimers.RESEND);
        }
        if (state == CallState.SERVER_AWAIT_ACK && tx.allHardAcked()) {
            complete(CompletionType.SUCCEEDED, 0, "succeeded");
            return;
        }
        transmit(nowNs);
    }

    private void receiveAckAll(long nowNs) {
        counters.inc(Counter.ACKS_RECEIVED);
        timers.set(CallTimers.EXPECT_RX, nowNs + config.normalTimeoutNs());
        tx.newlyAcked = 0;
        tx.hardAckTo(tx.nextNew - 1);
        timers.clear(CallTimers.RESEND);
        if (state == CallState.SERVER_AWAIT_ACK && tx.allHardAcked()) {
            complete(CompletionType.SUCCEEDED, 0, "succeeded");
            return;
        }
        transmit(nowNs);
    }

    private void receiveAbort(AbortBody abort, long nowNs) {
        counters.inc(Counter.ABORTS_RECEIVED);
        complete(CompletionType.REMOTELY_ABORTED, abort.code(),
                "remote abort " + abort.code());
    }

    private void receiveBusy(long nowNs) {
        // A client ignores BUSY (rx-protocol.md Appendix A); it is still a sign of life.
        counters.inc(Counter.BUSIES_RECEIVED);
        timers.set(CallTimers.EXPECT_RX, nowNs + config.normalTimeoutNs());
    }

    // =================================================================== application side

    /**
     * Ends the call without sending anything: its connection was aborted, the peer is
     * unreachable, or the endpoint is shutting down. On a call that already completed, it only
     * releases whatever unread data the call still holds (shutdown). Like every completion it
     * calls {@link CallHost#completed} (once per call) and then the listener.
     */
    public void terminate(CompletionType type, int abortCode, String detail, long nowNs) {
        if (state == CallState.COMPLETE) {
            rx.releaseAll();
            return;
        }
        complete(type, type == CompletionType.SUCCEEDED ? 0 : abortCode, detail);
        finish();
    }

    /**
     * Queues bytes for this side to send, copying up to {@link #sendSpace()} readable bytes of
     * {@code src} (its reader index advances).
     *
     * @param last whether this ends this side's data; honoured only if every readable byte of
     *     {@code src} was taken
     * @return the number of bytes taken
     * @throws IllegalStateException if this side may not send now (a client after its last
     *     request byte, a service before the whole request arrived, or a completed call)
     */
    public int send(ByteBuf src, boolean last, long nowNs) {
        if (!maySend()) {
            throw new IllegalStateException("call " + callNumber + " may not send in " + state
                    + (tx.lastQueued() ? " after its last packet" : ""));
        }
        if (state == CallState.SERVER_ACK_REQUEST) {
            state = CallState.SERVER_SEND_REPLY;
            if (rtt().samples() < AckPolicy.RTT_SAMPLES_WANTED) {
                // A service learns the RTT only from pings and requested ACKs, and never asks
                // for an ACK on its last reply packet: without a ping, short calls leave it
                // without an RTT, so a lost reply would wait out the initial RTO (1 s) instead
                // of being probed within a few round trips.
                sendAck(AckReason.PING, 0, nowNs);
            }
        }
        int readable = src.readableBytes();
        int n = Math.min(readable, sendSpace());
        boolean lastNow = last && n == readable;
        if (n > 0 || lastNow) {
            tx.write(src, n, lastNow, peer().maxDataPerPacket(), host, channel, callNumber);
        }
        int writableBefore = pendingEvents & EV_WRITABLE;
        transmit(nowNs);
        // The caller is writing now and sees sendSpace() itself: onWritable is only for space
        // that opens later, and never runs inside send().
        pendingEvents = (pendingEvents & ~EV_WRITABLE) | writableBefore;
        writeBlocked = n < readable || sendSpace() == 0;
        timers.rearm();
        return n;
    }

    private boolean maySend() {
        if (tx.lastQueued()) {
            return false;
        }
        return switch (state) {
            case CLIENT_SEND_REQUEST, SERVER_ACK_REQUEST, SERVER_SEND_REPLY -> true;
            default -> false;
        };
    }

    /** @return how many more bytes {@link #send} would take now */
    public int sendSpace() {
        if (!maySend()) {
            return 0;
        }
        long free = (long) config.txBufferPackets() - tx.unsentPackets();
        long space = tx.tailRoom() + Math.max(0, free) * peer().maxDataPerPacket();
        return (int) Math.min(space, Integer.MAX_VALUE);
    }

    /**
     * Copies received data, in order, into {@code dst} (up to its writable bytes). Consuming
     * data opens the receive window.
     *
     * @return the number of bytes copied, or -1 once all the peer's data has been read (or the
     *     call failed, so that none will come)
     */
    public int read(ByteBuf dst, long nowNs) {
        int before = rx.readSeq;
        int copied = rx.read(dst);
        consumed(rx.readSeq - before, nowNs);
        if (copied > 0) {
            return copied;
        }
        if (rx.endOfData()) {
            return -1;
        }
        return state == CallState.COMPLETE && !completion.succeeded() ? -1 : 0;
    }

    /**
     * Consumes up to {@code max} received bytes without copying them, as {@link #read} would
     * (the receive window opens the same way).
     *
     * @return bytes consumed; {@link #read} with no room tells whether more will come
     */
    public long skip(long max, long nowNs) {
        int before = rx.readSeq;
        long skipped = rx.skip(max);
        consumed(rx.readSeq - before, nowNs);
        return skipped;
    }

    /** The application consumed {@code packets} whole packets: the window may reopen. */
    private void consumed(int packets, long nowNs) {
        if (packets > 0 && state != CallState.COMPLETE) {
            int reason = ackPolicy.onConsumed(packets, rx.freeWindow());
            if (reason != 0) {
                sendAck(reason, 0, nowNs);
            } else if (rx.queuedPackets() == 0) {
                timers.setIfEarlier(CallTimers.IDLE_ACK, nowNs + config.idleAckDelayNs());
            }
        }
        if (state != CallState.COMPLETE) {
            timers.rearm();
        }
    }

    /**
     * Drops whatever received data a completed call still holds, for an application that will
     * not read it. No-op on a running call.
     */
    public void releaseUnread() {
        if (state == CallState.COMPLETE) {
            rx.releaseAll();
        }
    }

    /** @return bytes received in order and not yet read */
    public int readableBytes() {
        return rx.readableBytes();
    }

    /** @return whether received DATA packets wait in the receive queue (read or not) */
    public boolean hasQueuedReceive() {
        return rx.queuedPackets() > 0;
    }

    /** @return whether this side's DATA waits in the transmit queue, unsent or not hard-ACKed */
    public boolean hasQueuedTransmit() {
        return tx.holdsBuffers();
    }

    /** @return whether every DATA packet of the peer has arrived */
    public boolean receiveDone() {
        return rx.complete();
    }

    /** @return the congestion window, in packets */
    public int cwnd() {
        return cc.cwnd();
    }

    /**
     * Aborts the call: sends an ABORT with {@code code} and completes it as
     * {@link CompletionType#LOCALLY_ABORTED}. No-op if already complete.
     */
    public void abort(int code, String why, long nowNs) {
        if (state == CallState.COMPLETE) {
            return;
        }
        sendAbort(code, nowNs);
        complete(CompletionType.LOCALLY_ABORTED, code, why);
        finish();
    }

    /** @return whether this client call left its terminal ACK to its channel */
    public boolean finalAckDeferred() {
        return finalAckDeferred;
    }

    /** @return the current state */
    public CallState state() {
        return state;
    }

    /** @return how the call ended, or {@code null} while it runs */
    public Completion completion() {
        return completion;
    }

    /**
     * @return the seq of the last DATA packet received from the peer (0 if none); the
     *     connection uses it to answer late packets with the call's final ACK
     */
    public int lastReceivedSeq() {
        return rx.highest;
    }

    /**
     * @return whether the call still holds packet buffers: it is not complete, or it completed
     *     with reply (or request) data the application has not read yet
     */
    public boolean holdsBuffers() {
        return state != CallState.COMPLETE || rx.holdsBuffers() || tx.holdsBuffers();
    }

    /** Called by the endpoint's timer queue when one of this call's deadlines is due. */
    public void onTimer(long nowNs) {
        if (state == CallState.COMPLETE) {
            return;
        }
        if (timers.takeDue(CallTimers.EXPECT_RX, nowNs)) {
            counters.inc(Counter.CALLS_DEAD);
            sendAbort(AbortCodes.RX_CALL_DEAD, nowNs);
            complete(CompletionType.NETWORK_ERROR, AbortCodes.RX_CALL_DEAD,
                    "nothing heard from the peer for " + java.time.Duration.ofNanos(config.normalTimeoutNs()).toMillis() / 1000.0 + " s");
            finish();
            return;
        }
        if (timers.takeDue(CallTimers.RESEND, nowNs)) {
            onRto(nowNs);
        } else if (timers.takeDue(CallTimers.PROBE, nowNs)) {
            onProbe(nowNs);
        }
        if (state != CallState.COMPLETE && timers.takeDue(CallTimers.ACK, nowNs)) {
            sendAck(AckReason.DELAY, 0, nowNs);
        }
        if (state != CallState.COMPLETE && timers.takeDue(CallTimers.IDLE_ACK, nowNs)) {
            sendAck(AckReason.IDLE, 0, nowNs);
        }
        if (state != CallState.COMPLETE && timers.takeDue(CallTimers.KEEPALIVE, nowNs)) {
            counters.inc(Counter.KEEPALIVE_PINGS_SENT);
            sendAck(AckReason.PING, 0, nowNs);
        }
        finish();
    }

    // =================================================================== transmission

    /**
     * Tail loss probe (RACK-TLP, rx-protocol.md §7.4): nothing was ACKed for a while after the
     * last transmission, so resend the newest unacknowledged packet, asking for an ACK. A lost
     * tail (the last packets of a burst, a one-packet request) then costs about two round trips
     * instead of an RTO of 200 ms or more; the window stays as it is, and what the ACK reveals
     * is repaired by RACK.
     */
    private void onProbe(long nowNs) {
        if (tx.markTailForProbe()) {
            counters.inc(Counter.TAIL_LOSS_PROBES);
            probed = true;
            transmit(nowNs);
        }
    }

    /**
     * Arms the tail loss probe after a transmission or an ACK, once the RTT is known: at
     * 2·srtt plus the delay the peer may hold its ACK back, or later than that for a reply
     * whose last packet waits for the client's (possibly deferred) final ACK. Never after the
     * RTO, and only once until the peer ACKs something new.
     */
    private void armProbe(long nowNs) {
        if (probed || !tx.hasUnacked() || rtt().samples() == 0) {
            timers.clear(CallTimers.PROBE);
            return;
        }
        long srtt = rtt().srttNs();
        long pto = 2 * srtt + Math.max(srtt, AckPolicy.MIN_ACK_DELAY_NS);
        if (service && tx.lastQueued() && tx.wasSent(tx.lastSeq)) {
            pto += 2 * config.finalAckDelayNs();
        }
        long at = nowNs + pto;
        if (timers.isSet(CallTimers.RESEND) && at - timers.at(CallTimers.RESEND) >= 0) {
            timers.clear(CallTimers.PROBE);
            return;
        }
        timers.set(CallTimers.PROBE, at);
    }

    private void onRto(long nowNs) {
        counters.inc(Counter.RTO_EXPIRED);
        if (tx.hasUnacked()) {
            cc.onRto(tx.inFlight());
            tx.markUnackedForResend();
        } else if (tx.inFlight() > 0) {
            // Everything is soft-ACKed but not hard-ACKed: ask where the peer stands.
            sendAck(AckReason.PING, 0, nowNs);
        } else {
            return;
        }
        if (rtt().rtoWithBackoff(backoff) < Math.min(rtt().maxRtoNs(), config.normalTimeoutNs() / 4)) {
            backoff++;
        }
        timers.set(CallTimers.RESEND, nowNs + resendDelayNs());
        transmit(nowNs);
    }

    /**
     * @return the RTO with its backoff, but at most a quarter of the peer-silence timeout: a
     *     backoff past that would leave a lossy but live path one lost resend from being
     *     declared dead
     */
    private long resendDelayNs() {
        return Math.min(rtt().rtoWithBackoff(backoff), Math.max(1, config.normalTimeoutNs() / 4));
    }

    /** @return the transmit window: min(peer rwind (capped, ≥ 1), cwnd) */
    int window() {
        return Math.max(1, Math.min(peerRwind, cc.cwnd()));
    }

    /**
     * Sends what the window allows: marked resends first, then new packets. REQUEST_ACK goes on
     * the last packet of the burst if the burst holds a retransmission, cwnd ≤ 2, the RTT has
     * fewer than 3 samples, or the window is now full; never on a service call's last reply
     * packet (OpenAFS would answer with a soft ACK and never hard-ACK it; rx-protocol.md §4.4).
     */
    private void transmit(long nowNs) {
        if (state == CallState.COMPLETE) {
            return;
        }
        int window = window();
        int limit = tx.hardAck + window;
        int n = 0;
        int afterTop = tx.nextNew - 1;
        boolean retrans = false;
        int seq;
        // Collect first (nothing is sent yet, so the scan sees a stable queue), then send, so
        // that the last packet of the burst is known before its flags are written.
        int scanNew = tx.nextNew;
        while (n < burst.length) {
            seq = nextCandidate(limit, n == 0 ? 0 : burst[n - 1], scanNew);
            if (seq == 0) {
                break;
            }
            burst[n++] = seq;
            if (seq == scanNew) {
                scanNew++;
                afterTop = seq;
            } else {
                retrans = true;
            }
        }
        if (n == 0) {
            return;
        }
        int dir = PacketWriter.direction(host);
        boolean windowFull = afterTop - tx.hardAck >= window;
        boolean askForAck = retrans || cc.cwnd() <= 2 || rtt().samples() < AckPolicy.RTT_SAMPLES_WANTED
                || windowFull;
        int jumbo = peer().jumboSubpackets();
        for (int k = 0; k < n; ) {
            int g = jumbo > 1 ? jumboRun(k, n, jumbo) : 1;
            if (g == 1) {
                seq = burst[k];
                boolean resend = tx.wasSent(seq);
                ByteBuf datagram = tx.transmit(seq, host.nextSerial(), dataFlags(k, n, dir, askForAck), nowNs);
                counters.inc(resend ? Counter.DATA_PACKETS_RESENT : Counter.DATA_PACKETS_SENT);
                host.peer().countDataSent(resend);
                emit(datagram, nowNs);
            } else {
                emit(jumbogram(k, g, n, dir, askForAck, nowNs), nowNs);
            }
            k += g;
        }
        if (!timers.isSet(CallTimers.RESEND)) {
            timers.set(CallTimers.RESEND, nowNs + resendDelayNs());
        }
        armProbe(nowNs);
        if (service) {
            // Reply DATA implicitly ACKs the whole request; a pending ACK would say nothing new.
            timers.clear(CallTimers.ACK);
            timers.clear(CallTimers.IDLE_ACK);
        }
        if (tx.lastQueued() && tx.wasSent(tx.lastSeq)) {
            if (state == CallState.CLIENT_SEND_REQUEST) {
                state = CallState.CLIENT_AWAIT_REPLY;
            } else if (state == CallState.SERVER_SEND_REPLY) {
                state = CallState.SERVER_AWAIT_ACK;
            }
        }
        if (writeBlocked && sendSpace() > 0) {
            writeBlocked = false;
            pendingEvents |= EV_WRITABLE;
        }
    }

    /** The header flags of the packet at {@code k} of a burst of {@code n}. */
    private int dataFlags(int k, int n, int dir, boolean askForAck) {
        int seq = burst[k];
        boolean lastPacket = tx.isLast(seq);
        int flags = dir | (lastPacket ? RxFlags.LAST_PACKET : 0);
        if (k == n - 1 && !(service && lastPacket) && askForAck) {
            flags |= RxFlags.REQUEST_ACK;
        }
        return flags;
    }

    /**
     * @return how many packets from {@code k} of the burst go in one jumbogram: consecutive
     *     first transmissions (OpenAFS never puts a resend in one), every one but the last
     *     exactly {@link Jumbogram#JUMBO_DATALEN} bytes, at most {@code max}
     */
    private int jumboRun(int k, int n, int max) {
        int g = 1;
        while (g < max && k + g < n) {
            int prev = burst[k + g - 1];
            int next = burst[k + g];
            if (next != prev + 1 || tx.wasSent(prev) || tx.wasSent(next)
                    || tx.payloadLength(prev) != Jumbogram.JUMBO_DATALEN) {
                break;
            }
            g++;
        }
        return g;
    }

    /** Builds one datagram of the {@code g} packets from {@code k} of the burst, marking them sent. */
    private ByteBuf jumbogram(int k, int g, int n, int dir, boolean askForAck, long nowNs) {
        int size = RxHeader.SIZE;
        for (int j = 0; j < g; j++) {
            size += tx.payloadLength(burst[k + j]) + (j > 0 ? Jumbogram.JUMBO_HEADER_SIZE : 0);
        }
        ByteBuf d = context.allocator().buffer(size);
        for (int j = 0; j < g; j++) {
            int flags = dataFlags(k + j, n, dir, askForAck) | (j < g - 1 ? RxFlags.JUMBO_PACKET : 0);
            ByteBuf p = tx.markSent(burst[k + j], host.nextSerial(), flags, nowNs);
            host.peer().countDataSent(false);
            if (j == 0) {
                d.writeBytes(p, 0, p.writerIndex());
            } else {
                d.writeByte(flags);
                d.writeByte(0);
                d.writeShort(0); // cksum: none under the null security class
                d.writeBytes(p, RxHeader.SIZE, p.writerIndex() - RxHeader.SIZE);
            }
        }
        counters.add(Counter.DATA_PACKETS_SENT, g);
        counters.inc(Counter.JUMBOGRAMS_SENT);
        return d;
    }

    /**
     * The next seq of the burst after {@code prev} (0 at the start): a marked resend above
     * {@code prev}, else the next new sealed packet {@code scanNew}, both within {@code limit}.
     */
    private int nextCandidate(int limit, int prev, int scanNew) {
        if (prev == 0 || SeqMath.before(prev, tx.nextNew)) {
            int r = tx.nextResendAfter(prev, limit);
            if (r != 0) {
                return r;
            }
        }
        return tx.newSendable(scanNew, limit) ? scanNew : 0;
    }

    private void sendAck(int reason, int serial, long nowNs) {
        int nAcks = rx.nAcks();
        ByteBuf b = context.allocator().buffer(PacketWriter.ackSize(nAcks));
        int ackSerial = host.nextSerial();
        int flags = RxFlags.SLOW_START_OK | PacketWriter.direction(host)
                | (reason == AckReason.PING ? RxFlags.REQUEST_ACK : 0);
        PacketWriter.header(b, host, channel, callNumber, 0, ackSerial, PacketType.ACK, flags);
        PacketWriter.ackHead(b, rx.windowStart, rx.highest, serial, reason, nAcks);
        rx.writeSoftAcks(b);
        PacketWriter.ackTail(b, config.maxMtu(), config.ifMtu(), rx.rwind(), config.jumboMax());
        ackPolicy.onAckSent(rx.freeWindow());
        timers.clear(CallTimers.ACK);
        timers.clear(CallTimers.IDLE_ACK);
        counters.inc(Counter.ACKS_SENT);
        if (reason == AckReason.PING) {
            counters.inc(Counter.PINGS_SENT);
            pingSerials[pingNext] = ackSerial;
            pingSentAt[pingNext] = nowNs;
            pingNext = (pingNext + 1) % PING_SLOTS;
        }
        emit(b, nowNs);
    }

    private void sendAbort(int code, long nowNs) {
        ByteBuf b = context.allocator().buffer(RxHeader.SIZE + AbortBody.CODE_SIZE);
        PacketWriter.header(b, host, channel, callNumber, 0, host.nextSerial(), PacketType.ABORT,
                PacketWriter.direction(host));
        b.writeInt(code);
        counters.inc(Counter.ABORTS_SENT);
        emit(b, nowNs);
    }

    private void emit(ByteBuf datagram, long nowNs) {
        if (!timersStarted) {
            startTimers(nowNs);
        }
        timers.set(CallTimers.KEEPALIVE, nowNs + keepaliveNs);
        host.send(datagram);
    }

    private void startTimers(long nowNs) {
        timersStarted = true;
        timers.set(CallTimers.EXPECT_RX, nowNs + config.normalTimeoutNs());
        timers.set(CallTimers.KEEPALIVE, nowNs + keepaliveNs);
    }

    // =================================================================== RTT

    private void samplePing(int serial, long nowNs) {
        for (int k = 0; k < PING_SLOTS; k++) {
            if (pingSerials[k] == serial) {
                pingSerials[k] = 0;
                sampleRtt(nowNs - pingSentAt[k]);
                return;
            }
        }
    }

    private void sampleRtt(long rttNs) {
        if (rttNs <= 0) {
            return;
        }
        rtt().sample(rttNs);
        backoff = 0;
        counters.inc(Counter.RTT_SAMPLES);
    }

    private Peer peer() {
        return host.peer();
    }

    private RttEstimator rtt() {
        return host.peer().rtt();
    }

    // =================================================================== completion

    private void protocolError(String detail, long nowNs) {
        counters.inc(Counter.ABORT_PROTOCOL_ERROR);
        sendAbort(AbortCodes.RX_PROTOCOL_ERROR, nowNs);
        complete(CompletionType.LOCALLY_ABORTED, AbortCodes.RX_PROTOCOL_ERROR, detail);
    }

    private void complete(CompletionType type, int abortCode, String detail) {
        if (state == CallState.COMPLETE) {
            return;
        }
        state = CallState.COMPLETE;
        completion = type == CompletionType.SUCCEEDED ? Completion.SUCCEEDED
                : new Completion(type, abortCode, detail);
        timers.cancelAll();
        if (tx.nextNew - 1 >= config.initialCwnd() || cc.mode() != CongestionControl.Mode.SLOW_START) {
            // a call that filled its window, or lost packets, learned something about the path
            peer().rememberCongestion(cc.cwnd(), cc.ssthresh(), context.environment().ticker().nanoTime());
        }
        tx.releaseAll();
        if (type != CompletionType.SUCCEEDED) {
            rx.releaseAll();
        }
        counters.inc(switch (type) {
            case SUCCEEDED -> Counter.CALLS_SUCCEEDED;
            case REMOTELY_ABORTED -> Counter.CALLS_REMOTELY_ABORTED;
            case LOCALLY_ABORTED -> Counter.CALLS_LOCALLY_ABORTED;
            case LOCAL_ERROR -> Counter.CALLS_LOCAL_ERROR;
            case NETWORK_ERROR -> Counter.CALLS_NETWORK_ERROR;
        });
        pendingEvents |= EV_COMPLETE;
        host.completed(this);
    }

    /** Re-arms the timer entry and tells the listener what happened, outside any state change. */
    private void finish() {
        if (state != CallState.COMPLETE) {
            timers.rearm();
        }
        flush();
    }

    private void flush() {
        if (notifying || listener == null) {
            return;
        }
        notifying = true;
        try {
            while (pendingEvents != 0 && listener != null) {
                int ev = pendingEvents;
                pendingEvents = 0;
                if ((ev & EV_READABLE) != 0) {
                    listener.onReadable(this);
                }
                if ((ev & EV_WRITABLE) != 0 && state != CallState.COMPLETE) {
                    listener.onWritable(this);
                }
                if ((ev & EV_COMPLETE) != 0) {
                    listener.onComplete(this);
                }
            }
        } finally {
            notifying = false;
        }
    }

    // =================================================================== for tests

    CongestionControl congestion() {
        return cc;
    }

    TxQueue txQueue() {
        return tx;
    }

    RxQueue rxQueue() {
        return rx;
    }

    CallTimers timers() {
        return timers;
    }

    int backoff() {
        return backoff;
    }

    int peerRwind() {
        return peerRwind;
    }

    @Override
    public String toString() {
        return "Call[" + (service ? "service " : "client ") + Integer.toHexString(host.connectionId()
                | channel) + ":" + Integer.toUnsignedString(callNumber) + " " + state + "]";
    }
}
