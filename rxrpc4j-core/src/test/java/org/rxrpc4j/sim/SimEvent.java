package org.rxrpc4j.sim;

import java.net.InetSocketAddress;
import java.util.Locale;

/**
 * One line of the network's trace: what happened to one datagram, and when.
 *
 * @param elapsedNs virtual nanoseconds since the simulation started
 * @param packetId the network's number for the datagram (a duplicate gets its own)
 * @param fate what happened
 * @param from the sender
 * @param to the addressee
 * @param size the datagram's size in bytes
 * @param detail the reason for a drop, or what a stage did; empty if nothing to add
 */
public record SimEvent(long elapsedNs, long packetId, Fate fate, InetSocketAddress from,
        InetSocketAddress to, int size, String detail) {

    /** What happened to a datagram. */
    public enum Fate {
        /** A node handed it to the network. */
        SENT,
        /** A link stage discarded it; {@link #detail()} names the stage (loss, nth, mtu...). */
        DROPPED,
        /** A link stage copied it; the copy is a new packet, named in {@link #detail()}. */
        DUPLICATED,
        /** A link stage flipped bits in it. */
        CORRUPTED,
        /** A link stage held it back so later packets overtake it. */
        REORDERED,
        /** It reached the addressee's receiver. */
        DELIVERED,
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%14.6f ms #%-5d %-10s %s > %s %5dB%s", elapsedNs / 1e6,
                packetId, fate, addr(from), addr(to), size, detail.isEmpty() ? "" : " " + detail);
    }

    private static String addr(InetSocketAddress a) {
        return a.getHostString() + ":" + a.getPort();
    }
}
