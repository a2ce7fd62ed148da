package org.rxrpc4j.peer;

import org.rxrpc4j.config.RxConfig;

/**
 * Smoothed RTT and retransmission timeout from RTT samples, as the kernel computes them after
 * RFC 6298 (rx-protocol.md §4.6).
 *
 * <p>CONTRACT SKELETON for issue 3; the implementation replaces the bodies.
 */
public final class RttEstimator {

    /** @param config supplies the initial, minimum and maximum RTO */
    public RttEstimator(RxConfig config) {
        throw new UnsupportedOperationException("issue 3: RttEstimator is being implemented");
    }

    /** Feeds one RTT measurement; non-positive samples are ignored. Resets the backoff. */
    public void sample(long rttNs) {
        throw new UnsupportedOperationException();
    }

    /** @return the smoothed RTT, or 0 before the first sample */
    public long srttNs() {
        throw new UnsupportedOperationException();
    }

    /** @return the retransmission timeout without backoff */
    public long rtoNs() {
        throw new UnsupportedOperationException();
    }

    /** @return the number of samples taken */
    public int samples() {
        throw new UnsupportedOperationException();
    }
}
