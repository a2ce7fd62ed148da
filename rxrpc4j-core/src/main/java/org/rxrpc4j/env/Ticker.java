package org.rxrpc4j.env;

/**
 * A monotonic nanosecond clock, the engine's only notion of elapsed time.
 *
 * <p>Values have an arbitrary origin and may wrap around {@link Long#MAX_VALUE}, exactly like
 * {@link System#nanoTime()}: compare two readings only through their difference
 * ({@code a - b < 0}), never with {@code <} on the raw values.
 */
@FunctionalInterface
public interface Ticker {

    /** @return the current reading in nanoseconds; never decreases (modulo 2^64 wraparound) */
    long nanoTime();
}
