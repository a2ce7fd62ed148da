package org.rxrpc4j.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * XDR primitives, checked on PR (ptserver) calls captured in pts-noauth-createuser-examine.pcap
 * and on the encoding rules of rx-protocol.md §12.1.
 */
class XdrTest {

    /** PR_MAXNAMELEN: a prname is char[64]; string name&lt;64&gt; has the same bound. */
    private static final int PR_MAXNAMELEN = 64;
    /** OPENAFS_MAXPRLIST, the bound ptint.xg puts on idlist, namelist and prlist. */
    private static final int MAXPRLIST = 500000;
    private static final int PRNAME_SIZE = PR_MAXNAMELEN * Xdr.UNIT;

    /** Decodes a fixture with {@code reader}, re-encodes the result with {@code writer}. */
    private static <T> T roundTrip(String fixture, Xdr.ElementReader<T> reader, Xdr.ElementWriter<T> writer)
            throws DecodeException {
        byte[] bytes = Fixtures.bytes(fixture);
        ByteBuf in = Fixtures.buf(fixture);
        try {
            T value = reader.read(in);
            assertThat(in.readableBytes()).as("whole payload consumed").isZero();
            assertThat(WireTesting.written(out -> writer.write(out, value))).isEqualTo(bytes);
            return value;
        } finally {
            in.release();
        }
    }

    record NewEntry(int opcode, String name, int flag, int oid) {
    }

    @Test
    void stringInPrNewEntry() throws Exception {
        NewEntry req = roundTrip("xdr-pr-newentry-request.hex",
                in -> new NewEntry(Xdr.readInt32(in), Xdr.readString(in, PR_MAXNAMELEN),
                        Xdr.readInt32(in), Xdr.readInt32(in)),
                (out, v) -> {
                    Xdr.writeInt32(out, v.opcode());
                    Xdr.writeString(out, v.name(), PR_MAXNAMELEN);
                    Xdr.writeInt32(out, v.flag());
                    Xdr.writeInt32(out, v.oid());
                });
        assertThat(req).isEqualTo(new NewEntry(509, "alice", 0, 0));
    }

    record IdList(int opcode, List<Integer> ids) {
    }

    @Test
    void variableInt32ArrayInPrIdToName() throws Exception {
        IdList req = roundTrip("xdr-pr-idtoname-request.hex",
                in -> new IdList(Xdr.readInt32(in), Xdr.readArray(in, MAXPRLIST, Xdr.UNIT, Xdr::readInt32)),
                (out, v) -> {
                    Xdr.writeInt32(out, v.opcode());
                    Xdr.writeArray(out, v.ids(), MAXPRLIST, Xdr::writeInt32);
                });
        assertThat(req.opcode()).isEqualTo(505);
        assertThat(req.ids()).containsExactly(-204, 32766);
    }

    record NameList(int opcode, List<String> names) {
    }

    private static List<String> readNamelist(ByteBuf in) throws DecodeException {
        return Xdr.readArray(in, MAXPRLIST, PRNAME_SIZE, e -> Xdr.readCharString(e, PR_MAXNAMELEN));
    }

    private static void writeNamelist(ByteBuf out, List<String> names) {
        Xdr.writeArray(out, names, MAXPRLIST, (o, s) -> Xdr.writeCharString(o, s, PR_MAXNAMELEN));
    }

    @Test
    void charArraysInPrNameToId() throws Exception {
        NameList req = roundTrip("xdr-pr-nametoid-request.hex",
                in -> new NameList(Xdr.readInt32(in), readNamelist(in)),
                (out, v) -> {
                    Xdr.writeInt32(out, v.opcode());
                    writeNamelist(out, v.names());
                });
        assertThat(req.opcode()).isEqualTo(504);
        assertThat(req.names()).containsExactly("alice", "system:administrators");
        assertThat(Fixtures.bytes("xdr-pr-nametoid-request.hex")).hasSize(4 + 4 + 2 * PRNAME_SIZE);
    }

    @Test
    void namelistInPrIdToNameReply() throws Exception {
        List<String> names = roundTrip("xdr-pr-idtoname-reply.hex", XdrTest::readNamelist, XdrTest::writeNamelist);
        assertThat(names).containsExactly("system:administrators", "anonymous");
    }

    record CheckEntry(int flags, int id, int owner, int creator, int ngroups, int nusers, int count,
            List<Integer> reserved, String name) {
    }

    @Test
    void structInPrListEntryReply() throws Exception {
        CheckEntry e = roundTrip("xdr-pr-listentry-reply.hex",
                in -> new CheckEntry(Xdr.readInt32(in), Xdr.readInt32(in), Xdr.readInt32(in),
                        Xdr.readInt32(in), Xdr.readInt32(in), Xdr.readInt32(in), Xdr.readInt32(in),
                        Xdr.readFixedArray(in, 5, Xdr::readInt32), Xdr.readCharString(in, PR_MAXNAMELEN)),
                (out, v) -> {
                    for (int w : List.of(v.flags(), v.id(), v.owner(), v.creator(), v.ngroups(), v.nusers(), v.count())) {
                        Xdr.writeInt32(out, w);
                    }
                    Xdr.writeFixedArray(out, v.reserved(), 5, Xdr::writeInt32);
                    Xdr.writeCharString(out, v.name(), PR_MAXNAMELEN);
                });
        // alice, id 1, owned by system:administrators (-204), created by anonymous (32766),
        // flags PRQUOTA (0x80), group quota 20
        assertThat(e.flags()).isEqualTo(0x80);
        assertThat(e.id()).isEqualTo(1);
        assertThat(e.owner()).isEqualTo(-204);
        assertThat(e.creator()).isEqualTo(32766);
        assertThat(e.ngroups()).isEqualTo(20);
        assertThat(e.nusers()).isEqualTo(20);
        assertThat(e.count()).isZero();
        assertThat(e.reserved()).containsExactly(0, 0, 0, 0, 0);
        assertThat(e.name()).isEqualTo("alice");
    }

    private static byte[] hex(String h) {
        return ByteBufUtil.decodeHexDump(h.replace(" ", ""));
    }

    @Test
    void unsignedAndHyperWords() throws Exception {
        assertThat(WireTesting.decode(hex("fffffffe"), Xdr::readUint32)).isEqualTo(0xFFFF_FFFEL);
        assertThat(WireTesting.written(out -> Xdr.writeUint32(out, 0xFFFF_FFFEL))).isEqualTo(hex("fffffffe"));
        // hyper: high word first
        assertThat(WireTesting.decode(hex("00000001 80000000"), Xdr::readInt64)).isEqualTo(0x1_8000_0000L);
        assertThat(WireTesting.decode(hex("ffffffff fffffffe"), Xdr::readInt64)).isEqualTo(-2L);
        assertThat(WireTesting.written(out -> Xdr.writeInt64(out, 0x1_8000_0000L))).isEqualTo(hex("00000001 80000000"));
    }

    @Test
    void bools() throws Exception {
        assertThat(WireTesting.decode(hex("00000001"), Xdr::readBool)).isTrue();
        assertThat(WireTesting.decode(hex("00000000"), Xdr::readBool)).isFalse();
        assertThat(WireTesting.written(out -> Xdr.writeBool(out, true))).isEqualTo(hex("00000001"));
    }

    @Test
    void opaquesArePaddedWithZerosAndPaddingIsIgnoredOnRead() throws Exception {
        assertThat(WireTesting.written(out -> Xdr.writeOpaque(out, new byte[] {1, 2, 3, 4, 5}, 8)))
                .isEqualTo(hex("00000005 01020304 05000000"));
        assertThat(WireTesting.<byte[]>decode(hex("00000005 01020304 05ffffff"), in -> Xdr.readOpaque(in, 8)))
                .containsExactly(1, 2, 3, 4, 5);
        assertThat(WireTesting.written(out -> Xdr.writeOpaqueFixed(out, new byte[] {1, 2, 3}, 3)))
                .isEqualTo(hex("01020300"));
        assertThat(WireTesting.<byte[]>decode(hex("01020300"), in -> Xdr.readOpaqueFixed(in, 3))).containsExactly(1, 2, 3);
        assertThat(WireTesting.<String>decode(hex("00000000"), in -> Xdr.readString(in, 0))).isEmpty();
    }

    @Test
    void stringsAreIso88591() throws Exception {
        assertThat(WireTesting.written(out -> Xdr.writeString(out, "caf\u00e9", 64))).isEqualTo(hex("00000004 636166e9"));
        assertThat(WireTesting.<String>decode(hex("00000004 636166e9"), in -> Xdr.readString(in, 64))).isEqualTo("caf\u00e9");
    }

    @Test
    void charsAreOneWordEachAndHighCharsAcceptBothExtensions() throws Exception {
        assertThat(WireTesting.written(out -> Xdr.writeCharArray(out, new byte[] {'a', (byte) 0xe9}, 2)))
                .isEqualTo(hex("00000061 ffffffe9"));
        assertThat(WireTesting.<byte[]>decode(hex("00000061 ffffffe9"), in -> Xdr.readCharArray(in, 2)))
                .containsExactly('a', 0xe9);
        assertThat(WireTesting.<byte[]>decode(hex("00000061 000000e9"), in -> Xdr.readCharArray(in, 2)))
                .containsExactly('a', 0xe9);
        assertThat(WireTesting.<String>decode(hex("00000061 00000000 00000000"), in -> Xdr.readCharString(in, 3)))
                .isEqualTo("a");
    }

    @Test
    void paddingSizes() {
        assertThat(List.of(Xdr.padding(0), Xdr.padding(1), Xdr.padding(2), Xdr.padding(3), Xdr.padding(4)))
                .containsExactly(0, 3, 2, 1, 0);
    }
}
