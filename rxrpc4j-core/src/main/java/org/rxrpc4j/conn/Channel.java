package org.rxrpc4j.conn;

import io.netty.buffer.ByteBuf;
import java.util.function.LongConsumer;
import org.rxrpc4j.call.Call;
import org.rxrpc4j.call.CallHost;
import org.rxrpc4j.call.Completion;
import org.rxrpc4j.env.TimerQueue;
import org.rxrpc4j.peer.Peer;
import org.rxrpc4j.wire.AbortCodes;

/**
 * One of a connection's 4 call slots (rx-protocol.md §6): its current call, its call counter,
 * and what the last completed call left behind to answer late packets (§6.6, the kernel's
 * {@code last_call}, {@code last_seq}, {@code last_type}, {@code last_abort}). It is the
 * {@link CallHost} of the calls that run on it. Engine thread only.
 */
public final class Channel implements CallHost {

    private final Connection connection;
    private final int index;

    private Call call;
    /** The highest call number used (client) or seen (service) on this channel; 0 if none. */
    private int callCounter;

    private boolean hasFinal;
    private int finalCallNumber;
    private int finalSeq;
    private boolean finalAborted;
    private int finalAbortCode;
    /** The deferred final ACK of the last call, armed while it waits (client channels). */
    private TimerQueue.Entry<LongConsumer> finalAck;

    Channel(Connection connection, int index) {
        this.connection = connection;
        this.index = index;
    }

    /** @return the connection this channel belongs to */
    public Connection connection() {
        return connection;
    }

    /** @return the channel number, 0..3 */
    public int index() {
        return index;
    }

    /** @return the call running on this channel, or null */
    public Call call() {
        return call;
    }

    /** @return the highest call number used or seen on this channel (0 if none) */
    public int callCounter() {
        return callCounter;
    }

    /** @return whether a completed call left its final outcome here */
    public boolean hasFinal() {
        return hasFinal;
    }

    /** @return the call number of the last completed call (valid if {@link #hasFinal()}) */
    public int finalCallNumber() {
        return finalCallNumber;
    }

    /** @return the last DATA seq the last completed call received */
    public int finalSeq() {
        return finalSeq;
    }

    /** @return whether the last completed call ended without success (its ABORT is cached) */
    public boolean finalAborted() {
        return finalAborted;
    }

    /** @return the abort code cached for the last completed call (RX_CALL_DEAD if it had none) */
    public int finalAbortCode() {
        return finalAbortCode;
    }

    /** @return whether a new client call may start here: no call, and the counter can advance */
    boolean isFree() {
        return call == null && callCounter != -1;
    }

    void start(Call newCall, int callNumber) {
        if (finalAck != null && finalAck.isScheduled()) {
            // The new call's first DATA tells the peer the last call is done (§6.5).
            connection.cancelTimer(finalAck);
            connection.countImplicitFinalAck();
        }
        this.call = newCall;
        this.callCounter = callNumber;
    }

    /** Remembers how {@code done} ended, for late packets, and frees the channel. */
    void finish(Call done) {
        if (call == done) {
            call = null;
        }
        Completion c = done.completion();
        hasFinal = true;
        finalCallNumber = done.callNumber();
        finalSeq = done.lastReceivedSeq();
        finalAborted = c == null || !c.succeeded();
        // A failure without an explicit code is answered as RX_CALL_DEAD, as the kernel does.
        finalAbortCode = c == null || c.abortCode() == 0 ? AbortCodes.RX_CALL_DEAD : c.abortCode();
        if (!finalAborted && done.finalAckDeferred()) {
            if (finalAck == null) {
                finalAck = new TimerQueue.Entry<>(now -> connection.sendFinalAck(this));
            }
            connection.scheduleFinalAck(finalAck);
        }
    }

    @Override
    public boolean defersFinalAck() {
        return connection.isClient() && connection.finalAckDelayNs() > 0;
    }

    // CallHost

    @Override
    public int epoch() {
        return connection.epoch();
    }

    @Override
    public int connectionId() {
        return connection.connectionId();
    }

    @Override
    public int serviceId() {
        return connection.serviceId();
    }

    @Override
    public int securityIndex() {
        return connection.securityIndex();
    }

    @Override
    public boolean isClient() {
        return connection.isClient();
    }

    @Override
    public Peer peer() {
        return connection.peer();
    }

    @Override
    public int nextSerial() {
        return connection.nextSerial();
    }

    @Override
    public void send(ByteBuf datagram) {
        connection.send(datagram);
    }

    @Override
    public void completed(Call done) {
        connection.completed(this, done);
    }

    @Override
    public String toString() {
        return "Channel[" + connection + "#" + index + " call=" + Integer.toUnsignedString(callCounter)
                + (call != null ? " active" : "") + "]";
    }
}
