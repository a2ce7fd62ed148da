package org.rxrpc4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The public XDR helpers against byte-exact PR requests and replies captured from OpenAFS
 * ({@code fixtures/wire/xdr-*.hex}, from pts-noauth-createuser-examine.pcap), and their
 * failure modes.
 */
class XdrWriterReaderTest {

    static final int PR_MAXNAMELEN = 64;
    static final int PR_MAXLIST = 5000;

    /** One PR check entry (prcheckentry / prlistentries: 12 int32 + char[64] name). */
    record CheckEntry(int flags, int id, int owner, int creator, int ngroups, int nusers, int count,
            int[] reserved, String name) {
        static CheckEntry read(XdrReader r) {
            return new CheckEntry(r.readInt32(), r.readInt32(), r.readInt32(), r.readInt32(),
                    r.readInt32(), r.readInt32(), r.readInt32(),
                    r.readFixedArray(5, XdrReader::readInt32).stream().mapToInt(Integer::intValue).toArray(),
                    r.readCharString(PR_MAXNAMELEN));
        }
    }

    static byte[] fixture(String name) {
        String path = "/fixtures/wire/" + name + ".hex";
        try (InputStream in = XdrWriterReaderTest.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + path);
            }
            String text = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            return ByteBufUtil.decodeHexDump(text.replaceAll("#[^\n]*", "").replaceAll("\\s", ""));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] hex(String h) {
        return ByteBufUtil.decodeHexDump(h.replaceAll("\\s", ""));
    }

    private static void writeNamelist(XdrWriter w, List<String> names) {
        w.writeArray(names, PR_MAXLIST, (x, n) -> x.writeCharString(n, PR_MAXNAMELEN));
    }

    @Test
    void prNewEntryRequestIsByteExact() {
        byte[] req = RxRpc.request(509, w -> w.writeString("alice", PR_MAXNAMELEN).writeInt32(0).writeInt32(0));
        assertThat(req).isEqualTo(fixture("xdr-pr-newentry-request"));

        XdrReader r = new XdrReader(req);
        assertThat(r.readInt32()).isEqualTo(509);
        assertThat(r.readString(PR_MAXNAMELEN)).isEqualTo("alice");
        assertThat(r.readInt32()).isZero();
        assertThat(r.readInt32()).isZero();
        r.expectEnd();
    }

    @Test
    void prNameToIdRequestIsByteExact() {
        byte[] req = RxRpc.request(504, w -> writeNamelist(w, List.of("alice", "system:administrators")));
        assertThat(req).hasSize(520).isEqualTo(fixture("xdr-pr-nametoid-request"));

        XdrReader r = new XdrReader(req);
        assertThat(r.readInt32()).isEqualTo(504);
        assertThat(r.readArray(PR_MAXLIST, 4 * PR_MAXNAMELEN, x -> x.readCharString(PR_MAXNAMELEN)))
                .containsExactly("alice", "system:administrators");
        r.expectEnd();
    }

    @Test
    void prIdToNameRequestAndReplyAreByteExact() {
        byte[] req = RxRpc.request(505, w -> w.writeInt32Array(new int[] {-204, 32766}, PR_MAXLIST));
        assertThat(req).isEqualTo(fixture("xdr-pr-idtoname-request"));

        byte[] reply = fixture("xdr-pr-idtoname-reply");
        List<String> names = RxRpc.decode(reply,
                r -> r.readArray(PR_MAXLIST, 4 * PR_MAXNAMELEN, x -> x.readCharString(PR_MAXNAMELEN)));
        assertThat(names).containsExactly("system:administrators", "anonymous");

        XdrWriter w = new XdrWriter();
        writeNamelist(w, names);
        assertThat(w.size()).isEqualTo(reply.length);
        assertThat(w.toByteArray()).isEqualTo(reply);
    }

    @Test
    void prListEntryReplyDecodesAsAStruct() {
        CheckEntry e = RxRpc.decode(fixture("xdr-pr-listentry-reply"), CheckEntry::read);
        assertThat(e.flags()).isEqualTo(0x80);
        assertThat(e.id()).isEqualTo(1);
        assertThat(e.owner()).isEqualTo(-204);
        assertThat(e.creator()).isEqualTo(32766);
        assertThat(e.ngroups()).isEqualTo(20);
        assertThat(e.nusers()).isEqualTo(20);
        assertThat(e.reserved()).containsExactly(0, 0, 0, 0, 0);
        assertThat(e.name()).isEqualTo("alice");
    }

    @Test
    void vlGetEntryByNameNRequestMatchesTheProtocolNotes() {
        byte[] req = RxRpc.request(519, w -> w.writeString("root.cell", 65));
        assertThat(req).isEqualTo(hex("00000207 00000009 726f6f74 2e63656c 6c000000"));
    }

    @Test
    void scalarsHypersBoolsAndOpaques() {
        byte[] bytes = new XdrWriter(0)
                .writeInt32(-1)
                .writeUint32(0xFFFF_FFFEL)
                .writeInt64(0x0102030405060708L)
                .writeBool(true)
                .writeBool(false)
                .writeOpaque(new byte[] {1, 2, 3, 4, 5}, 8)
                .writeFixedOpaque(new byte[] {9, 8, 7}, 3)
                .writeCharArray(new byte[] {'a', (byte) 0xe9}, 2)
                .writeOptional(7, XdrWriter::writeInt32)
                .writeOptional(null, XdrWriter::writeInt32)
                .toByteArray();
        assertThat(bytes).isEqualTo(hex("ffffffff fffffffe 01020304 05060708 00000001 00000000"
                + " 00000005 01020304 05000000 09080700 00000061 ffffffe9 00000001 00000007 00000000"));

        XdrReader r = new XdrReader(bytes);
        assertThat(r.readInt32()).isEqualTo(-1);
        assertThat(r.readUint32()).isEqualTo(0xFFFF_FFFEL);
        assertThat(r.readInt64()).isEqualTo(0x0102030405060708L);
        assertThat(r.readBool()).isTrue();
        assertThat(r.readBool()).isFalse();
        assertThat(r.readOpaque(8)).containsExactly(1, 2, 3, 4, 5);
        assertThat(r.readFixedOpaque(3)).containsExactly(9, 8, 7);
        assertThat(r.readCharArray(2)).containsExactly('a', (byte) 0xe9);
        assertThat(r.<Integer>readOptional(XdrReader::readInt32)).isEqualTo(7);
        assertThat(r.<Integer>readOptional(XdrReader::readInt32)).isNull();
        assertThat(r.remaining()).isZero();
        assertThat(r.position()).isEqualTo(bytes.length);
        r.expectEnd();
    }

    @Test
    void writerAppendsToACallersBufferAndCountsOnlyItsOwnBytes() {
        ByteBuf buf = Unpooled.buffer();
        try {
            buf.writeInt(0x11111111);
            XdrWriter w = new XdrWriter(buf).writeString("ab", 4);
            assertThat(w.size()).isEqualTo(8);
            assertThat(w.toByteArray()).isEqualTo(hex("00000002 61620000"));
            assertThat(buf.readableBytes()).isEqualTo(12);
        } finally {
            buf.release();
        }
    }

    @Test
    void readerOverASliceCountsOffsetsFromItsStart() {
        byte[] bytes = hex("deadbeef 00000005 00000006");
        XdrReader r = new XdrReader(bytes, 4, 8);
        assertThat(r.readInt32()).isEqualTo(5);
        assertThat(r.position()).isEqualTo(4);
        assertThatThrownBy(() -> r.skip(8))
                .isInstanceOfSatisfying(XdrException.class, e -> {
                    assertThat(e.reason()).isEqualTo(XdrException.Reason.TRUNCATED);
                    assertThat(e.offset()).isEqualTo(4);
                });
        assertThat(r.skip(4).remaining()).isZero();
    }

    @Test
    void truncatedInputFailsWithTheOffsetOfTheItem() {
        XdrReader r = new XdrReader(hex("00000001 000000"));
        r.readInt32();
        assertThatThrownBy(r::readInt32).isInstanceOfSatisfying(XdrException.class, e -> {
            assertThat(e.reason()).isEqualTo(XdrException.Reason.TRUNCATED);
            assertThat(e.offset()).isEqualTo(4);
        });
        assertThatThrownBy(() -> new XdrReader(hex("00000001")).readInt64())
                .isInstanceOfSatisfying(XdrException.class,
                        e -> assertThat(e.reason()).isEqualTo(XdrException.Reason.TRUNCATED));
        // a string whose padding is missing
        assertThatThrownBy(() -> new XdrReader(hex("00000003 616263")).readString(10))
                .isInstanceOfSatisfying(XdrException.class,
                        e -> assertThat(e.reason()).isEqualTo(XdrException.Reason.TRUNCATED));
    }

    @Test
    void lengthsAndCountsOverTheirBoundFailBeforeAllocating() {
        assertThatThrownBy(() -> new XdrReader(hex("00000041")).readString(64))
                .isInstanceOfSatisfying(XdrException.class, e -> {
                    assertThat(e.reason()).isEqualTo(XdrException.Reason.LENGTH_OVER_BOUND);
                    assertThat(e.offset()).isZero();
                });
        assertThatThrownBy(() -> new XdrReader(hex("00000003 00000001")).readInt32Array(2))
                .isInstanceOfSatisfying(XdrException.class,
                        e -> assertThat(e.reason()).isEqualTo(XdrException.Reason.LENGTH_OVER_BOUND));
        // a count of 2^32-1 within an unbounded declaration still cannot fit in 4 bytes
        assertThatThrownBy(() -> new XdrReader(hex("ffffffff 00000001")).readInt32Array(Integer.MAX_VALUE))
                .isInstanceOfSatisfying(XdrException.class,
                        e -> assertThat(e.reason()).isEqualTo(XdrException.Reason.LENGTH_OVER_BOUND));
        assertThatThrownBy(() -> new XdrReader(hex("7fffffff 00000001")).readArray(Integer.MAX_VALUE,
                XdrReader::readInt32))
                .isInstanceOfSatisfying(XdrException.class,
                        e -> assertThat(e.reason()).isEqualTo(XdrException.Reason.TRUNCATED));
        // two prnames need 512 bytes
        assertThatThrownBy(() -> new XdrReader(hex("00000002 00000061")).readArray(PR_MAXLIST,
                4 * PR_MAXNAMELEN, x -> x.readCharString(PR_MAXNAMELEN)))
                .isInstanceOfSatisfying(XdrException.class,
                        e -> assertThat(e.reason()).isEqualTo(XdrException.Reason.TRUNCATED));
    }

    @Test
    void badValuesAndTrailingBytes() {
        assertThatThrownBy(() -> new XdrReader(hex("00000002")).readBool())
                .isInstanceOfSatisfying(XdrException.class,
                        e -> assertThat(e.reason()).isEqualTo(XdrException.Reason.BAD_VALUE));
        assertThatThrownBy(() -> new XdrReader(hex("00000100")).readCharArray(1))
                .isInstanceOfSatisfying(XdrException.class,
                        e -> assertThat(e.reason()).isEqualTo(XdrException.Reason.BAD_VALUE));
        assertThatThrownBy(() -> RxRpc.decode(hex("00000001 00000002"), XdrReader::readInt32))
                .isInstanceOfSatisfying(XdrException.class, e -> {
                    assertThat(e.reason()).isEqualTo(XdrException.Reason.TRAILING_BYTES);
                    assertThat(e.offset()).isEqualTo(4);
                });
    }

    @Test
    void writerRefusesValuesTheTypeCannotHold() {
        XdrWriter w = new XdrWriter();
        assertThatThrownBy(() -> w.writeString("x".repeat(65), 64)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> w.writeString("\u0100", 64)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> w.writeCharString("x".repeat(64), 64)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> w.writeFixedOpaque(new byte[2], 3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> w.writeUint32(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> w.writeInt32Array(new int[3], 2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> w.writeArray(List.of(1, 2), 1, XdrWriter::writeInt32))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> w.writeFixedArray(List.of(1), 2, XdrWriter::writeInt32))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(w.size()).isZero();
    }

    @Test
    void arraysRoundTripThroughElementFunctions() {
        List<int[]> pairs = List.of(new int[] {1, 2}, new int[] {3, 4});
        byte[] bytes = new XdrWriter()
                .writeArray(pairs, 10, (x, p) -> x.writeInt32(p[0]).writeInt32(p[1]))
                .writeFixedArray(List.of("a", "bc"), 2, (x, s) -> x.writeString(s, 2))
                .toByteArray();
        XdrReader r = new XdrReader(bytes);
        List<int[]> back = r.readArray(10, 8, x -> new int[] {x.readInt32(), x.readInt32()});
        assertThat(back).hasSize(2);
        assertThat(Arrays.equals(back.get(1), new int[] {3, 4})).isTrue();
        assertThat(r.readFixedArray(2, x -> x.readString(2))).containsExactly("a", "bc");
        r.expectEnd();
    }
}
