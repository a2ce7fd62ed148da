package org.rxrpc4j.call;

import java.util.function.LongConsumer;
import org.rxrpc4j.env.TimerQueue;

/**
 * A call's named deadlines, folded into its one {@link TimerQueue.Entry}: the entry is armed
 * at the earliest of them, and only moved when that earliest deadline changes. Deadlines are
 * wrap-safe {@code Ticker} readings.
 */
final class CallTimers {

    /** Delayed ACK for received data. */
    static final int ACK = 0;
    /** IDLE ACK once the application drained the receive queue. */
    static final int IDLE_ACK = 1;
    /** Retransmission timeout. */
    static final int RESEND = 2;
    /** Nothing valid heard from the peer for config.normalTimeout: the call is dead. */
    static final int EXPECT_RX = 3;
    /** Nothing sent for normalTimeout/6: send a keepalive PING. */
    static final int KEEPALIVE = 4;
    /** Tail loss probe: no ACK for a while after the last transmission (RACK-TLP). */
    static final int PROBE = 5;
    static final int COUNT = 6;

    private final TimerQueue<LongConsumer> queue;
    private final TimerQueue.Entry<LongConsumer> entry;
    private final long[] at = new long[COUNT];
    private int armed; // bit per deadline

    CallTimers(TimerQueue<LongConsumer> queue, LongConsumer owner) {
        this.queue = queue;
        this.entry = new TimerQueue.Entry<>(owner);
    }

    boolean isSet(int kind) {
        return (armed & (1 << kind)) != 0;
    }

    long at(int kind) {
        return at[kind];
    }

    void set(int kind, long deadlineNs) {
        at[kind] = deadlineNs;
        armed |= 1 << kind;
    }

    /** Sets {@code kind} unless it is already set to fire earlier. */
    void setIfEarlier(int kind, long deadlineNs) {
        if (!isSet(kind) || deadlineNs - at[kind] < 0) {
            set(kind, deadlineNs);
        }
    }

    void clear(int kind) {
        armed &= ~(1 << kind);
    }

    /** @return whether {@code kind} is set and due at {@code nowNs}; clears it if so */
    boolean takeDue(int kind, long nowNs) {
        if (isSet(kind) && at[kind] - nowNs <= 0) {
            clear(kind);
            return true;
        }
        return false;
    }

    /** Arms the queue entry at the earliest set deadline, or disarms it if none is set. */
    void rearm() {
        if (armed == 0) {
            queue.cancel(entry);
            return;
        }
        long earliest = 0;
        boolean any = false;
        for (int k = 0; k < COUNT; k++) {
            if (isSet(k) && (!any || at[k] - earliest < 0)) {
                earliest = at[k];
                any = true;
            }
        }
        if (!entry.isScheduled() || entry.deadlineNs() != earliest) {
            queue.schedule(entry, earliest);
        }
    }

    /** Clears every deadline and disarms the entry. */
    void cancelAll() {
        armed = 0;
        queue.cancel(entry);
    }

    boolean isScheduled() {
        return entry.isScheduled();
    }

    /** @return the earliest armed deadline; only valid if {@link #isScheduled()} */
    long nextDeadlineNs() {
        return entry.deadlineNs();
    }
}
