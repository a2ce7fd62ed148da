package org.rxrpc4j.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;
import static org.quicktheories.generators.SourceDSL.strings;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/** Every XDR writer's output reads back as the value written, and is a multiple of 4 bytes. */
class XdrPropertyTest {

    private static <T> void identity(Gen<T> values, Xdr.ElementWriter<T> writer, Xdr.ElementReader<T> reader) {
        WireGens.theory(1000).forAll(values).checkAssert(value -> {
            byte[] bytes = WireTesting.written(out -> writer.write(out, value));
            assertThat(bytes.length % Xdr.UNIT).isZero();
            try {
                T back = WireTesting.decode(bytes, in -> {
                    T v = reader.read(in);
                    assertThat(in.readableBytes()).as("all consumed").isZero();
                    return v;
                });
                if (value instanceof byte[] b) {
                    assertThat((byte[]) back).isEqualTo(b);
                } else {
                    assertThat(back).isEqualTo(value);
                }
            } catch (DecodeException e) {
                throw new AssertionError("own encoding rejected: " + value, e);
            }
        });
    }

    @Test
    void scalars() {
        identity(integers().all(), Xdr::writeInt32, Xdr::readInt32);
        identity(longs().between(0, 0xFFFF_FFFFL), Xdr::writeUint32, Xdr::readUint32);
        identity(longs().all(), Xdr::writeInt64, Xdr::readInt64);
        identity(booleans().all(), Xdr::writeBool, Xdr::readBool);
    }

    @Test
    void stringsOfAnyIso88591Text() {
        identity(strings().betweenCodePoints(0, 0xff).ofLengthBetween(0, 64),
                (out, s) -> Xdr.writeString(out, s, 64), in -> Xdr.readString(in, 64));
    }

    @Test
    void opaques() {
        identity(WireGens.byteArrays(0, 300), (out, b) -> Xdr.writeOpaque(out, b, 300), in -> Xdr.readOpaque(in, 300));
        identity(WireGens.byteArrays(13, 13), (out, b) -> Xdr.writeOpaqueFixed(out, b, 13), in -> Xdr.readOpaqueFixed(in, 13));
    }

    @Test
    void charArraysOfAnyBytes() {
        identity(WireGens.byteArrays(64, 64), (out, b) -> Xdr.writeCharArray(out, b, 64), in -> Xdr.readCharArray(in, 64));
        identity(strings().betweenCodePoints(1, 0xff).ofLengthBetween(0, 63),
                (out, s) -> Xdr.writeCharString(out, s, 64), in -> Xdr.readCharString(in, 64));
    }

    @Test
    void arrays() {
        identity(lists().of(integers().all()).ofSizeBetween(0, 50),
                (out, l) -> Xdr.writeArray(out, l, 50, Xdr::writeInt32),
                in -> Xdr.readArray(in, 50, Xdr.UNIT, Xdr::readInt32));
        Gen<List<String>> names = lists().of(strings().basicLatinAlphabet().ofLengthBetween(1, 63)).ofSizeBetween(0, 5);
        identity(names,
                (out, l) -> Xdr.writeArray(out, l, 5, (o, s) -> Xdr.writeCharString(o, s, 64)),
                in -> Xdr.readArray(in, 5, 256, e -> Xdr.readCharString(e, 64)));
        identity(lists().of(longs().all()).ofSize(3),
                (out, l) -> Xdr.writeFixedArray(out, l, 3, Xdr::writeInt64),
                in -> Xdr.readFixedArray(in, 3, Xdr::readInt64));
    }
}
