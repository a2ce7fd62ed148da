package org.rxrpc4j.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.util.Arrays;
import java.util.Objects;

/**
 * The body of an ACK packet (rx-protocol.md §4.1, §4.3).
 *
 * <p>Layout: bufferSpace (u16), maxSkew (u16), firstPacket, previousPacket, serial, reason (u8),
 * nAcks (u8), the soft-ACK table (nAcks bytes), 3 pad bytes, then the optional trailer.
 *
 * <p>Decoding is as lenient as the peers are, and the model keeps what is needed to re-encode a
 * received ACK byte for byte:
 *
 * <ul>
 *   <li>Soft-ACK entries are kept as raw bytes: values other than {@link #ACK_TYPE_NACK} and
 *       {@link #ACK_TYPE_ACK} survive (newer kernels may pack bits into them).
 *   <li>The pad is ignored on decode and always written as zeros. A missing or short pad
 *       decodes as "no trailer".
 *   <li>The trailer is modelled by how many of its 32-bit words were present
 *       ({@link #trailerWords()}: 0, 2, 3 or 4), judged from the bytes after the pad as OpenAFS
 *       does: fewer than 8 = none, 8..11 = two words (AFS 3.3), 12..15 = three (AFS 3.4), 16 or
 *       more = all four (AFS 3.5). Bytes left over inside a short trailer are dropped.
 *   <li>Bytes after a full trailer (the kernel pads path-MTU probe PINGs with zeros) are kept as
 *       a count, {@link #trailingZeros()}, if they are all zero. If any is non-zero they are all
 *       dropped, since no peer gives them a meaning; such an ACK re-encodes shorter.
 * </ul>
 */
public final class AckBody implements PacketBody {

    /** Soft-ACK table entry: the packet has not been received. */
    public static final int ACK_TYPE_NACK = 0;
    /** Soft-ACK table entry: the packet has been received (soft-acknowledged only). */
    public static final int ACK_TYPE_ACK = 1;
    /** Most entries a soft-ACK table can hold (nAcks is one byte). */
    public static final int MAX_ACKS = 255;
    /** Size of the fixed part before the soft-ACK table. */
    public static final int FIXED_SIZE = 18;
    /** Size of the pad between the soft-ACK table and the trailer. */
    public static final int PAD_SIZE = 3;

    private final int bufferSpace;
    private final int maxSkew;
    private final int firstPacket;
    private final int previousPacket;
    private final int serial;
    private final int reason;
    private final byte[] acks;
    private final AckTrailer trailer;
    private final int trailerWords;
    private final int trailingZeros;

    /**
     * An ACK with every detail of the wire form.
     *
     * @param bufferSpace unused by peers, sent as 0 (0..65535)
     * @param maxSkew unused by peers, sent as 0 (0..65535)
     * @param firstPacket hard-ACK point: every seq before it is acknowledged for good
     * @param previousPacket previous (OpenAFS) or highest (kernel) seq received
     * @param serial serial of the packet that caused this ACK, or 0
     * @param reason ACK reason byte, 0..255 ({@link AckReason})
     * @param acks soft-ACK table, 0..255 entries for seq firstPacket, firstPacket+1, ...; copied
     * @param trailer the trailer, or {@code null} if none (then {@code trailerWords} must be 0)
     * @param trailerWords how many trailer words are on the wire: 0, 2, 3 or 4; fields beyond
     *     them must be 0 in {@code trailer}
     * @param trailingZeros zero bytes after a full trailer; only with {@code trailerWords} 4
     * @throws IllegalArgumentException if a value is out of range or the trailer fields and word
     *     count disagree
     */
    public AckBody(int bufferSpace, int maxSkew, int firstPacket, int previousPacket, int serial,
            int reason, byte[] acks, AckTrailer trailer, int trailerWords, int trailingZeros) {
        checkRange("bufferSpace", bufferSpace, 0xffff);
        checkRange("maxSkew", maxSkew, 0xffff);
        checkRange("reason", reason, 0xff);
        checkRange("nAcks", acks.length, MAX_ACKS);
        checkTrailer(trailer, trailerWords, trailingZeros);
        this.bufferSpace = bufferSpace;
        this.maxSkew = maxSkew;
        this.firstPacket = firstPacket;
        this.previousPacket = previousPacket;
        this.serial = serial;
        this.reason = reason;
        this.acks = acks.clone();
        this.trailer = trailer;
        this.trailerWords = trailerWords;
        this.trailingZeros = trailingZeros;
    }

    /**
     * An ACK as current peers send it: a full trailer if one is given, nothing after it.
     *
     * @see #AckBody(int, int, int, int, int, int, byte[], AckTrailer, int, int)
     */
    public AckBody(int bufferSpace, int maxSkew, int firstPacket, int previousPacket, int serial,
            int reason, byte[] acks, AckTrailer trailer) {
        this(bufferSpace, maxSkew, firstPacket, previousPacket, serial, reason, acks, trailer,
                trailer == null ? 0 : 4, 0);
    }

    private static void checkRange(String name, int value, int max) {
        if (value < 0 || value > max) {
            throw new IllegalArgumentException(name + " out of range 0.." + max + ": " + value);
        }
    }

    private static void checkTrailer(AckTrailer trailer, int words, int zeros) {
        boolean ok = switch (words) {
            case 0 -> trailer == null;
            case 2 -> trailer != null && trailer.rwind() == 0 && trailer.jumboMax() == 0;
            case 3 -> trailer != null && trailer.jumboMax() == 0;
            case 4 -> trailer != null;
            default -> false;
        };
        if (!ok || zeros < 0 || (zeros > 0 && words != 4)) {
            throw new IllegalArgumentException("trailer " + trailer + " with " + words
                    + " words and " + zeros + " trailing zeros");
        }
    }

    /**
     * Decodes the whole readable region of {@code in}, advancing its reader index to the end.
     *
     * @throws DecodeException {@code BODY_TRUNCATED} if fewer than 18 bytes are readable,
     *     {@code NACKS_BEYOND_END} if the soft-ACK table runs past the end
     */
    public static AckBody decode(ByteBuf in) throws DecodeException {
        int at = in.readerIndex();
        int length = in.readableBytes();
        if (length < FIXED_SIZE) {
            throw new DecodeException(DecodeException.Reason.BODY_TRUNCATED,
                    "ACK body of " + length + " bytes");
        }
        int nAcks = in.getUnsignedByte(at + 17);
        if (FIXED_SIZE + nAcks > length) {
            throw new DecodeException(DecodeException.Reason.NACKS_BEYOND_END,
                    "nAcks " + nAcks + " in " + length + " bytes");
        }
        byte[] acks = new byte[nAcks];
        in.getBytes(at + FIXED_SIZE, acks);

        int trailerAt = at + FIXED_SIZE + nAcks + PAD_SIZE;
        int after = Math.max(0, length - (FIXED_SIZE + nAcks + PAD_SIZE));
        int words = after >= 16 ? 4 : after >= 12 ? 3 : after >= 8 ? 2 : 0;
        AckTrailer trailer = words == 0 ? null : new AckTrailer(
                in.getInt(trailerAt),
                in.getInt(trailerAt + 4),
                words >= 3 ? in.getInt(trailerAt + 8) : 0,
                words == 4 ? in.getInt(trailerAt + 12) : 0);
        int zeros = words == 4 ? zeroRun(in, trailerAt + AckTrailer.SIZE, after - 16) : 0;

        AckBody body = new AckBody(in.getUnsignedShort(at), in.getUnsignedShort(at + 2),
                in.getInt(at + 4), in.getInt(at + 8), in.getInt(at + 12),
                in.getUnsignedByte(at + 16), acks, trailer, words, zeros);
        in.skipBytes(length);
        return body;
    }

    /** @return {@code count} if all those bytes at {@code from} are zero, else 0 */
    private static int zeroRun(ByteBuf in, int from, int count) {
        for (int i = 0; i < count; i++) {
            if (in.getByte(from + i) != 0) {
                return 0;
            }
        }
        return count;
    }

    /** @return the bufferSpace field (unused by peers) */
    public int bufferSpace() {
        return bufferSpace;
    }

    /** @return the maxSkew field (unused by peers) */
    public int maxSkew() {
        return maxSkew;
    }

    /** @return the hard-ACK point: every seq before it is acknowledged for good */
    public int firstPacket() {
        return firstPacket;
    }

    /** @return the previous (OpenAFS) or highest (kernel) seq received; may be a serial */
    public int previousPacket() {
        return previousPacket;
    }

    /** @return the serial of the packet that caused this ACK, or 0 */
    public int serial() {
        return serial;
    }

    /** @return the reason byte, 0..255 ({@link AckReason}) */
    public int reason() {
        return reason;
    }

    /** @return the number of soft-ACK table entries, 0..255 */
    public int nAcks() {
        return acks.length;
    }

    /**
     * @param i entry index; entry i is about seq {@code firstPacket + i}
     * @return the raw entry byte, normally {@link #ACK_TYPE_NACK} or {@link #ACK_TYPE_ACK}
     */
    public byte ack(int i) {
        return acks[i];
    }

    /** @return a copy of the soft-ACK table */
    public byte[] acks() {
        return acks.clone();
    }

    /** @return the trailer, or {@code null} if the ACK had none */
    public AckTrailer trailer() {
        return trailer;
    }

    /** @return how many 32-bit trailer words the ACK carries: 0, 2, 3 or 4 */
    public int trailerWords() {
        return trailerWords;
    }

    /** @return how many zero bytes follow a full trailer (path-MTU probe padding) */
    public int trailingZeros() {
        return trailingZeros;
    }

    @Override
    public void encode(ByteBuf out) {
        out.writeShort(bufferSpace);
        out.writeShort(maxSkew);
        out.writeInt(firstPacket);
        out.writeInt(previousPacket);
        out.writeInt(serial);
        out.writeByte(reason);
        out.writeByte(acks.length);
        out.writeBytes(acks);
        out.writeZero(PAD_SIZE);
        if (trailerWords > 0) {
            out.writeInt(trailer.maxMtu());
            out.writeInt(trailer.ifMtu());
        }
        if (trailerWords > 2) {
            out.writeInt(trailer.rwind());
        }
        if (trailerWords > 3) {
            out.writeInt(trailer.jumboMax());
        }
        out.writeZero(trailingZeros);
    }

    @Override
    public int encodedLength() {
        return FIXED_SIZE + acks.length + PAD_SIZE + 4 * trailerWords + trailingZeros;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AckBody b
                && bufferSpace == b.bufferSpace && maxSkew == b.maxSkew
                && firstPacket == b.firstPacket && previousPacket == b.previousPacket
                && serial == b.serial && reason == b.reason && Arrays.equals(acks, b.acks)
                && Objects.equals(trailer, b.trailer) && trailerWords == b.trailerWords
                && trailingZeros == b.trailingZeros;
    }

    @Override
    public int hashCode() {
        return Objects.hash(bufferSpace, maxSkew, firstPacket, previousPacket, serial, reason,
                Arrays.hashCode(acks), trailer, trailerWords, trailingZeros);
    }

    @Override
    public String toString() {
        String name = AckReason.name(reason);
        return "AckBody[bufferSpace=" + bufferSpace + ", maxSkew=" + maxSkew
                + ", firstPacket=" + Integer.toUnsignedString(firstPacket)
                + ", previousPacket=" + Integer.toUnsignedString(previousPacket)
                + ", serial=" + Integer.toUnsignedString(serial)
                + ", reason=" + (name != null ? name : Integer.toString(reason))
                + ", acks=" + ByteBufUtil.hexDump(acks)
                + ", trailer=" + trailer + ", trailerWords=" + trailerWords
                + ", trailingZeros=" + trailingZeros + "]";
    }
}
