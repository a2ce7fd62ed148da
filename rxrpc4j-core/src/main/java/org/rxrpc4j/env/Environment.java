package org.rxrpc4j.env;

import java.util.Objects;

/**
 * Everything the engine needs from the world besides datagrams and commands: time and
 * randomness. Production uses {@link #system()}; the simulator builds one from virtual time
 * and a seed.
 *
 * @param ticker the monotonic clock deadlines are measured on
 * @param wallClock calendar time for wire values that need it
 * @param entropy randomness; owned by the endpoint thread that uses it
 */
public record Environment(Ticker ticker, WallClock wallClock, Entropy entropy) {

    public Environment {
        Objects.requireNonNull(ticker, "ticker");
        Objects.requireNonNull(wallClock, "wallClock");
        Objects.requireNonNull(entropy, "entropy");
    }

    /**
     * The real environment: {@link System#nanoTime()}, {@link System#currentTimeMillis()} and
     * {@link java.security.SecureRandom}. This is the only way library code reaches them.
     *
     * @return a new environment with its own secure entropy
     */
    public static Environment system() {
        return SystemEnvironment.create();
    }

    /**
     * @param newEntropy the entropy for the copy
     * @return a copy with other entropy, e.g. {@code env.withEntropy(env.entropy().split())}
     *     for another endpoint thread
     */
    public Environment withEntropy(Entropy newEntropy) {
        return new Environment(ticker, wallClock, newEntropy);
    }
}
