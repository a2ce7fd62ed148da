package org.rxrpc4j.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.rxrpc4j.wire.DecodeException.Reason;

/** Every reason this package's decoders produce, each from a malformed input that needs it. */
class MalformedPacketTest {

    /** What the input is fed to. */
    enum Via {
        /** {@link RxPacket#decode} of the whole datagram. */
        DECODE,
        /** {@link RxHeader#decode}, then {@link Jumbogram#split} of the rest. */
        SPLIT,
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                file("truncated-header", Reason.TRUNCATED_HEADER, Via.DECODE),
                file("unknown-type-12", Reason.UNKNOWN_TYPE, Via.DECODE),
                file("unknown-type-0", Reason.UNKNOWN_TYPE, Via.DECODE),
                file("data-zero-call", Reason.ZERO_CALL_NUMBER, Via.DECODE),
                file("ack-zero-call", Reason.ZERO_CALL_NUMBER, Via.DECODE),
                file("busy-zero-call", Reason.ZERO_CALL_NUMBER, Via.DECODE),
                file("ackall-zero-call", Reason.ZERO_CALL_NUMBER, Via.DECODE),
                file("data-zero-seq", Reason.ZERO_SEQ, Via.DECODE),
                file("ack-body-17", Reason.BODY_TRUNCATED, Via.DECODE),
                file("ack-nacks-beyond-end", Reason.NACKS_BEYOND_END, Via.DECODE),
                file("abort-3-bytes", Reason.ABORT_TRUNCATED, Via.DECODE),
                Arguments.of(Named.of("VERSION with 65536 payload bytes", oversizedVersion()),
                        Reason.BODY_TOO_LONG, Via.DECODE),
                file("jumbo-remainder-short", Reason.JUMBO_REMAINDER_TOO_SHORT, Via.SPLIT),
                file("jumbo-second-short", Reason.JUMBO_REMAINDER_TOO_SHORT, Via.SPLIT),
                file("jumbo-last-and-more", Reason.JUMBO_LAST_AND_MORE, Via.SPLIT),
                file("jumbo-second-last-and-more", Reason.JUMBO_LAST_AND_MORE, Via.SPLIT),
                file("jumbo-seq-wraps-to-zero", Reason.ZERO_SEQ, Via.SPLIT),
                // splitting is defined for DATA only; an ACK's 0x20 bit means SLOW_START_OK
                Arguments.of(Named.of("split of an ACK", Fixtures.bytes("ack-full-trailer")),
                        Reason.BAD_FIELD, Via.SPLIT));
    }

    private static Arguments file(String name, Reason reason, Via via) {
        return Arguments.of(Named.of(name, Fixtures.bytes("malformed/" + name)), reason, via);
    }

    private static byte[] oversizedVersion() {
        ByteBuf b = Unpooled.buffer();
        try {
            new RxHeader(999, 0, 101, 0, 0, PacketType.VERSION, 5, 0, 0, 0, 0).encode(b);
            b.writeZero(VersionBody.MAX_LENGTH + 1);
            return ByteBufUtil.getBytes(b);
        } finally {
            b.release();
        }
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("cases")
    void rejectsWithTheNamedReason(byte[] bytes, Reason reason, Via via) throws DecodeException {
        ByteBuf in = Unpooled.wrappedBuffer(bytes);
        try {
            DecodeException e;
            if (via == Via.DECODE) {
                e = catchThrowableOfType(DecodeException.class, () -> RxPacket.decode(in));
                assertThat(in.readerIndex()).as("reader index after failure").isZero();
            } else {
                if (PacketType.fromCode(bytes[20]) == PacketType.DATA) {
                    // the datagram itself decodes: jumbo structure is checked only by split
                    RxPacket.decode(in.duplicate());
                }
                RxHeader header = RxHeader.decode(in);
                int at = in.readerIndex();
                e = catchThrowableOfType(DecodeException.class, () -> Jumbogram.split(header, in));
                assertThat(in.readerIndex()).isEqualTo(at);
            }
            assertThat(e).isNotNull();
            assertThat(e.reason()).isEqualTo(reason);
        } finally {
            in.release();
        }
    }

    @Test
    void everyReasonTheWireCodecsProduceIsCovered() {
        Set<Reason> covered = cases().map(a -> (Reason) a.get()[1])
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(Reason.class)));
        // listed rather than derived from Reason.values(): other decoders add reasons of their own
        assertThat(covered).containsExactlyInAnyOrder(Reason.TRUNCATED_HEADER,
                Reason.UNKNOWN_TYPE, Reason.ZERO_CALL_NUMBER, Reason.ZERO_SEQ,
                Reason.BODY_TRUNCATED, Reason.NACKS_BEYOND_END, Reason.ABORT_TRUNCATED,
                Reason.BODY_TOO_LONG, Reason.JUMBO_REMAINDER_TOO_SHORT,
                Reason.JUMBO_LAST_AND_MORE, Reason.BAD_FIELD);
    }

    /**
     * The two tables together (packets here, bodies and XDR in {@link MalformedBodyAndXdrTest})
     * hold a malformed input for every {@link Reason}, so a reason added later without one fails.
     */
    @Test
    void everyDecodeReasonHasAMalformedInputInOneOfTheTables() {
        Set<Reason> covered = cases().map(a -> (Reason) a.get()[1])
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(Reason.class)));
        MalformedBodyAndXdrTest.rows().forEach(r -> covered.add(r.reason()));
        assertThat(covered).containsExactlyInAnyOrder(Reason.values());
    }
}
