package org.rxrpc4j.env;

import java.time.Instant;

/**
 * Calendar time, for the few protocol values that are wall-clock based (connection epochs,
 * rxdebug replies, ticket lifetimes). Never use it to measure intervals: it may jump. Use a
 * {@link Ticker} for that.
 */
@FunctionalInterface
public interface WallClock {

    /** @return milliseconds since the Unix epoch */
    long currentTimeMillis();

    /** @return the current time as an {@link Instant} (millisecond precision) */
    default Instant now() {
        return Instant.ofEpochMilli(currentTimeMillis());
    }

    /** @return seconds since the Unix epoch, the unit Rx puts on the wire (epochs, tickets) */
    default long currentTimeSeconds() {
        return Math.floorDiv(currentTimeMillis(), 1000L);
    }
}
