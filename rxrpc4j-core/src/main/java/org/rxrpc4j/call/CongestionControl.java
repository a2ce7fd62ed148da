package org.rxrpc4j.call;

import static org.rxrpc4j.wire.SeqMath.afterOrEqual;

/**
 * A call's congestion window (rx-protocol.md §7.2, §7.4; the lead's rules in the engine brief).
 *
 * <ul>
 *   <li>Slow start: cwnd starts at {@code initialCwnd} and grows by 1 per newly (hard or soft)
 *       ACKed packet up to ssthresh (initially the maximum window, as the kernel's peer cache
 *       starts).
 *   <li>Congestion avoidance: +1 per cwnd newly ACKed packets.
 *   <li>Fast retransmit: when 3 valid ACKs in a row show a NACK below the highest soft-ACKed
 *       packet, {@code ssthresh = max(inFlight/2, 2)}, {@code cwnd = ssthresh + 3}, and the
 *       caller resends the NACKed packets once. While recovering, every newly ACKed packet
 *       inflates cwnd by one (it left the network), so new data keeps flowing; recovery ends
 *       when the hard-ACK point reaches the highest seq sent when it began, and cwnd
 *       deflates to ssthresh.
 *   <li>RTO: {@code ssthresh = max(inFlight/2, 2)}, {@code cwnd = 1}.
 *   <li>cwnd never exceeds the maximum window (config txMaxWindow).
 * </ul>
 */
final class CongestionControl {

    enum Mode { SLOW_START, AVOIDANCE, RECOVERY }

    /** ACKs in a row with NACKs below the highest soft ACK that start a fast retransmit. */
    static final int NACK_THRESHOLD = 3;

    private final int maxWindow;
    private int cwnd;
    private int ssthresh;
    private Mode mode;
    private int avoidanceCount;
    private int nackRun;
    private int recoveryPoint;

    CongestionControl(int initialCwnd, int maxWindow) {
        this(initialCwnd, maxWindow, maxWindow);
    }

    CongestionControl(int initialCwnd, int initialSsthresh, int maxWindow) {
        this.maxWindow = maxWindow;
        this.cwnd = Math.max(1, Math.min(initialCwnd, maxWindow));
        this.ssthresh = Math.max(2, Math.min(initialSsthresh, maxWindow));
        this.mode = cwnd < ssthresh ? Mode.SLOW_START : Mode.AVOIDANCE;
    }

    int cwnd() {
        return cwnd;
    }

    int ssthresh() {
        return ssthresh;
    }

    Mode mode() {
        return mode;
    }

    int nackRun() {
        return nackRun;
    }

    /**
     * One valid ACK.
     *
     * @param newlyAcked packets this ACK hard- or soft-ACKed for the first time
     * @param nacksBelowSoft whether it shows a NACK below its highest soft ACK
     * @param hardAck the hard-ACK point after it
     * @param inFlight packets transmitted and not hard-ACKed
     * @param highestSent the highest seq transmitted
     * @return whether a fast retransmit starts now (the caller resends the NACKed packets)
     */
    boolean onAck(int newlyAcked, boolean nacksBelowSoft, int hardAck, int inFlight,
            int highestSent) {
        if (mode == Mode.RECOVERY) {
            if (afterOrEqual(hardAck, recoveryPoint)) {
                cwnd = Math.max(1, Math.min(ssthresh, maxWindow));
                nackRun = 0;
                avoidanceCount = 0;
                mode = cwnd < ssthresh ? Mode.SLOW_START : Mode.AVOIDANCE;
            } else {
                cwnd = Math.min(cwnd + newlyAcked, maxWindow);
                return false;
            }
        } else if (newlyAcked > 0) {
            grow(newlyAcked);
        }
        if (!nacksBelowSoft) {
            nackRun = 0;
            return false;
        }
        if (++nackRun < NACK_THRESHOLD) {
            return false;
        }
        enterRecovery(inFlight, highestSent);
        return true;
    }

    /**
     * A loss was found another way (RACK) outside recovery: the window shrinks as for a fast
     * retransmit, and recovery lasts until {@code highestSent} is hard-ACKed.
     */
    void enterRecovery(int inFlight, int highestSent) {
        nackRun = 0;
        ssthresh = Math.max(inFlight / 2, 2);
        cwnd = Math.min(ssthresh + 3, maxWindow);
        recoveryPoint = highestSent;
        mode = Mode.RECOVERY;
    }

    private void grow(int n) {
        if (cwnd < ssthresh) {
            int k = Math.min(n, ssthresh - cwnd);
            cwnd += k;
            n -= k;
        }
        if (n > 0 || cwnd >= ssthresh) {
            avoidanceCount += n;
            while (avoidanceCount >= cwnd && cwnd < maxWindow) {
                avoidanceCount -= cwnd;
                cwnd++;
            }
            if (cwnd >= maxWindow) {
                avoidanceCount = 0;
            }
        }
        cwnd = Math.min(cwnd, maxWindow);
        mode = cwnd < ssthresh ? Mode.SLOW_START : Mode.AVOIDANCE;
    }

    /** A retransmission timeout expired with {@code inFlight} packets outstanding. */
    void onRto(int inFlight) {
        ssthresh = Math.max(inFlight / 2, 2);
        cwnd = 1;
        avoidanceCount = 0;
        nackRun = 0;
        mode = cwnd < ssthresh ? Mode.SLOW_START : Mode.AVOIDANCE;
    }
}
