package org.rxrpc4j.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * Random bytes, and real captures with random damage, fed to every DEBUG, rxkad and XDR decoder:
 * each either decodes within the buffer or throws {@link DecodeException}, never anything else.
 * Netty's bounds checks turn any read past the end into an exception other than DecodeException,
 * so a pass also shows no decoder reads past its buffer.
 */
class BodyDecodeRobustnessPropertyTest {

    private static final Map<String, WireTesting.Decoder<?>> DECODERS = new LinkedHashMap<>();

    static {
        DECODERS.put("DebugRequest", DebugRequest::decode);
        DECODERS.put("DebugStats", DebugStats::decode);
        DECODERS.put("DebugConn", DebugConn::decode);
        DECODERS.put("SecurityObjectStats", DebugConn.SecurityObjectStats::decode);
        DECODERS.put("DebugPeer", DebugPeer::decode);
        DECODERS.put("RxStatistics", RxStatistics::decode);
        DECODERS.put("ChallengeBody", ChallengeBody::decode);
        DECODERS.put("ResponseBody", ResponseBody::decode);
        DECODERS.put("int32", Xdr::readInt32);
        DECODERS.put("uint32", Xdr::readUint32);
        DECODERS.put("hyper", Xdr::readInt64);
        DECODERS.put("bool", Xdr::readBool);
        DECODERS.put("string<64>", in -> Xdr.readString(in, 64));
        DECODERS.put("opaque<1000>", in -> Xdr.readOpaque(in, 1000));
        DECODERS.put("opaque[7]", in -> Xdr.readOpaqueFixed(in, 7));
        DECODERS.put("char[64]", in -> Xdr.readCharString(in, 64));
        DECODERS.put("int32<MAX>", in -> Xdr.readArray(in, Integer.MAX_VALUE, Xdr.UNIT, Xdr::readInt32));
        DECODERS.put("bool[3]", in -> Xdr.readFixedArray(in, 3, Xdr::readBool));
        DECODERS.put("namelist<500000>", BodyDecodeRobustnessPropertyTest::namelist);
        DECODERS.put("string<64><100>", in -> Xdr.readArray(in, 100, Xdr.UNIT, e -> Xdr.readString(e, 64)));
    }

    private static final List<String> FIXTURES = List.of(
            "debug-request-getstats.hex", "debug-stats.hex", "debug-conn.hex", "debug-peer.hex",
            "debug-rxstats.hex", "debug-conn-end.hex", "rxkad-challenge-v2.hex", "rxkad-challenge-old.hex",
            "rxkad-response-v2.hex", "xdr-pr-newentry-request.hex", "xdr-pr-nametoid-request.hex",
            "xdr-pr-idtoname-reply.hex", "xdr-pr-idtoname-request.hex", "xdr-pr-listentry-reply.hex");

    private static List<String> namelist(ByteBuf in) throws DecodeException {
        Xdr.readInt32(in); // the opcode of a request; any word will do for a reply
        return Xdr.readArray(in, 500000, 64 * Xdr.UNIT, e -> Xdr.readCharString(e, 64));
    }

    private static void onlyDecodeExceptions(byte[] bytes) {
        for (Map.Entry<String, WireTesting.Decoder<?>> d : DECODERS.entrySet()) {
            ByteBuf in = Unpooled.wrappedBuffer(bytes);
            try {
                d.getValue().decode(in);
                assertThat(in.readerIndex()).as(d.getKey()).isLessThanOrEqualTo(bytes.length);
            } catch (DecodeException expected) {
                assertThat(expected.reason()).isNotNull();
            } catch (RuntimeException e) {
                throw new AssertionError(d.getKey() + " threw " + e + " on " + bytes.length + " bytes", e);
            } finally {
                in.release();
            }
        }
    }

    @Test
    void randomBytes() {
        WireGens.theory(1000).forAll(WireGens.byteArrays(0, 400)).checkAssert(BodyDecodeRobustnessPropertyTest::onlyDecodeExceptions);
    }

    /** Random small words, so counts and lengths often land near the buffer's real size. */
    @Test
    void randomSmallWords() {
        Gen<byte[]> words = lists().of(integers().between(-3, 300)).ofSizeBetween(0, 80).map(ws -> {
            ByteBuf out = Unpooled.buffer(ws.size() * 4);
            try {
                ws.forEach(out::writeInt);
                return io.netty.buffer.ByteBufUtil.getBytes(out);
            } finally {
                out.release();
            }
        });
        WireGens.theory(1000).forAll(words).checkAssert(BodyDecodeRobustnessPropertyTest::onlyDecodeExceptions);
    }

    /** A fixture with a few bytes overwritten, then cut or extended. */
    @Test
    void mutatedCaptures() {
        Gen<byte[]> mutated = in -> {
            byte[] base = Fixtures.bytes(FIXTURES.get(integers().between(0, FIXTURES.size() - 1).generate(in)));
            int flips = integers().between(0, 4).generate(in);
            for (int i = 0; i < flips && base.length > 0; i++) {
                base[integers().between(0, base.length - 1).generate(in)] = (byte) (int) WireGens.u8().generate(in);
            }
            int newLength = integers().between(0, base.length + 16).generate(in);
            return java.util.Arrays.copyOf(base, newLength);
        };
        WireGens.theory(1000).forAll(mutated).checkAssert(BodyDecodeRobustnessPropertyTest::onlyDecodeExceptions);
    }
}
