package org.rxrpc4j.tools.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.rxrpc4j.XdrException;

class XdrSpecTest {

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    @Test
    void encodesScalarsInXdrOrder() {
        assertThat(XdrSpec.encode("int32:504 uint32:4294967295 int64:-2 bool:true"))
                .isEqualTo(hex("000001f8 ffffffff fffffffffffffffe 00000001"));
        assertThat(XdrSpec.encode("int32:0x10 string:abcde opaque:0102"))
                .isEqualTo(hex("00000010 00000005 6162636465000000 00000002 01020000"));
        assertThat(XdrSpec.encode("fixed6:a1b2")).isEqualTo(hex("a1b2000000000000"));
    }

    @Test
    void encodesAPrNameToIdRequest() {
        byte[] req = XdrSpec.encode("int32:504 int32:1 char64:ab");
        assertThat(req).hasSize(4 + 4 + 64 * 4);
        assertThat(java.util.Arrays.copyOf(req, 20)).isEqualTo(hex("000001f8 00000001 00000061 00000062 00000000"));
    }

    @Test
    void encodesCountedArraysAndQuotedStrings() {
        assertThat(XdrSpec.encode("int32[]:1,2,3")).isEqualTo(hex("00000003 00000001 00000002 00000003"));
        assertThat(XdrSpec.encode("int32[]:")).isEqualTo(hex("00000000"));
        assertThat(XdrSpec.encode("string:\"a b\"")).isEqualTo(hex("00000003 61206200"));
    }

    @Test
    void decodesByLayout() {
        byte[] reply = hex("00000002 00000007 fffffff6 00000002 6869 0000 0000002a");
        assertThat(XdrSpec.decode("int32[] string uint32", reply))
                .containsExactly("int32[2]: 7 -10", "string: \"hi\"", "uint32: 42");
        assertThat(XdrSpec.decode("int32", hex("00000001 00000002")))
                .containsExactly("int32: 1", "(4 more bytes not decoded)");
    }

    @Test
    void rejectsBadItemsNamingThem() {
        assertThatThrownBy(() -> XdrSpec.encode("int32:12x")).hasMessageContaining("int32:12x")
                .hasMessageContaining("not a number");
        assertThatThrownBy(() -> XdrSpec.encode("int32:4294967296")).hasMessageContaining("out of range");
        assertThatThrownBy(() -> XdrSpec.encode("float:1")).hasMessageContaining("unknown XDR type 'float'");
        assertThatThrownBy(() -> XdrSpec.encode("alice")).hasMessageContaining("TYPE:VALUE");
        assertThatThrownBy(() -> XdrSpec.encode("char4:abcd")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> XdrSpec.encode("opaque:abc")).hasMessageContaining("hex");
        assertThatThrownBy(() -> XdrSpec.encode("string:\"open")).hasMessageContaining("unterminated quote");
        assertThatThrownBy(() -> XdrSpec.decode("charx", new byte[4])).hasMessageContaining("needs a size");
    }

    @Test
    void aShortOrLyingReplyIsAnXdrErrorNotACrash() {
        assertThatThrownBy(() -> XdrSpec.decode("int64", hex("00000001"))).isInstanceOf(XdrException.class);
        assertThatThrownBy(() -> XdrSpec.decode("int32[]", hex("7fffffff 00000001")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not fit");
    }

    @Test
    void hexDumpShowsOffsetsBytesAndText() {
        assertThat(HexDump.format(new byte[0])).isEqualTo("(0 bytes)\n");
        assertThat(HexDump.format("ABCDEFGHIJKLMNOPQ".getBytes(java.nio.charset.StandardCharsets.US_ASCII)))
                .isEqualTo("00000000  41 42 43 44 45 46 47 48  49 4a 4b 4c 4d 4e 4f 50  |ABCDEFGHIJKLMNOP|\n"
                        + "00000010  51                                                |Q|\n");
    }
}
