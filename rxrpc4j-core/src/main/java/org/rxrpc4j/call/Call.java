package org.rxrpc4j.call;

import io.netty.buffer.ByteBuf;
import org.rxrpc4j.wire.RxPacket;

/**
 * One Rx call: a request and its reply on one channel of a connection (rx-protocol.md §6).
 * Owned by the endpoint's engine thread: every method must be called on it.
 *
 * <p>CONTRACT SKELETON: signatures agreed between the call, connection and test work of issue 3;
 * the implementation replaces the bodies.
 */
public final class Call {

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
        throw new UnsupportedOperationException("issue 3: Call is being implemented");
    }

    /** Sets who hears about this call; events before this are not lost (state can be polled). */
    public void listener(CallListener listener) {
        throw new UnsupportedOperationException();
    }

    /** @return the channel, 0..3 */
    public int channel() {
        throw new UnsupportedOperationException();
    }

    /** @return the call number */
    public int callNumber() {
        throw new UnsupportedOperationException();
    }

    /** @return whether this side serves the call */
    public boolean isService() {
        throw new UnsupportedOperationException();
    }

    /** @return the connection channel the call runs on */
    public CallHost host() {
        throw new UnsupportedOperationException();
    }

    /**
     * A packet for this call from the peer: DATA (possibly a jumbogram, which the call splits),
     * ACK, ACKALL, ABORT or BUSY. The packet's buffers belong to the caller; the call retains
     * whatever it keeps. Packets after completion are ignored (counted).
     */
    public void receive(RxPacket packet, long nowNs) {
        throw new UnsupportedOperationException();
    }

    /**
     * Ends the call without sending anything: its connection was aborted, the peer is
     * unreachable, or the endpoint is shutting down. No-op if already complete.
     */
    public void terminate(CompletionType type, int abortCode, String detail, long nowNs) {
        throw new UnsupportedOperationException();
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
        throw new UnsupportedOperationException();
    }

    /** @return how many more bytes {@link #send} would take now */
    public int sendSpace() {
        throw new UnsupportedOperationException();
    }

    /**
     * Copies received data, in order, into {@code dst} (up to its writable bytes). Consuming
     * data opens the receive window.
     *
     * @return the number of bytes copied, or -1 once all the peer's data has been read
     */
    public int read(ByteBuf dst, long nowNs) {
        throw new UnsupportedOperationException();
    }

    /** @return bytes received in order and not yet read */
    public int readableBytes() {
        throw new UnsupportedOperationException();
    }

    /**
     * Aborts the call: sends an ABORT with {@code code} and completes it as
     * {@link CompletionType#LOCALLY_ABORTED}. No-op if already complete.
     */
    public void abort(int code, String why, long nowNs) {
        throw new UnsupportedOperationException();
    }

    /** @return the current state */
    public CallState state() {
        throw new UnsupportedOperationException();
    }

    /** @return how the call ended, or {@code null} while it runs */
    public Completion completion() {
        throw new UnsupportedOperationException();
    }

    /**
     * @return the seq of the last DATA packet received from the peer (0 if none); the
     *     connection uses it to answer late packets with the call's final ACK
     */
    public int lastReceivedSeq() {
        throw new UnsupportedOperationException();
    }

    /** Called by the endpoint's timer queue when one of this call's deadlines is due. */
    public void onTimer(long nowNs) {
        throw new UnsupportedOperationException();
    }
}
