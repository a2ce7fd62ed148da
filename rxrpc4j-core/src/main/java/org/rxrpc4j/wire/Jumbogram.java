package org.rxrpc4j.wire;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Splitting and building jumbograms: several DATA packets of one call in one datagram
 * (rx-protocol.md §3.3).
 *
 * <pre>
 * | header (28) JUMBO | payload 1412 | jumbo hdr 4 | payload 1412 | jumbo hdr 4 | payload &lt;= ... |
 * </pre>
 *
 * <p>A jumbo header holds the flags (byte 0), a pad byte and the cksum (bytes 2-3) of the
 * subpacket after it. Every other header field of subpacket k+1 is derived from subpacket k:
 * seq and serial + 1, userStatus 0, the rest shared.
 */
public final class Jumbogram {

    /** Payload of every subpacket that has JUMBO_PACKET set. */
    public static final int JUMBO_DATALEN = 1412;
    /** Size of the jumbo header before each later subpacket. */
    public static final int JUMBO_HEADER_SIZE = 4;
    /** A non-final subpacket with the jumbo header that follows it. */
    public static final int JUMBO_SUBPKTLEN = JUMBO_DATALEN + JUMBO_HEADER_SIZE;
    /** Most subpackets a jumbogram may hold (the kernel's RXRPC_MAX_NR_JUMBO). */
    public static final int MAX_SUBPACKETS = 46;

    private Jumbogram() {}

    /**
     * Cuts a DATA packet into its subpackets; a packet without JUMBO_PACKET is one subpacket.
     * Payloads are slices of {@code body}: nothing is copied or retained, and {@code body}'s
     * indexes do not move. The jumbo header's pad byte is not kept.
     *
     * <p>Every subpacket is checked as received: LAST_PACKET and JUMBO_PACKET together are
     * refused on each one, as the kernel does.
     *
     * @param first the datagram's header
     * @param body the readable bytes after the header
     * @return the subpackets in order, unmodifiable
     * @throws DecodeException {@code BAD_FIELD} if {@code first} is not DATA;
     *     {@code ZERO_CALL_NUMBER}, {@code ZERO_SEQ} as {@link RxPacket#decode} (seq 0 also if a
     *     subpacket's seq wraps to 0); {@code JUMBO_LAST_AND_MORE};
     *     {@code JUMBO_REMAINDER_TOO_SHORT} if a JUMBO_PACKET subpacket has fewer than 1416
     *     bytes left
     */
    public static List<RxPacket> split(RxHeader first, ByteBuf body) throws DecodeException {
        if (first.type() != PacketType.DATA) {
            throw new DecodeException(DecodeException.Reason.BAD_FIELD,
                    "cannot split a " + first.type() + " packet");
        }
        RxPacket.checkHeader(first);
        int at = body.readerIndex();
        int end = body.writerIndex();
        if (!first.hasFlags(RxFlags.JUMBO_PACKET)) {
            return List.of(new RxPacket(first, new DataBody(body.slice(at, end - at))));
        }
        List<RxPacket> out = new ArrayList<>(2 + (end - at) / JUMBO_SUBPKTLEN);
        RxHeader h = first;
        while (h.hasFlags(RxFlags.JUMBO_PACKET)) {
            if (h.hasFlags(RxFlags.LAST_PACKET)) {
                throw new DecodeException(DecodeException.Reason.JUMBO_LAST_AND_MORE,
                        "subpacket seq " + Integer.toUnsignedString(h.seq()));
            }
            if (end - at < JUMBO_SUBPKTLEN) {
                throw new DecodeException(DecodeException.Reason.JUMBO_REMAINDER_TOO_SHORT,
                        (end - at) + " of " + JUMBO_SUBPKTLEN + " bytes after subpacket seq "
                                + Integer.toUnsignedString(h.seq()));
            }
            out.add(new RxPacket(h, new DataBody(body.slice(at, JUMBO_DATALEN))));
            int jumboHeader = at + JUMBO_DATALEN;
            if (h.seq() + 1 == 0) {
                throw new DecodeException(DecodeException.Reason.ZERO_SEQ,
                        "subpacket seq wraps to 0");
            }
            h = next(h, body.getUnsignedByte(jumboHeader), body.getUnsignedShort(jumboHeader + 2));
            at += JUMBO_SUBPKTLEN;
        }
        out.add(new RxPacket(h, new DataBody(body.slice(at, end - at))));
        return Collections.unmodifiableList(out);
    }

    /** The header a subpacket after {@code prev} has, given its jumbo header's fields. */
    private static RxHeader next(RxHeader prev, int flags, int cksum) {
        return new RxHeader(prev.epoch(), prev.cid(), prev.callNumber(), prev.seq() + 1,
                prev.serial() + 1, PacketType.DATA, flags, 0, prev.securityIndex(), cksum,
                prev.serviceId());
    }

    /**
     * Writes the subpackets as one jumbogram at the writer index of {@code out}. The list must
     * already be exactly what {@link #split} would return for the result; nothing is adjusted
     * for the caller, so a packet's flags and serial on the wire are always the ones the caller
     * recorded (RTT matching and retransmission depend on them). A single packet without
     * JUMBO_PACKET is written as a plain DATA packet.
     *
     * @throws IllegalArgumentException (writing nothing) if the list is empty, a packet is not
     *     DATA with a {@link DataBody}, a packet before the last lacks JUMBO_PACKET, has
     *     LAST_PACKET or a payload other than 1412 bytes, the last has JUMBO_PACKET, or a later
     *     header is not the one derived from its predecessor (seq and serial + 1, userStatus 0,
     *     other fields shared)
     */
    public static void encode(List<RxPacket> subpackets, ByteBuf out) {
        validate(subpackets);
        subpackets.get(0).encode(out);
        for (int i = 1; i < subpackets.size(); i++) {
            RxPacket p = subpackets.get(i);
            out.writeByte(p.header().flags());
            out.writeByte(0);
            out.writeShort(p.header().cksum());
            p.body().encode(out);
        }
    }

    /**
     * @return the size of the jumbogram {@link #encode} writes for {@code subpackets}
     * @throws IllegalArgumentException as {@link #encode}
     */
    public static int encodedLength(List<RxPacket> subpackets) {
        validate(subpackets);
        int length = RxHeader.SIZE + JUMBO_HEADER_SIZE * (subpackets.size() - 1);
        for (RxPacket p : subpackets) {
            length += p.body().encodedLength();
        }
        return length;
    }

    private static void validate(List<RxPacket> subpackets) {
        if (subpackets.isEmpty()) {
            throw new IllegalArgumentException("no subpackets");
        }
        RxHeader prev = null;
        for (int i = 0; i < subpackets.size(); i++) {
            RxPacket p = subpackets.get(i);
            RxHeader h = p.header();
            if (h.type() != PacketType.DATA || !(p.body() instanceof DataBody data)) {
                throw invalid(i, "is not DATA with a DataBody");
            }
            if (prev == null) {
                if (h.callNumber() == 0 || h.seq() == 0) {
                    throw invalid(i, "has call number or seq 0");
                }
            } else if (h.seq() == 0 || !h.equals(next(prev, h.flags(), h.cksum()))) {
                throw invalid(i, "header does not follow from the previous one");
            }
            boolean last = i == subpackets.size() - 1;
            if (last == h.hasFlags(RxFlags.JUMBO_PACKET)) {
                throw invalid(i, last ? "is last but has JUMBO_PACKET" : "lacks JUMBO_PACKET");
            }
            if (!last && (h.hasFlags(RxFlags.LAST_PACKET) || data.length() != JUMBO_DATALEN)) {
                throw invalid(i, "has LAST_PACKET or a payload other than " + JUMBO_DATALEN);
            }
            prev = h;
        }
    }

    private static IllegalArgumentException invalid(int index, String what) {
        return new IllegalArgumentException("subpacket " + index + " " + what);
    }
}
