package org.rxrpc4j.env;

import java.security.SecureRandom;

/**
 * The only class in the library that reads the system clocks or creates unseeded randomness.
 * Everything else receives an {@link Environment}; an architecture test keeps it that way, so
 * that every run in the simulator is reproducible from its seed.
 */
final class SystemEnvironment {

    /** {@link System#nanoTime()}: monotonic, may wrap, as {@link Ticker} requires. */
    static final Ticker TICKER = System::nanoTime;

    /** {@link System#currentTimeMillis()}. */
    static final WallClock WALL_CLOCK = System::currentTimeMillis;

    private SystemEnvironment() {}

    /** @return a fresh generator over a new, self-seeded {@link SecureRandom} */
    static Entropy secureEntropy() {
        return new SecureEntropy(new SecureRandom());
    }

    /** @return the real clocks and secure randomness */
    static Environment create() {
        return new Environment(TICKER, WALL_CLOCK, secureEntropy());
    }
}
