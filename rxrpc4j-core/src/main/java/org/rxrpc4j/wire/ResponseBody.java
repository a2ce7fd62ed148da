package org.rxrpc4j.wire;

import io.netty.buffer.ByteBuf;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The body of a v2 rxkad RESPONSE packet (rx-protocol.md §8.2): a 56-byte structure followed by
 * the ticket. The 40 bytes at offsets 8..47 are fcrypt-encrypted under the session key; this
 * record keeps them as bytes, and decrypting them is the security layer's business. The old-style
 * RESPONSE (the answer to an 8-byte challenge) is not modelled here.
 *
 * <pre>
 *  0 version   4 spare   8..47 encrypted {epoch, cid, checksum, securityIndex,
 *  callNumbers[4], incChallengeID, level}   48 kvno   52 ticketLen   56 ticket[ticketLen]
 * </pre>
 *
 * @param version the clear version word (2 from current clients; kept as received)
 * @param spare the clear spare word, kept for byte-identical re-encoding
 * @param encrypted the 40 encrypted bytes (copied in and out)
 * @param kvno key version number of the ticket
 * @param ticket the ticket as issued, encrypted in the server's key (copied in and out); its
 *     length is the wire's ticketLen
 */
public record ResponseBody(int version, int spare, byte[] encrypted, int kvno, byte[] ticket)
        implements PacketBody {

    /** The RESPONSE version current clients send. */
    public static final int VERSION_2 = 2;
    /** Bytes of the encrypted part. */
    public static final int ENCRYPTED_LENGTH = 40;
    /** Size of the structure before the ticket. */
    public static final int FIXED_LENGTH = 56;
    /**
     * Largest ticket this decoder accepts: OpenAFS MAXKTCTICKETLEN. It bounds the allocation a
     * hostile ticketLen could cause; the stricter minimum and the kernel's 1024 limit are checks
     * for the security layer.
     */
    public static final int MAX_TICKET_LENGTH = 12000;

    private static final int CHECKSUM_OFFSET = 16;
    private static final int CHECKSUM_SEED = 1000003;
    private static final int CHECKSUM_MULTIPLIER = 0x10204081;

    /** Checks sizes and copies the arrays, so the record stays immutable. */
    public ResponseBody {
        if (encrypted == null || encrypted.length != ENCRYPTED_LENGTH) {
            throw new IllegalArgumentException("encrypted must be " + ENCRYPTED_LENGTH + " bytes");
        }
        if (ticket == null || ticket.length > MAX_TICKET_LENGTH) {
            throw new IllegalArgumentException("ticket is required, at most " + MAX_TICKET_LENGTH + " bytes");
        }
        encrypted = encrypted.clone();
        ticket = ticket.clone();
    }

    /** @return a copy of the 40 encrypted bytes */
    @Override
    public byte[] encrypted() {
        return encrypted.clone();
    }

    /** @return a copy of the ticket */
    @Override
    public byte[] ticket() {
        return ticket.clone();
    }

    /** @return the ticket length, as sent in the ticketLen word */
    public int ticketLength() {
        return ticket.length;
    }

    /**
     * Reads a response at the reader index and advances past the structure and the ticket.
     * Bytes after the ticket are left unread.
     *
     * @throws DecodeException {@code BODY_TRUNCATED} if fewer than 56 bytes are readable, or
     *     fewer than ticketLen after them; {@code BAD_FIELD} if ticketLen (unsigned) exceeds
     *     {@link #MAX_TICKET_LENGTH}
     */
    public static ResponseBody decode(ByteBuf body) throws DecodeException {
        WireChecks.requireBody(body, FIXED_LENGTH, "rxkad response");
        int at = body.readerIndex();
        long ticketLen = body.getUnsignedInt(at + FIXED_LENGTH - 4);
        if (ticketLen > MAX_TICKET_LENGTH) {
            throw new DecodeException(DecodeException.Reason.BAD_FIELD,
                    "rxkad response ticketLen " + ticketLen + " > " + MAX_TICKET_LENGTH);
        }
        if (body.readableBytes() - FIXED_LENGTH < ticketLen) {
            throw new DecodeException(DecodeException.Reason.BODY_TRUNCATED,
                    "rxkad response ticket: " + (body.readableBytes() - FIXED_LENGTH) + " of "
                            + ticketLen + " bytes");
        }
        int version = body.readInt();
        int spare = body.readInt();
        byte[] encrypted = new byte[ENCRYPTED_LENGTH];
        body.readBytes(encrypted);
        int kvno = body.readInt();
        byte[] ticket = new byte[body.readInt()];
        body.readBytes(ticket);
        return new ResponseBody(version, spare, encrypted, kvno, ticket);
    }

    /** Writes the structure and the ticket at the writer index. */
    @Override
    public void encode(ByteBuf out) {
        out.writeInt(version);
        out.writeInt(spare);
        out.writeBytes(encrypted);
        out.writeInt(kvno);
        out.writeInt(ticket.length);
        out.writeBytes(ticket);
    }

    /** @return 56 plus the ticket length */
    @Override
    public int encodedLength() {
        return FIXED_LENGTH + ticket.length;
    }

    /**
     * The rxkad response checksum over the 56-byte structure in its clear (decrypted) form:
     * {@code c = 1000003; for each byte b: c = c * 0x10204081 + b (mod 2^32)}. The four checksum
     * bytes (offset 16) count as zero whatever they hold, so a verifier can pass the structure as
     * decrypted, checksum included, and compare.
     *
     * @param plain56 the clear structure, exactly 56 bytes
     * @return the checksum, to be stored big-endian at offset 16
     * @throws IllegalArgumentException if the array is not 56 bytes
     */
    public static int responseChecksum(byte[] plain56) {
        if (plain56 == null || plain56.length != FIXED_LENGTH) {
            throw new IllegalArgumentException("the response structure is " + FIXED_LENGTH + " bytes");
        }
        int c = CHECKSUM_SEED;
        for (int i = 0; i < FIXED_LENGTH; i++) {
            boolean inChecksum = i >= CHECKSUM_OFFSET && i < CHECKSUM_OFFSET + 4;
            int b = inChecksum ? 0 : plain56[i] & 0xff;
            c = c * CHECKSUM_MULTIPLIER + b;
        }
        return c;
    }

    /** Compares by content, arrays included. */
    @Override
    public boolean equals(Object o) {
        return o instanceof ResponseBody r
                && version == r.version
                && spare == r.spare
                && kvno == r.kvno
                && Arrays.equals(encrypted, r.encrypted)
                && Arrays.equals(ticket, r.ticket);
    }

    /** Hashes by content, arrays included. */
    @Override
    public int hashCode() {
        int h = Integer.hashCode(version);
        h = 31 * h + Integer.hashCode(spare);
        h = 31 * h + Arrays.hashCode(encrypted);
        h = 31 * h + Integer.hashCode(kvno);
        return 31 * h + Arrays.hashCode(ticket);
    }

    /** Shows the arrays in hex. */
    @Override
    public String toString() {
        HexFormat hex = HexFormat.of();
        return "ResponseBody[version=" + version + ", spare=" + spare + ", encrypted="
                + hex.formatHex(encrypted) + ", kvno=" + kvno + ", ticketLen=" + ticket.length
                + ", ticket=" + hex.formatHex(ticket) + "]";
    }
}
