package org.rxrpc4j.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.rxrpc4j.wire.WireGens.bytes;
import static org.rxrpc4j.wire.WireGens.theory;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Hostile input: random bytes and mutated valid packets reach {@link RxPacket#decode} and
 * {@link Jumbogram#split}. They may only ever fail with {@link DecodeException}; anything else
 * (IndexOutOfBounds, IllegalArgument from a record constructor) escapes and fails the property.
 * What does decode must re-encode stably.
 */
class PacketDecodeRobustnessPropertyTest {

    private static final List<String> FIXTURES = List.of("data-request", "data-jumbo-3",
            "ack-full-trailer", "ack-no-trailer", "ack-trailer-8", "ack-trailer-12",
            "ack-pmtu-probe", "abort-invalid-operation", "abort-vl-noent", "busy", "ackall",
            "version-request", "version-reply", "version-keepalive", "challenge-rxkad",
            "debug-request");

    /** Feeds {@code bytes} to the decoders and checks whatever comes out. */
    private static void feed(byte[] bytes) {
        ByteBuf in = Unpooled.wrappedBuffer(bytes);
        try {
            RxPacket p;
            try {
                p = RxPacket.decode(in);
            } catch (DecodeException e) {
                assertThat(in.readerIndex()).isZero();
                return;
            }
            byte[] once = WireTesting.written(p::encode);
            assertThat(once).hasSize(p.encodedLength());
            if (p.body() instanceof AckBody) {
                // an ACK normalises its pad and leftover trailer bytes; stability is checked below
            } else if (hasFixedSizeBody(p)) {
                // fixed-size bodies ignore surplus bytes, as peers do: what is kept is exact
                assertThat(once).isEqualTo(Arrays.copyOf(bytes, once.length));
            } else {
                assertThat(once).isEqualTo(bytes);
            }
            assertThat(reencode(once)).isEqualTo(once);
            if (p.body() instanceof DataBody data) {
                splitAndRebuild(p.header(), data.payload());
            }
        } finally {
            in.release();
        }
    }

    private static boolean hasFixedSizeBody(RxPacket p) {
        return p.body() instanceof ChallengeBody || p.body() instanceof ResponseBody
                || p.body() instanceof DebugRequest;
    }

    /** Decodes and encodes again while the buffer a DATA payload slices is still alive. */
    private static byte[] reencode(byte[] bytes) {
        ByteBuf in = Unpooled.wrappedBuffer(bytes);
        try {
            return WireTesting.written(RxPacket.decode(in)::encode);
        } catch (DecodeException e) {
            throw new AssertionError("re-encoded packet does not decode", e);
        } finally {
            in.release();
        }
    }

    /** Splits; if that works, the subpackets build a jumbogram that splits back the same. */
    private static void splitAndRebuild(RxHeader first, ByteBuf body) {
        List<RxPacket> subs;
        try {
            subs = Jumbogram.split(first, body);
        } catch (DecodeException e) {
            return;
        }
        ByteBuf out = Unpooled.buffer();
        try {
            Jumbogram.encode(subs, out);
            RxHeader h = RxHeader.decode(out);
            assertThat(Jumbogram.split(h, out)).isEqualTo(subs);
        } catch (DecodeException e) {
            throw new AssertionError("rebuilt jumbogram does not split", e);
        } finally {
            out.release();
        }
    }

    @Test
    void randomBytes() {
        theory(5000).forAll(bytes(120), integers().between(0, 15), Generate.booleans())
                .checkAssert((b, type, plantType) -> {
                    if (plantType && b.length > 20) {
                        b[20] = type.byteValue(); // so that most inputs get past the header
                    }
                    feed(b);
                });
    }

    /** A valid packet with up to three flips, truncations, extensions or byte overwrites. */
    @Test
    void mutatedValidPackets() {
        Gen<int[]> ops = Generate.intArrays(integers().between(1, 3),
                integers().between(0, Integer.MAX_VALUE));
        theory(5000).forAll(Generate.pick(FIXTURES), ops, bytes(40)).checkAssert(
                (name, op, extra) -> feed(mutate(Fixtures.bytes(name), op, extra)));
    }

    private static byte[] mutate(byte[] b, int[] ops, byte[] extra) {
        for (int op : ops) {
            int where = b.length == 0 ? 0 : (op >>> 3) % b.length;
            switch (op & 7) {
                case 0, 1 -> b = Arrays.copyOf(b, where); // truncate
                case 2 -> { // extend
                    byte[] longer = Arrays.copyOf(b, b.length + extra.length);
                    System.arraycopy(extra, 0, longer, b.length, extra.length);
                    b = longer;
                }
                case 3 -> { // aim at the header fields decode checks: call, seq, type, flags
                    int[] hot = {8, 11, 15, 20, 21};
                    int at = hot[(op >>> 3) % hot.length];
                    if (at < b.length) {
                        b[at] = (byte) (op >>> 11);
                    }
                }
                default -> { // flip bits
                    if (b.length > 0) {
                        b[where] ^= (byte) (1 + ((op >>> 20) % 255));
                    }
                }
            }
        }
        return b;
    }

    /** Arbitrary headers (any type, any fields) and jumbo-shaped bodies straight into split. */
    @Test
    void splitOfArbitraryInput() {
        Gen<RxHeader> headers = WireGens.packetTypes().flatMap(t -> in -> {
            RxHeader h = WireGens.header(t).generate(in);
            // mostly JUMBO_PACKET so the split loop runs; any call number and seq, 0 included
            int flags = h.flags() | (integers().between(0, 3).generate(in) > 0 ? 0x20 : 0);
            return new RxHeader(h.epoch(), h.cid(), WireGens.seqLike().generate(in),
                    WireGens.seqLike().generate(in), h.serial(), t, flags, h.userStatus(),
                    h.securityIndex(), h.cksum(), h.serviceId());
        });
        Gen<int[]> chunks = Generate.intArrays(integers().between(0, 5),
                integers().between(1408, 1420));
        theory(1000).forAll(headers, chunks, WireGens.u8(), bytes(60))
                .checkAssert((h, lengths, jumboFlags, tail) -> {
                    ByteBuf body = Unpooled.buffer();
                    try {
                        for (int length : lengths) {
                            body.writeZero(length).writeByte(jumboFlags).writeByte(0)
                                    .writeShort(length);
                        }
                        body.writeBytes(tail);
                        splitAndRebuild(h, body);
                        assertThat(body.readerIndex()).isZero();
                    } finally {
                        body.release();
                    }
                });
    }
}
