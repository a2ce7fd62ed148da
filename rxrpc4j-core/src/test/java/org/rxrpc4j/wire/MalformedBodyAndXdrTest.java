package org.rxrpc4j.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.rxrpc4j.wire.DecodeException.Reason;

/**
 * One row per malformed input: every decoder of the DEBUG, rxkad and XDR codecs, each with the
 * exact {@link Reason} it must report. Inputs are hex, or a fixture cut short.
 */
class MalformedBodyAndXdrTest {

    record Row(String name, byte[] input, WireTesting.Decoder<?> decoder, Reason reason) {
        @Override
        public String toString() {
            return name + " -> " + reason;
        }
    }

    private static byte[] hex(String h) {
        return ByteBufUtil.decodeHexDump(h.replace(" ", ""));
    }

    private static byte[] cut(String fixture, int length) {
        return Arrays.copyOf(Fixtures.bytes(fixture), length);
    }

    private static Row row(String name, byte[] input, WireTesting.Decoder<?> decoder, Reason reason) {
        return new Row(name, input, decoder, reason);
    }

    static List<Row> rows() {
        byte[] response = Fixtures.bytes("rxkad-response-v2.hex");
        byte[] hugeTicket = response.clone();
        hugeTicket[52] = 0;
        hugeTicket[53] = 0;
        hugeTicket[54] = 0x2e;
        hugeTicket[55] = (byte) 0xe1; // 12001
        byte[] negativeTicket = response.clone();
        Arrays.fill(negativeTicket, 52, 56, (byte) 0xff);
        return List.of(
                row("rx_debugIn of 7 bytes", new byte[7], DebugRequest::decode, Reason.BODY_TRUNCATED),
                row("empty rx_debugIn", new byte[0], DebugRequest::decode, Reason.BODY_TRUNCATED),
                row("rx_debugStats of 55 bytes", cut("debug-stats.hex", 55), DebugStats::decode, Reason.BODY_TRUNCATED),
                row("rx_debugConn of 175 bytes", cut("debug-conn.hex", 175), DebugConn::decode, Reason.BODY_TRUNCATED),
                row("rx_debugConn of the pre-L 172 bytes", cut("debug-conn.hex", 172), DebugConn::decode, Reason.BODY_TRUNCATED),
                row("rx_securityObjectStats of 75 bytes", new byte[75], DebugConn.SecurityObjectStats::decode, Reason.BODY_TRUNCATED),
                row("rx_debugPeer of 131 bytes", cut("debug-peer.hex", 131), DebugPeer::decode, Reason.BODY_TRUNCATED),
                row("rx_statistics of 283 bytes", cut("debug-rxstats.hex", 283), RxStatistics::decode, Reason.BODY_TRUNCATED),
                row("challenge of 7 bytes", cut("rxkad-challenge-old.hex", 7), ChallengeBody::decode, Reason.BODY_TRUNCATED),
                row("v2 challenge of 12 bytes", cut("rxkad-challenge-v2.hex", 12), ChallengeBody::decode, Reason.BODY_TRUNCATED),
                row("response of 55 bytes", cut("rxkad-response-v2.hex", 55), ResponseBody::decode, Reason.BODY_TRUNCATED),
                row("response ticket one byte short", cut("rxkad-response-v2.hex", response.length - 1), ResponseBody::decode, Reason.BODY_TRUNCATED),
                row("response ticketLen 12001", hugeTicket, ResponseBody::decode, Reason.BAD_FIELD),
                row("response ticketLen 0xFFFFFFFF", negativeTicket, ResponseBody::decode, Reason.BAD_FIELD),
                row("int32 of 3 bytes", hex("000001"), Xdr::readInt32, Reason.XDR_TRUNCATED),
                row("uint32 of 0 bytes", new byte[0], Xdr::readUint32, Reason.XDR_TRUNCATED),
                row("hyper of 7 bytes", hex("00000000 000000"), Xdr::readInt64, Reason.XDR_TRUNCATED),
                row("bool 2", hex("00000002"), Xdr::readBool, Reason.BAD_FIELD),
                row("bool -1", hex("ffffffff"), Xdr::readBool, Reason.BAD_FIELD),
                row("bool of 2 bytes", hex("0000"), Xdr::readBool, Reason.XDR_TRUNCATED),
                row("string<64> of length 65", hex("00000041"), in -> Xdr.readString(in, 64), Reason.XDR_LENGTH_OVER_BOUND),
                row("string<64> of length 2^32-1", hex("ffffffff 00000000"), in -> Xdr.readString(in, 64), Reason.XDR_LENGTH_OVER_BOUND),
                row("string<64> bytes past the end", hex("00000005 616c6963"), in -> Xdr.readString(in, 64), Reason.XDR_TRUNCATED),
                row("string<64> padding past the end", hex("00000005 616c6963 65"), in -> Xdr.readString(in, 64), Reason.XDR_TRUNCATED),
                row("string<64> without a length", hex("0000"), in -> Xdr.readString(in, 64), Reason.XDR_TRUNCATED),
                row("opaque<8> of length 9", hex("00000009"), in -> Xdr.readOpaque(in, 8), Reason.XDR_LENGTH_OVER_BOUND),
                row("opaque[5] padding past the end", hex("01020304 05"), in -> Xdr.readOpaqueFixed(in, 5), Reason.XDR_TRUNCATED),
                row("int32<5000> count 5001", hex("00001389"), in -> Xdr.readArray(in, 5000, 4, Xdr::readInt32), Reason.XDR_LENGTH_OVER_BOUND),
                row("int32<> count 2^31-1 in 8 bytes", hex("7fffffff 00000000"),
                        in -> Xdr.readArray(in, Integer.MAX_VALUE, 4, Xdr::readInt32), Reason.XDR_TRUNCATED),
                row("prname<> count 2 with one name", cut("xdr-pr-idtoname-reply.hex", 4 + 256 + 255),
                        in -> Xdr.readArray(in, 500000, 256, e -> Xdr.readCharString(e, 64)), Reason.XDR_TRUNCATED),
                row("int32<> element cut short", hex("00000001 000000"),
                        in -> Xdr.readArray(in, 10, 1, Xdr::readInt32), Reason.XDR_TRUNCATED),
                row("bool[2] with a bad element", hex("00000001 00000007"),
                        in -> Xdr.readFixedArray(in, 2, Xdr::readBool), Reason.BAD_FIELD),
                row("char[64] of 255 bytes", cut("xdr-pr-listentry-reply.hex", 48 + 255),
                        in -> Xdr.readFixedArray(in, 12, Xdr::readInt32).size() + Xdr.readCharString(in, 64).length(),
                        Reason.XDR_TRUNCATED),
                row("char word 256", hex("00000061 00000100"), in -> Xdr.readCharArray(in, 2), Reason.BAD_FIELD),
                row("char word -129", hex("ffffff7f"), in -> Xdr.readCharString(in, 1), Reason.BAD_FIELD));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void rejectsWithTheNamedReason(Row row) {
        ByteBuf in = Unpooled.wrappedBuffer(row.input());
        try {
            DecodeException e = catchThrowableOfType(DecodeException.class, () -> row.decoder().decode(in));
            assertThat(e).as(row.name()).isNotNull();
            assertThat(e.reason()).as(row.name()).isEqualTo(row.reason());
        } finally {
            in.release();
        }
    }

    @Test
    void everyReasonTheseCodecsProduceHasARow() {
        Set<Reason> covered = rows().stream().map(Row::reason).collect(Collectors.toCollection(() -> EnumSet.noneOf(Reason.class)));
        assertThat(covered).containsExactlyInAnyOrder(Reason.BODY_TRUNCATED, Reason.BAD_FIELD,
                Reason.XDR_LENGTH_OVER_BOUND, Reason.XDR_TRUNCATED);
    }

    /** Single XDR items (not arrays of them, which may fail part-way through). */
    static Stream<Row> singleXdrItemRows() {
        return rows().stream().filter(r -> r.name().startsWith("string") || r.name().startsWith("bool ")
                || r.name().startsWith("opaque") || r.name().startsWith("int32 ") || r.name().startsWith("hyper"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("singleXdrItemRows")
    void aFailedXdrItemLeavesTheReaderIndexAtItsStart(Row row) throws DecodeException {
        ByteBuf in = Unpooled.wrappedBuffer(hex("0000002a"), row.input());
        try {
            assertThat(Xdr.readInt32(in)).isEqualTo(42);
            assertThat(catchThrowableOfType(DecodeException.class, () -> row.decoder().decode(in))).isNotNull();
            assertThat(in.readerIndex()).as(row.name()).isEqualTo(4);
        } finally {
            in.release();
        }
    }
}
