package org.rxrpc4j.call;

import org.rxrpc4j.wire.AckReason;

/**
 * The receiver's ACK decisions (rx-protocol.md §4.4, kernel style; the lead's rules in the
 * engine brief). Pure bookkeeping: the call sends what this class decides.
 *
 * <ul>
 *   <li>DATA with REQUEST_ACK → REQUESTED at once (serial = that DATA's serial); duplicate →
 *       DUPLICATE; gap → OUT_OF_SEQUENCE; beyond the window → EXCEEDS_WINDOW; in-order DATA that
 *       fills a hole → DELAY at once. Across the subpackets of a jumbogram only the most urgent
 *       is sent, in the kernel's order ({@link #priority}).
 *   <li>Otherwise the packet is unacked; more than {@link #UNACKED_LIMIT} → IDLE at once (PING
 *       while the RTT has fewer than {@link #RTT_SAMPLES_WANTED} samples); else a delayed ACK.
 *   <li>After consumption: more than {@link #CONSUMED_LIMIT} packets consumed since the last
 *       ACK, or a closed window reopening → IDLE at once.
 * </ul>
 */
final class AckPolicy {

    /** More than this many unacked in-order packets force an ACK. */
    static final int UNACKED_LIMIT = 2;
    /** More than this many consumed packets since the last ACK force an IDLE ACK. */
    static final int CONSUMED_LIMIT = 8;
    /** Below this many RTT samples the receiver PINGs instead of sending IDLE. */
    static final int RTT_SAMPLES_WANTED = 3;
    /** Floor of the delayed-ACK delay. */
    static final long MIN_ACK_DELAY_NS = 1_000_000L;

    private int unacked;
    private int consumedSinceAck;
    private int lastFreeWindow = Integer.MAX_VALUE;

    /** Kernel {@code rxrpc_ack_priority}: the most urgent reason wins across subpackets. */
    static int priority(int reason) {
        return switch (reason) {
            case AckReason.IDLE -> 1;
            case AckReason.DELAY -> 2;
            case AckReason.REQUESTED -> 3;
            case AckReason.DUPLICATE -> 4;
            case AckReason.EXCEEDS_WINDOW -> 5;
            case AckReason.NOSPACE -> 6;
            case AckReason.OUT_OF_SEQUENCE -> 7;
            default -> 0;
        };
    }

    /**
     * @param outcome an {@link RxQueue#add} outcome
     * @param requestAck whether the packet had REQUEST_ACK
     * @return the reason for an immediate ACK, or 0 if the packet only counts as unacked
     */
    int onData(int outcome, boolean requestAck) {
        switch (outcome) {
            case RxQueue.DUPLICATE:
                return AckReason.DUPLICATE;
            case RxQueue.EXCEEDS_WINDOW:
                return AckReason.EXCEEDS_WINDOW;
            case RxQueue.OUT_OF_SEQUENCE:
                return AckReason.OUT_OF_SEQUENCE;
            case RxQueue.FILLED_HOLE:
                return requestAck ? AckReason.REQUESTED : AckReason.DELAY;
            default:
                if (requestAck) {
                    return AckReason.REQUESTED;
                }
                unacked++;
                return 0;
        }
    }

    /**
     * After a DATA packet that asked for no immediate ACK: whether to send one anyway.
     *
     * @return IDLE, PING (too few RTT samples) or 0 (arm the delayed ACK)
     */
    int afterUnacked(int rttSamples) {
        if (unacked > UNACKED_LIMIT) {
            return rttSamples < RTT_SAMPLES_WANTED ? AckReason.PING : AckReason.IDLE;
        }
        return 0;
    }

    /** @return the delayed-ACK delay: about one smoothed RTT, at least 1 ms, at most the cap */
    static long delayedAckNs(long srttNs, long softAckDelayNs) {
        return Math.min(Math.max(srttNs, MIN_ACK_DELAY_NS), softAckDelayNs);
    }

    /**
     * The application consumed {@code packets} packets; the window is now {@code freeWindow}.
     *
     * @return IDLE if an ACK should go at once, else 0
     */
    int onConsumed(int packets, int freeWindow) {
        consumedSinceAck += packets;
        if (consumedSinceAck > CONSUMED_LIMIT || (lastFreeWindow <= 0 && freeWindow > 0)) {
            return AckReason.IDLE;
        }
        return 0;
    }

    /** An ACK went out advertising {@code freeWindow}: nothing is unacked any more. */
    void onAckSent(int freeWindow) {
        unacked = 0;
        consumedSinceAck = 0;
        lastFreeWindow = freeWindow;
    }

    int unacked() {
        return unacked;
    }
}
