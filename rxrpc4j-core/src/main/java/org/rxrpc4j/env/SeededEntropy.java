package org.rxrpc4j.env;

import java.util.SplittableRandom;

/**
 * {@link Entropy} over {@link SplittableRandom}: its algorithm is specified, so a seed gives
 * the same sequence on every JVM, and {@link SplittableRandom#split()} gives deterministic,
 * statistically independent children. Not thread-safe.
 */
final class SeededEntropy implements Entropy {

    private final SplittableRandom random;

    SeededEntropy(long seed) {
        this(new SplittableRandom(seed));
    }

    private SeededEntropy(SplittableRandom random) {
        this.random = random;
    }

    @Override
    public int nextInt() {
        return random.nextInt();
    }

    @Override
    public int nextInt(int bound) {
        return random.nextInt(bound);
    }

    @Override
    public long nextLong() {
        return random.nextLong();
    }

    @Override
    public long nextLong(long bound) {
        return random.nextLong(bound);
    }

    @Override
    public double nextDouble() {
        return random.nextDouble();
    }

    @Override
    public void nextBytes(byte[] bytes) {
        random.nextBytes(bytes);
    }

    @Override
    public Entropy split() {
        return new SeededEntropy(random.split());
    }

    @Override
    public String toString() {
        return "Entropy.seeded";
    }
}
