package org.rxrpc4j.call;

import io.netty.buffer.ByteBufAllocator;
import java.util.Objects;
import java.util.function.LongConsumer;
import org.rxrpc4j.config.RxConfig;
import org.rxrpc4j.env.Environment;
import org.rxrpc4j.env.TimerQueue;
import org.rxrpc4j.trace.Counters;

/**
 * What every engine object of one local endpoint shares: its buffer allocator, its single timer
 * queue, its counters, its tunables and its environment. Owned by the endpoint's engine thread.
 *
 * @param allocator where packet buffers come from (pooled in production)
 * @param timers the endpoint's timer queue; an owner is called with the current time when due
 * @param counters the endpoint's counters
 * @param config the endpoint's tunables
 * @param environment time and entropy for anything that needs them outside an event's nowNs
 */
public record EngineContext(
        ByteBufAllocator allocator,
        TimerQueue<LongConsumer> timers,
        Counters counters,
        RxConfig config,
        Environment environment) {

    public EngineContext {
        Objects.requireNonNull(allocator, "allocator");
        Objects.requireNonNull(timers, "timers");
        Objects.requireNonNull(counters, "counters");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(environment, "environment");
    }
}
