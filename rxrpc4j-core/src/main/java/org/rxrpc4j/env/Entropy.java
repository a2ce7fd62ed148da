package org.rxrpc4j.env;

/**
 * The engine's source of randomness: connection epochs and IDs, initial call numbers, jitter,
 * nonces.
 *
 * <p>Tests and the simulator use {@link #seeded(long)}, which yields the same sequence for the
 * same seed on every run and JVM; production uses {@link #secure()}. Instances are not
 * required to be thread-safe: an endpoint's instance belongs to its I/O thread. Give another
 * thread its own instance with {@link #split()}.
 */
public interface Entropy {

    /** @return a uniformly distributed {@code int} */
    int nextInt();

    /**
     * @param bound the exclusive upper bound, positive
     * @return a uniformly distributed value in {@code [0, bound)}
     * @throws IllegalArgumentException if {@code bound <= 0}
     */
    int nextInt(int bound);

    /** @return a uniformly distributed {@code long} */
    long nextLong();

    /**
     * @param bound the exclusive upper bound, positive
     * @return a uniformly distributed value in {@code [0, bound)}
     * @throws IllegalArgumentException if {@code bound <= 0}
     */
    long nextLong(long bound);

    /** @return a uniformly distributed value in {@code [0.0, 1.0)} */
    double nextDouble();

    /** Fills {@code bytes} with random bytes. */
    void nextBytes(byte[] bytes);

    /**
     * Derives an independent generator. For a seeded instance the child is itself
     * deterministic: the same parent state always yields the same child sequence, so a
     * simulator can hand every node its own stream from one seed.
     *
     * @return a new, independent instance of the same kind
     */
    Entropy split();

    /**
     * @param seed any value
     * @return a deterministic generator: the same seed gives the same sequence everywhere
     */
    static Entropy seeded(long seed) {
        return new SeededEntropy(seed);
    }

    /** @return a generator backed by {@link java.security.SecureRandom}, for production */
    static Entropy secure() {
        return SystemEnvironment.secureEntropy();
    }
}
