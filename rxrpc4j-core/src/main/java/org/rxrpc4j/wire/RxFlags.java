package org.rxrpc4j.wire;

/** Bits of the header flags byte (rx-protocol.md §2.2). */
public final class RxFlags {
    /** Sent by the side that started the connection (the client). */
    public static final int CLIENT_INITIATED = 0x01;
    /** The sender wants an ACK at once. */
    public static final int REQUEST_ACK = 0x02;
    /** Last DATA packet of this direction of the call. */
    public static final int LAST_PACKET = 0x04;
    /** More packets follow in this burst (OpenAFS sets it; receivers ignore it). */
    public static final int MORE_PACKETS = 0x08;
    /** Unused bit; Wireshark calls it FREE_PACKET. */
    public static final int FREE_PACKET = 0x10;
    /** On DATA: another jumbo subpacket follows in the same datagram. */
    public static final int JUMBO_PACKET = 0x20;
    /** On ACK: the ACK's sender supports slow start. Same bit as {@link #JUMBO_PACKET}. */
    public static final int SLOW_START_OK = 0x20;
    /** The flags kept when a DATA packet is retransmitted (OpenAFS RX_PRESET_FLAGS). */
    public static final int PRESET_FLAGS = CLIENT_INITIATED | LAST_PACKET;

    private RxFlags() {}

    /** @return whether every bit of {@code bits} is set in {@code flags} */
    public static boolean has(int flags, int bits) {
        return (flags & bits) == bits;
    }
}
