package org.rxrpc4j.wire;

import io.netty.buffer.ByteBuf;

/**
 * The body of an rxkad CHALLENGE packet (rx-protocol.md §8.2), in either of its two forms:
 * <ul>
 *   <li>v2, 16 bytes: {@code version, challengeID (nonce), min_level, spare}, which the kernel
 *       always sends and OpenAFS sends once it has seen packet checksums;</li>
 *   <li>old, 8 bytes: {@code challengeID, level}.</li>
 * </ul>
 * All fields are big-endian int32. The form is told from the body length the way a client does:
 * more than 8 bytes means v2. The version word of a v2 body is kept as received, not checked: the
 * kernel rejects a version other than 2 and OpenAFS does not, so that is the security layer's call.
 *
 * @param v2 whether this is the 16-byte v2 form
 * @param version the version word (v2 only; 0 in the old form)
 * @param nonce the challenge ID the RESPONSE must return plus one
 * @param minLevel the minimum security level the server accepts (the old form's {@code level})
 * @param spare the spare word (v2 only; 0 in the old form), kept for byte-identical re-encoding
 */
public record ChallengeBody(boolean v2, int version, int nonce, int minLevel, int spare)
        implements PacketBody {

    /** RXKAD_CHALLENGE_PROTOCOL_VERSION. */
    public static final int VERSION_2 = 2;
    /** Size of the v2 form. */
    public static final int V2_SIZE = 16;
    /** Size of the old form. */
    public static final int OLD_SIZE = 8;

    /** Rejects a version or spare word on the old form, which has no room for them. */
    public ChallengeBody {
        if (!v2 && (version != 0 || spare != 0)) {
            throw new IllegalArgumentException("the old challenge form has no version or spare word");
        }
    }

    /**
     * @param nonce the challenge ID
     * @param minLevel the minimum level the server accepts
     * @return a v2 challenge with version 2 and a zero spare
     */
    public static ChallengeBody v2(int nonce, int minLevel) {
        return new ChallengeBody(true, VERSION_2, nonce, minLevel, 0);
    }

    /**
     * @param nonce the challenge ID
     * @param level the level the server wants
     * @return an old-form (8-byte) challenge
     */
    public static ChallengeBody old(int nonce, int level) {
        return new ChallengeBody(false, 0, nonce, level, 0);
    }

    /**
     * Reads a challenge at the reader index and advances past it. More than 8 readable bytes
     * mean the v2 form, which then needs all 16; bytes beyond the form's size are left unread.
     *
     * @throws DecodeException {@code BODY_TRUNCATED} if fewer than 8 bytes are readable, or 9..15
     */
    public static ChallengeBody decode(ByteBuf body) throws DecodeException {
        int n = body.readableBytes();
        if (n > OLD_SIZE) {
            WireChecks.requireBody(body, V2_SIZE, "rxkad v2 challenge");
            return new ChallengeBody(true, body.readInt(), body.readInt(), body.readInt(), body.readInt());
        }
        WireChecks.requireBody(body, OLD_SIZE, "rxkad old challenge");
        return new ChallengeBody(false, 0, body.readInt(), body.readInt(), 0);
    }

    /** Writes the challenge at the writer index, in its own form. */
    @Override
    public void encode(ByteBuf out) {
        if (v2) {
            out.writeInt(version);
        }
        out.writeInt(nonce);
        out.writeInt(minLevel);
        if (v2) {
            out.writeInt(spare);
        }
    }

    /** @return 16 for v2, 8 for the old form */
    @Override
    public int encodedLength() {
        return v2 ? V2_SIZE : OLD_SIZE;
    }
}
