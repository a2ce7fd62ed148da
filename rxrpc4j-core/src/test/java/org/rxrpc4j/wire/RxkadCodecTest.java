package org.rxrpc4j.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** rxkad CHALLENGE and RESPONSE bodies: captures and §8.2 forms, byte-exact both ways. */
class RxkadCodecTest {

    private static final HexFormat HEX = HexFormat.of();

    private static <T extends PacketBody> T roundTrip(String fixture, WireTesting.Decoder<T> decoder)
            throws DecodeException {
        byte[] bytes = Fixtures.bytes(fixture);
        ByteBuf in = Fixtures.buf(fixture);
        try {
            T value = decoder.decode(in);
            assertThat(in.readableBytes()).as("whole body consumed").isZero();
            assertThat(WireTesting.encode(value)).as("re-encoding of " + fixture).isEqualTo(bytes);
            return value;
        } finally {
            in.release();
        }
    }

    @Test
    void challengeV2() throws Exception {
        ChallengeBody c = roundTrip("rxkad-challenge-v2.hex", ChallengeBody::decode);
        assertThat(c.v2()).isTrue();
        assertThat(c.version()).isEqualTo(ChallengeBody.VERSION_2);
        assertThat(c.nonce()).isEqualTo(0x0308b682);
        assertThat(c.minLevel()).isZero();
        assertThat(c.spare()).isZero();
        assertThat(c.encodedLength()).isEqualTo(16);
        assertThat(c).isEqualTo(ChallengeBody.v2(0x0308b682, 0));
    }

    @Test
    void challengeOldForm() throws Exception {
        ChallengeBody c = roundTrip("rxkad-challenge-old.hex", ChallengeBody::decode);
        assertThat(c.v2()).isFalse();
        assertThat(c.version()).isZero();
        assertThat(c.nonce()).isEqualTo(0x0308b682);
        assertThat(c.minLevel()).isEqualTo(2);
        assertThat(c.spare()).isZero();
        assertThat(c.encodedLength()).isEqualTo(8);
        assertThat(c).isEqualTo(ChallengeBody.old(0x0308b682, 2));
    }

    @Test
    void responseFromPtsLocalauth() throws Exception {
        ResponseBody r = roundTrip("rxkad-response-v2.hex", ResponseBody::decode);
        assertThat(r.version()).isEqualTo(ResponseBody.VERSION_2);
        assertThat(r.spare()).isZero();
        assertThat(HEX.formatHex(r.encrypted())).isEqualTo(
                "f7c97165e2b82614a12c3a71bbca57dca92f10dc3fa8a2c2840f7958fd2aa9878885248f09e311a1");
        assertThat(r.kvno()).isEqualTo(3);
        assertThat(r.ticketLength()).isEqualTo(32);
        assertThat(HEX.formatHex(r.ticket())).isEqualTo(
                "73fa07d6d567fd5b26006c5ac95da6a6a39b58f8af194bdf3bf1fde2a426e468");
        assertThat(r.encodedLength()).isEqualTo(88);
    }

    @Test
    void responseFromLevelsClient() throws Exception {
        ResponseBody r = roundTrip("rxkad-response-v2-levels.hex", ResponseBody::decode);
        assertThat(r.version()).isEqualTo(2);
        assertThat(r.spare()).isZero();
        assertThat(HEX.formatHex(r.encrypted())).isEqualTo(
                "8aa2901c585d656e306ffa07dd8a8da71f2c79b70d56c5361a93c8922a21e4251e3fd027749265e6");
        assertThat(r.kvno()).isEqualTo(3);
        assertThat(HEX.formatHex(r.ticket())).isEqualTo(
                "73fa07d6d567fd5bc34ae4ebc7f645d57e03cafa81c171f721da3e66616e8c5b");
    }

    @Test
    void responseArraysAreCopiedAndComparedByContent() throws Exception {
        byte[] enc = new byte[40];
        byte[] ticket = {1, 2, 3, 4, 5, 6, 7, 8};
        ResponseBody r = new ResponseBody(2, 0, enc, 3, ticket);
        enc[0] = 9;
        ticket[0] = 9;
        r.encrypted()[1] = 9;
        r.ticket()[1] = 9;
        assertThat(r.encrypted()).containsOnly(0);
        assertThat(r.ticket()).startsWith(1, 2, 3);
        ResponseBody same = new ResponseBody(2, 0, new byte[40], 3, new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        assertThat(r).isEqualTo(same).hasSameHashCodeAs(same);
        assertThat(r.toString()).contains("ticket=0102030405060708");
        assertThatThrownBy(() -> new ResponseBody(2, 0, new byte[39], 3, ticket))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void checksumOfTheZeroStructure() {
        // c0 = 1000003; c(n+1) = c(n) * 0x10204081 + b mod 2^32, 56 times with b = 0.
        // First step by hand: 1000003 * 270549121 = 270549932647363 = 0xF610_50A123C3, so
        // c1 = 0x50A123C3; the 56-step value was computed independently (Python) as 0x84BB9643.
        assertThat(ResponseBody.responseChecksum(new byte[56])).isEqualTo(0x84BB9643);
    }

    @Test
    void checksumFirstStepByHand() {
        // Byte 0 = 1, the rest 0: c1 = (1000003 * 0x10204081 + 1) mod 2^32, then 55 multiplications.
        long c1 = (1000003L * 0x10204081L + 1) & 0xFFFFFFFFL;
        assertThat(c1).isEqualTo(0x50A123C4L);
        byte[] plain = new byte[56];
        plain[0] = 1;
        long expected = c1;
        for (int i = 1; i < 56; i++) {
            expected = (expected * 0x10204081L) & 0xFFFFFFFFL;
        }
        assertThat(Integer.toUnsignedLong(ResponseBody.responseChecksum(plain))).isEqualTo(expected);
    }

    @Test
    void checksumIgnoresTheChecksumField() {
        byte[] plain = new byte[56];
        for (int i = 0; i < plain.length; i++) {
            plain[i] = (byte) (i + 1);
        }
        int sum = ResponseBody.responseChecksum(plain);
        assertThat(sum).isEqualTo(0x77DC1935); // bytes 1..56 with 17..20 zeroed, computed in Python
        byte[] filled = Arrays.copyOf(plain, 56);
        filled[16] = (byte) (sum >>> 24);
        filled[17] = (byte) (sum >>> 16);
        filled[18] = (byte) (sum >>> 8);
        filled[19] = (byte) sum;
        assertThat(ResponseBody.responseChecksum(filled)).isEqualTo(sum);
        assertThatThrownBy(() -> ResponseBody.responseChecksum(new byte[55]))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
