package org.rxrpc4j.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class JumbogramTest {

    private static final RxHeader FIRST = new RxHeader(0xa6142a04, 0xec518878, 1, 34, 34,
            PacketType.DATA, RxFlags.JUMBO_PACKET, 7, 0, 0, 73);

    /** Payload byte i of subpacket k, as in data-jumbo-3.hex. */
    private static ByteBuf payload(int k, int length) {
        ByteBuf b = Unpooled.buffer(length);
        for (int i = 0; i < length; i++) {
            b.writeByte((k * 37 + i) % 251);
        }
        return b;
    }

    @Test
    void splitsTheFixtureIntoThreeSubpacketsWithoutCopying() throws DecodeException {
        byte[] bytes = Fixtures.bytes("data-jumbo-3");
        ByteBuf in = Fixtures.buf("data-jumbo-3");
        ByteBuf p1 = payload(1, 1412);
        ByteBuf p2 = payload(2, 1412);
        ByteBuf p3 = payload(3, 100);
        try {
            RxPacket whole = RxPacket.decode(in);
            assertThat(whole.header()).isEqualTo(FIRST);
            ByteBuf body = ((DataBody) whole.body()).payload();
            assertThat(body.readableBytes()).isEqualTo(1412 + 4 + 1412 + 4 + 100);
            Fixtures.assertEncodesTo(whole, bytes);

            List<RxPacket> subs = Jumbogram.split(whole.header(), body);
            assertThat(body.readerIndex()).isZero();
            assertThat(subs).hasSize(3);
            assertThat(subs.get(0)).isEqualTo(new RxPacket(FIRST, new DataBody(p1)));
            assertThat(subs.get(1)).isEqualTo(new RxPacket(new RxHeader(0xa6142a04, 0xec518878,
                    1, 35, 35, PacketType.DATA, RxFlags.JUMBO_PACKET, 0, 0, 0x1111, 73),
                    new DataBody(p2)));
            assertThat(subs.get(2)).isEqualTo(new RxPacket(new RxHeader(0xa6142a04, 0xec518878,
                    1, 36, 36, PacketType.DATA, RxFlags.LAST_PACKET | RxFlags.REQUEST_ACK, 0, 0,
                    0x2222, 73), new DataBody(p3)));
            for (RxPacket s : subs) {
                ByteBuf slice = ((DataBody) s.body()).payload();
                assertThat(slice.unwrap()).isSameAs(in);
                assertThat(in.refCnt()).isEqualTo(1);
            }

            assertThat(Jumbogram.encodedLength(subs)).isEqualTo(bytes.length);
            assertThat(WireTesting.written(out -> Jumbogram.encode(subs, out))).isEqualTo(bytes);
        } finally {
            in.release();
            p1.release();
            p2.release();
            p3.release();
        }
    }

    @Test
    void aPlainDataPacketSplitsIntoItself() throws DecodeException {
        ByteBuf in = Fixtures.buf("data-request");
        try {
            RxPacket p = RxPacket.decode(in);
            List<RxPacket> subs = Jumbogram.split(p.header(), ((DataBody) p.body()).payload());
            assertThat(subs).containsExactly(p);
            assertThat(WireTesting.written(out -> Jumbogram.encode(subs, out)))
                    .isEqualTo(Fixtures.bytes("data-request"));
        } finally {
            in.release();
        }
    }

    @Test
    void anEmptyLastSubpacketIsAllowed() throws DecodeException {
        ByteBuf body = Unpooled.buffer().writeZero(1412).writeInt(0x04000000);
        try {
            List<RxPacket> subs = Jumbogram.split(FIRST, body);
            assertThat(subs).hasSize(2);
            assertThat(((DataBody) subs.get(1).body()).length()).isZero();
            assertThat(subs.get(1).header().hasFlags(RxFlags.LAST_PACKET)).isTrue();
        } finally {
            body.release();
        }
    }

    @Test
    void encodeRefusesListsThatWouldNotSplitBackTheSame() {
        ByteBuf full = payload(1, 1412);
        ByteBuf shortOne = payload(2, 1000);
        try {
            RxHeader second = new RxHeader(0xa6142a04, 0xec518878, 1, 35, 35, PacketType.DATA,
                    RxFlags.LAST_PACKET, 0, 0, 0, 73);
            RxPacket a = new RxPacket(FIRST, new DataBody(full));
            RxPacket b = new RxPacket(second, new DataBody(shortOne));
            List<List<RxPacket>> bad = new ArrayList<>();
            bad.add(List.of());
            // first lacks JUMBO_PACKET
            bad.add(List.of(new RxPacket(FIRST.withFlags(0), new DataBody(full)), b));
            // last has JUMBO_PACKET
            bad.add(List.of(a));
            // non-final payload not 1412 bytes
            bad.add(List.of(new RxPacket(FIRST, new DataBody(shortOne)), b));
            // non-final with LAST_PACKET
            bad.add(List.of(new RxPacket(FIRST.withFlags(0x24), new DataBody(full)), b));
            // seq gap, serial gap, userStatus kept
            bad.add(List.of(a, new RxPacket(second.withSeq(36), b.body())));
            bad.add(List.of(a, new RxPacket(second.withSerial(37), b.body())));
            bad.add(List.of(a, new RxPacket(new RxHeader(0xa6142a04, 0xec518878, 1, 35, 35,
                    PacketType.DATA, RxFlags.LAST_PACKET, 7, 0, 0, 73), b.body())));
            // not DATA
            bad.add(List.of(new RxPacket(FIRST, new AbortBody(1))));
            // call number 0
            bad.add(List.of(new RxPacket(new RxHeader(1, 1, 0, 1, 1, PacketType.DATA, 0, 0, 0, 0,
                    1), new DataBody(shortOne))));
            for (List<RxPacket> list : bad) {
                ByteBuf out = Unpooled.buffer();
                try {
                    assertThatThrownBy(() -> Jumbogram.encode(list, out))
                            .as("%s", list).isInstanceOf(IllegalArgumentException.class);
                    assertThat(out.writerIndex()).isZero();
                    assertThatThrownBy(() -> Jumbogram.encodedLength(list))
                            .isInstanceOf(IllegalArgumentException.class);
                } finally {
                    out.release();
                }
            }
        } finally {
            full.release();
            shortOne.release();
        }
    }
}
