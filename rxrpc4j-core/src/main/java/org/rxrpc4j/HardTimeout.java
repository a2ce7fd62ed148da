package org.rxrpc4j;

import java.util.function.LongConsumer;
import org.rxrpc4j.call.Call;
import org.rxrpc4j.call.CallState;
import org.rxrpc4j.env.TimerQueue;
import org.rxrpc4j.wire.AbortCodes;

/**
 * A call's hard timeout ({@link CallOptions#timeout()}) as an entry in the engine's own timer
 * queue, so it runs on engine time: when due, a call still running is aborted with
 * {@code RX_CALL_TIMEOUT}. Loop thread only.
 */
final class HardTimeout {

    private HardTimeout() {
    }

    /** @return the armed entry, or null if the options set no timeout */
    static TimerQueue.Entry<LongConsumer> arm(EndpointCore endpoint, Call call, CallOptions options, long nowNs) {
        long t = options.timeoutNs();
        if (t <= 0) {
            return null;
        }
        TimerQueue.Entry<LongConsumer> e = new TimerQueue.Entry<>(now -> {
            if (call.state() != CallState.COMPLETE) {
                call.abort(AbortCodes.RX_CALL_TIMEOUT, "hard timeout of " + options.timeout() + " expired", now);
            }
        });
        endpoint.engine().context().timers().schedule(e, nowNs + t);
        return e;
    }

    /** Disarms {@code entry} (null: nothing to do). */
    static void cancel(EndpointCore endpoint, TimerQueue.Entry<LongConsumer> entry) {
        if (entry != null) {
            endpoint.engine().context().timers().cancel(entry);
        }
    }
}
