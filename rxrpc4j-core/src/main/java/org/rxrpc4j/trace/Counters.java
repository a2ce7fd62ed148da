package org.rxrpc4j.trace;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * One endpoint's (or namespace's) counters. Bumped on the engine thread; readable from any
 * thread, so that views and tools can show them live.
 */
public final class Counters {

    private static final Counter[] ALL = Counter.values();

    private final AtomicLongArray values = new AtomicLongArray(ALL.length);

    /** Adds one to {@code c}. */
    public void inc(Counter c) {
        values.incrementAndGet(c.ordinal());
    }

    /** Adds {@code n} to {@code c}. */
    public void add(Counter c, long n) {
        values.addAndGet(c.ordinal(), n);
    }

    /** @return the current value of {@code c} */
    public long get(Counter c) {
        return values.get(c.ordinal());
    }

    /** @return every non-zero counter, in declaration order */
    public Map<Counter, Long> snapshot() {
        Map<Counter, Long> out = new EnumMap<>(Counter.class);
        for (Counter c : ALL) {
            long v = get(c);
            if (v != 0) {
                out.put(c, v);
            }
        }
        return out;
    }
}
