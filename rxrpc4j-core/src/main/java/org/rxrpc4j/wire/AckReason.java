package org.rxrpc4j.wire;

/**
 * Values of an ACK's reason byte (rx-protocol.md §4.2). The byte is kept as an {@code int}
 * rather than an enum because peers may send any value 0..255 and an ACK must round-trip
 * whatever it carried.
 */
public final class AckReason {
    /** A DATA packet (or, in the kernel, an ACK) arrived with REQUEST_ACK. */
    public static final int REQUESTED = 1;
    /** A DATA packet that was already received arrived again. */
    public static final int DUPLICATE = 2;
    /** A DATA packet arrived with a gap before it. */
    public static final int OUT_OF_SEQUENCE = 3;
    /** A DATA packet beyond the receive window was dropped. */
    public static final int EXCEEDS_WINDOW = 4;
    /** No buffer space, so the packet was dropped. */
    public static final int NOSPACE = 5;
    /** Keepalive or RTT probe; always sent with REQUEST_ACK. */
    public static final int PING = 6;
    /** Reply to a PING; its serial names the PING. */
    public static final int PING_RESPONSE = 7;
    /** A delayed-ACK timer fired, or the application consumed data. */
    public static final int DELAY = 8;
    /** A general-purpose update, for example after several packets arrived. */
    public static final int IDLE = 9;

    private static final String[] NAMES = {
        null, "REQUESTED", "DUPLICATE", "OUT_OF_SEQUENCE", "EXCEEDS_WINDOW", "NOSPACE", "PING",
        "PING_RESPONSE", "DELAY", "IDLE",
    };

    private AckReason() {}

    /**
     * @param reason an ACK reason byte
     * @return its symbolic name, or {@code null} if the value names no reason
     */
    public static String name(int reason) {
        return reason >= 0 && reason < NAMES.length ? NAMES[reason] : null;
    }
}
