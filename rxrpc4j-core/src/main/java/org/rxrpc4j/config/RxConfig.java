package org.rxrpc4j.config;

import java.time.Duration;

/**
 * The engine's tunables with their defaults (rx-protocol.md §7, Appendix A). Immutable; an
 * endpoint takes one at creation. Run-time adjustment and descriptions arrive with the
 * observability work.
 *
 * @param rxWindow packets this side accepts beyond the first unconsumed one (advertised as rwind)
 * @param txMaxWindow cap on the peer's advertised rwind and on cwnd (kernel RXRPC_TX_MAX_WINDOW)
 * @param initialCwnd congestion window of a new call (kernel RXRPC_MIN_CWND)
 * @param maxDataPerPacket user bytes per DATA packet (1412, so any packet fits a jumbogram)
 * @param jumboMax subpackets per jumbogram we accept, advertised in the ACK trailer
 * @param maxMtu largest packet (Rx header included) we accept, advertised in the ACK trailer
 * @param ifMtu our interface MTU towards peers (Rx header included), advertised in the trailer
 * @param softAckDelayNs upper bound of the delayed-ACK timer for received data
 * @param idleAckDelayNs delay of the IDLE ACK once the application has drained the receive queue
 * @param normalTimeoutNs a call that hears nothing from its peer for this long fails
 * @param initialRtoNs retransmission timeout before any RTT sample
 * @param minRtoNs floor of the retransmission timeout
 * @param maxRtoNs ceiling of the retransmission timeout, backoff included
 * @param txBufferPackets DATA packets an application may queue beyond the transmit window
 * @param defaultBacklog incoming calls a service holds before the application accepts them
 * @param finalAckDelayNs how long a client holds back the final ACK of a call that succeeded,
 *     so that the next call on the channel acknowledges it implicitly instead (the kernel's
 *     deferred final ACK); 0 sends it at once
 */
public record RxConfig(
        int rxWindow,
        int txMaxWindow,
        int initialCwnd,
        int maxDataPerPacket,
        int jumboMax,
        int maxMtu,
        int ifMtu,
        long softAckDelayNs,
        long idleAckDelayNs,
        long normalTimeoutNs,
        long initialRtoNs,
        long minRtoNs,
        long maxRtoNs,
        int txBufferPackets,
        int defaultBacklog,
        long finalAckDelayNs) {

    /** Largest soft-ACK table an ACK can carry, hence the largest usable window. */
    public static final int MAX_WINDOW = 255;

    public RxConfig {
        check("rxWindow", rxWindow, 1, MAX_WINDOW);
        check("txMaxWindow", txMaxWindow, 1, MAX_WINDOW);
        check("initialCwnd", initialCwnd, 1, txMaxWindow);
        check("maxDataPerPacket", maxDataPerPacket, 1, 16356);
        check("jumboMax", jumboMax, 0, 47);
        check("maxMtu", maxMtu, 500, 65535);
        check("ifMtu", ifMtu, 500, 65535);
        check("txBufferPackets", txBufferPackets, 1, 1 << 20);
        check("defaultBacklog", defaultBacklog, 0, 1 << 20);
        for (long ns : new long[] {softAckDelayNs, idleAckDelayNs, normalTimeoutNs, initialRtoNs,
                minRtoNs, maxRtoNs}) {
            if (ns <= 0) {
                throw new IllegalArgumentException("durations must be positive: " + ns);
            }
        }
        if (finalAckDelayNs < 0 || finalAckDelayNs > 1_000_000_000L) {
            throw new IllegalArgumentException("finalAckDelayNs must be in 0..1 s: " + finalAckDelayNs);
        }
        if (minRtoNs > maxRtoNs) {
            throw new IllegalArgumentException("minRtoNs > maxRtoNs");
        }
    }

    private static void check(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be in " + min + ".." + max + ": " + value);
        }
    }

    /** @return the defaults: kernel-like timers, OpenAFS-compatible sizes */
    public static RxConfig defaults() {
        return new RxConfig(
                128, 128, 4, 1412, 4, 5692, 1444,
                Duration.ofMillis(100).toNanos(),
                Duration.ofMillis(500).toNanos(),
                Duration.ofSeconds(20).toNanos(),
                Duration.ofSeconds(1).toNanos(),
                Duration.ofMillis(200).toNanos(),
                Duration.ofSeconds(120).toNanos(),
                256,
                64,
                Duration.ofMillis(2).toNanos());
    }

    /** @return this configuration with another {@code jumboMax} (1 or 0: no jumbograms either way) */
    public RxConfig withJumboMax(int subpackets) {
        return new RxConfig(rxWindow, txMaxWindow, initialCwnd, maxDataPerPacket, subpackets, maxMtu, ifMtu,
                softAckDelayNs, idleAckDelayNs, normalTimeoutNs, initialRtoNs, minRtoNs, maxRtoNs, txBufferPackets,
                defaultBacklog, finalAckDelayNs);
    }

    /** @return this configuration with another peer-silence timeout */
    public RxConfig withNormalTimeout(Duration timeout) {
        return new RxConfig(rxWindow, txMaxWindow, initialCwnd, maxDataPerPacket, jumboMax, maxMtu, ifMtu,
                softAckDelayNs, idleAckDelayNs, timeout.toNanos(), initialRtoNs, minRtoNs, maxRtoNs, txBufferPackets,
                defaultBacklog, finalAckDelayNs);
    }

    /** @return this configuration with other receive and transmit windows */
    public RxConfig withWindows(int rx, int txMax) {
        return new RxConfig(rx, txMax, Math.min(initialCwnd, txMax), maxDataPerPacket, jumboMax, maxMtu, ifMtu,
                softAckDelayNs, idleAckDelayNs, normalTimeoutNs, initialRtoNs, minRtoNs, maxRtoNs, txBufferPackets,
                defaultBacklog, finalAckDelayNs);
    }

    /** @return this configuration with another final-ACK delay (0: the final ACK goes at once) */
    public RxConfig withFinalAckDelay(Duration delay) {
        return new RxConfig(rxWindow, txMaxWindow, initialCwnd, maxDataPerPacket, jumboMax, maxMtu, ifMtu,
                softAckDelayNs, idleAckDelayNs, normalTimeoutNs, initialRtoNs, minRtoNs, maxRtoNs, txBufferPackets,
                defaultBacklog, delay.toNanos());
    }
}
