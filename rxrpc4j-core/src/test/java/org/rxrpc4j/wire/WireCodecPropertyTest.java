package org.rxrpc4j.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.rxrpc4j.wire.WireGens.bytes;
import static org.rxrpc4j.wire.WireGens.header;
import static org.rxrpc4j.wire.WireGens.theory;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/** encode then decode gives back the same value, for every wire record, with arbitrary fields. */
class WireCodecPropertyTest {

    /** Encodes, checks the announced length, decodes, and checks the value came back. */
    private static void assertRoundTrip(RxPacket p) throws DecodeException {
        ByteBuf out = Unpooled.buffer();
        try {
            p.encode(out);
            assertThat(out.readableBytes()).isEqualTo(p.encodedLength());
            RxPacket back = RxPacket.decode(out);
            assertThat(back).isEqualTo(p);
            assertThat(out.isReadable()).isFalse();
        } finally {
            out.release();
        }
    }

    @Test
    void everyNonDataPacketRoundTrips() {
        theory(3000).forAll(WireGens.nonDataPackets()).checkAssert(p -> {
            try {
                assertRoundTrip(p);
            } catch (DecodeException e) {
                throw new AssertionError(e);
            }
        });
    }

    @Test
    void ackBodiesRoundTripOnTheirOwn() {
        theory(2000).forAll(WireGens.ackBodies()).checkAssert(a -> {
            ByteBuf out = Unpooled.buffer();
            try {
                a.encode(out);
                assertThat(out.readableBytes()).isEqualTo(a.encodedLength());
                assertThat(AckBody.decode(out)).isEqualTo(a);
            } catch (DecodeException e) {
                throw new AssertionError(e);
            } finally {
                out.release();
            }
        });
    }

    @Test
    void dataPacketsRoundTrip() {
        theory(1000).forAll(header(PacketType.DATA), bytes(1500)).checkAssert((h, payload) -> {
            ByteBuf body = Unpooled.wrappedBuffer(payload);
            try {
                assertRoundTrip(new RxPacket(h, new DataBody(body)));
                assertThat(body.readerIndex()).isZero();
            } catch (DecodeException e) {
                throw new AssertionError(e);
            } finally {
                body.release();
            }
        });
    }

    /** n subpackets: all but the last 1412 bytes, the last 0..1412 bytes. */
    @Test
    void jumbogramsRoundTripThroughSplit() {
        Gen<List<Integer>> flags = in -> {
            int n = integers().between(1, 6).generate(in);
            List<Integer> list = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int f = WireGens.u8().generate(in) & ~(RxFlags.JUMBO_PACKET | RxFlags.LAST_PACKET);
                if (i < n - 1) {
                    f |= RxFlags.JUMBO_PACKET;
                } else if (integers().between(0, 1).generate(in) == 1) {
                    f |= RxFlags.LAST_PACKET;
                }
                list.add(f);
            }
            return list;
        };
        theory(300).forAll(header(PacketType.DATA), flags, integers().between(0, 1412),
                WireGens.u16()).checkAssert((first, fl, lastLength, cksum) -> {
                    if (wrapsThroughZero(first.seq(), fl.size())) {
                        return; // a later subpacket would need seq 0, which no jumbogram has
                    }
                    List<RxPacket> subs = new ArrayList<>();
                    List<ByteBuf> bufs = new ArrayList<>();
                    try {
                        RxHeader h = first.withFlags(fl.get(0));
                        for (int i = 0; i < fl.size(); i++) {
                            if (i > 0) {
                                h = new RxHeader(h.epoch(), h.cid(), h.callNumber(), h.seq() + 1,
                                        h.serial() + 1, PacketType.DATA, fl.get(i), 0,
                                        h.securityIndex(), (cksum + i) & 0xffff, h.serviceId());
                            }
                            int length = i < fl.size() - 1 ? Jumbogram.JUMBO_DATALEN : lastLength;
                            ByteBuf b = Unpooled.buffer(length);
                            bufs.add(b);
                            for (int k = 0; k < length; k++) {
                                b.writeByte(k * 31 + i);
                            }
                            subs.add(new RxPacket(h, new DataBody(b)));
                        }
                        ByteBuf out = Unpooled.buffer();
                        bufs.add(out);
                        Jumbogram.encode(subs, out);
                        assertThat(out.readableBytes()).isEqualTo(Jumbogram.encodedLength(subs));
                        RxPacket whole = RxPacket.decode(out);
                        assertThat(Jumbogram.split(whole.header(),
                                ((DataBody) whole.body()).payload())).isEqualTo(subs);
                    } catch (DecodeException e) {
                        throw new AssertionError(e);
                    } finally {
                        bufs.forEach(ByteBuf::release);
                    }
                });
    }

    private static boolean wrapsThroughZero(int seq, int n) {
        for (int i = 1; i < n; i++) {
            if (seq + i == 0) {
                return true;
            }
        }
        return false;
    }

    @Test
    void seqMathAgreesWithLongArithmeticWithinHalfTheSpace() {
        theory(5000).forAll(WireGens.int32(), integers().between(-(1 << 30), 1 << 30))
                .checkAssert((a, d) -> {
                    int b = a + d;
                    assertThat(SeqMath.diff(b, a)).isEqualTo(d);
                    assertThat(SeqMath.before(a, b)).isEqualTo(d > 0);
                    assertThat(SeqMath.after(a, b)).isEqualTo(d < 0);
                    assertThat(SeqMath.beforeOrEqual(a, b)).isEqualTo(d >= 0);
                    assertThat(SeqMath.afterOrEqual(a, b)).isEqualTo(d <= 0);
                    assertThat(SeqMath.nextSerial(a)).isNotZero();
                });
    }
}
