package org.rxrpc4j.peer;

import org.rxrpc4j.config.RxConfig;

/**
 * Smoothed RTT and retransmission timeout from RTT samples, as the kernel computes them after
 * RFC 6298 and Linux TCP (rx-protocol.md §4.6, {@code net/rxrpc/rtt.c}).
 *
 * <p>Everything is kept in nanoseconds. As in the kernel, {@code srtt} is stored scaled by 8 and
 * {@code mdev} scaled by 4, so that the 1/8 and 1/4 gains are exact shifts:
 *
 * <ul>
 *   <li>first sample m: {@code srtt8 = 8m}, {@code mdev4 = 2m},
 *       {@code rttvar = mdevMax = max(mdev4, 200 µs)};
 *   <li>later samples: {@code m -= srtt8/8; srtt8 += m}; if {@code m < 0}
 *       {@code m = -m - mdev4/4} and, if that is positive, {@code m /= 8}; otherwise
 *       {@code m -= mdev4/4}; then {@code mdev4 += m}, and a new maximum of mdev4 raises
 *       {@code mdevMax} and, if larger, {@code rttvar} (the kernel never lets rttvar decay);
 *   <li>{@code RTO = clamp(srtt8/8 + rttvar + 100 ms, minRto, maxRto)}; before any sample it is
 *       {@code initialRto}.
 * </ul>
 *
 * <p>The 100 ms ({@link #ACK_DELAY_ALLOWANCE_NS}) covers the peer's delayed ACK; the 200 µs
 * ({@link #MDEV_FLOOR_NS}) is the kernel's {@code rxrpc_rto_min_us}. Backoff is kept by the
 * caller (per call) and applied with {@link #rtoWithBackoff(int)}.
 */
public final class RttEstimator {

    /** Floor of the first rttvar (kernel {@code rxrpc_rto_min_us}: 200 µs). */
    public static final long MDEV_FLOOR_NS = 200_000L;
    /** Added to srtt + rttvar for the peer's delayed ACKs (kernel: 100 ms). */
    public static final long ACK_DELAY_ALLOWANCE_NS = 100_000_000L;

    private final long initialRtoNs;
    private final long minRtoNs;
    private final long maxRtoNs;

    private long srtt8;
    private long mdev4;
    private long mdevMax;
    private long rttvar;
    private long rto;
    private int samples;
    private long totalNs;
    private long minNs;
    private long maxNs;

    /** @param config supplies the initial, minimum and maximum RTO */
    public RttEstimator(RxConfig config) {
        this.initialRtoNs = config.initialRtoNs();
        this.minRtoNs = config.minRtoNs();
        this.maxRtoNs = config.maxRtoNs();
        this.rto = Math.min(Math.max(initialRtoNs, minRtoNs), maxRtoNs);
    }

    /** Feeds one RTT measurement; non-positive samples are ignored. */
    public void sample(long rttNs) {
        if (rttNs <= 0) {
            return;
        }
        totalNs += rttNs;
        minNs = samples == 0 ? rttNs : Math.min(minNs, rttNs);
        maxNs = Math.max(maxNs, rttNs);
        long m = rttNs;
        if (samples > 0) {
            m -= srtt8 >> 3;
            srtt8 += m;
            if (m < 0) {
                m = -m - (mdev4 >> 2);
                if (m > 0) {
                    m >>= 3;
                }
            } else {
                m -= mdev4 >> 2;
            }
            mdev4 += m;
            if (mdev4 > mdevMax) {
                mdevMax = mdev4;
                if (mdevMax > rttvar) {
                    rttvar = mdevMax;
                }
            }
        } else {
            srtt8 = m << 3;
            mdev4 = m << 1;
            rttvar = Math.max(mdev4, MDEV_FLOOR_NS);
            mdevMax = rttvar;
        }
        srtt8 = Math.max(srtt8, 1);
        samples++;
        long raw = (srtt8 >> 3) + rttvar + ACK_DELAY_ALLOWANCE_NS;
        rto = Math.min(Math.max(raw, minRtoNs), maxRtoNs);
    }

    /** @return the smoothed RTT, or 0 before the first sample */
    public long srttNs() {
        return samples == 0 ? 0 : srtt8 >> 3;
    }

    /** @return the RTT variance term (rttvar), or 0 before the first sample */
    public long rttvarNs() {
        return rttvar;
    }

    /** @return the retransmission timeout without backoff */
    public long rtoNs() {
        return rto;
    }

    /**
     * @param backoff how many retransmission timeouts expired in a row (0 = none)
     * @return {@code rto << backoff}, capped at the configured maximum RTO
     */
    public long rtoWithBackoff(int backoff) {
        if (backoff <= 0) {
            return rto;
        }
        if (backoff >= 62 || rto > (maxRtoNs >> backoff)) {
            return maxRtoNs;
        }
        return Math.min(rto << backoff, maxRtoNs);
    }

    /** @return the configured maximum RTO */
    public long maxRtoNs() {
        return maxRtoNs;
    }

    /** @return the sum of every sample taken */
    public long totalNs() {
        return totalNs;
    }

    /** @return the smallest sample taken, or 0 before the first */
    public long minNs() {
        return minNs;
    }

    /** @return the largest sample taken, or 0 before the first */
    public long maxNs() {
        return maxNs;
    }

        /** @return the number of samples taken */
    public int samples() {
        return samples;
    }
}
