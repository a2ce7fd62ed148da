package org.rxrpc4j.env;

import java.security.SecureRandom;

/**
 * {@link Entropy} over a {@link SecureRandom}. Only {@link SystemEnvironment} creates one, so
 * all unseeded randomness in the library comes from one place.
 */
final class SecureEntropy implements Entropy {

    private final SecureRandom random;

    SecureEntropy(SecureRandom random) {
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
        return SystemEnvironment.secureEntropy();
    }

    @Override
    public String toString() {
        return "Entropy.secure";
    }
}
