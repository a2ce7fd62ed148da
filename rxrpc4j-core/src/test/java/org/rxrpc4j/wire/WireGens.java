package org.rxrpc4j.wire;

import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.List;
import org.quicktheories.QuickTheory;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/** QuickTheories generators for wire values, shared by the property tests. */
final class WireGens {

    /**
     * Seed of every property run, fixed so that a run is repeatable; a failure report ends with
     * "Seed was N". Override with {@code -Drxrpc4j.seed=N} to explore.
     */
    static final long SEED = Long.getLong("rxrpc4j.seed", 0x52785250L);

    private WireGens() {}

    /** @return the property runner every property test uses */
    static QuickTheory theory(int examples) {
        return qt().withFixedSeed(SEED).withExamples(examples);
    }

    static Gen<Integer> int32() {
        return integers().all();
    }

    static Gen<Integer> u8() {
        return integers().between(0, 0xff);
    }

    static Gen<Integer> u16() {
        return integers().between(0, 0xffff);
    }

    static Gen<byte[]> bytes(int maxLength) {
        return Generate.byteArrays(integers().between(0, maxLength),
                Generate.bytes(Byte.MIN_VALUE, Byte.MAX_VALUE, (byte) 0));
    }

    /** Values that hit 0 and the wrap more often than uniform ints would. */
    static Gen<Integer> seqLike() {
        return Generate.pick(List.of(0, 1, 2, -2, -1, Integer.MAX_VALUE, Integer.MIN_VALUE))
                .mix(int32(), 70);
    }

    /** A header of {@code type} that {@link RxPacket#decode} accepts. */
    static Gen<RxHeader> header(PacketType type) {
        return in -> {
            int call = int32().generate(in);
            int seq = seqLike().generate(in);
            if (type == PacketType.DATA && seq == 0) {
                seq = 1;
            }
            boolean callLevel = switch (type) {
                case DATA, ACK, BUSY, ACKALL -> true;
                default -> false;
            };
            return new RxHeader(int32().generate(in), int32().generate(in),
                    callLevel && call == 0 ? 1 : call, seq, seqLike().generate(in), type,
                    u8().generate(in), u8().generate(in), u8().generate(in), u16().generate(in),
                    u16().generate(in));
        };
    }

    static Gen<PacketType> packetTypes() {
        return Generate.enumValues(PacketType.class);
    }

    static Gen<AckBody> ackBodies() {
        return in -> {
            int words = Generate.pick(List.of(0, 2, 3, 4)).generate(in);
            AckTrailer trailer = words == 0 ? null : new AckTrailer(int32().generate(in),
                    int32().generate(in), words >= 3 ? int32().generate(in) : 0,
                    words == 4 ? int32().generate(in) : 0);
            int zeros = words == 4 ? integers().between(0, 64).generate(in) : 0;
            return new AckBody(u16().generate(in), u16().generate(in), seqLike().generate(in),
                    seqLike().generate(in), seqLike().generate(in), u8().generate(in),
                    bytes(AckBody.MAX_ACKS).generate(in), trailer, words, zeros);
        };
    }

    static Gen<AbortBody> abortBodies() {
        return int32().zip(bytes(8).mix(Generate.constant(new byte[0]), 70),
                (code, extra) -> new AbortBody(code, OpaqueBody.of(extra)));
    }

    static Gen<EmptyBody> emptyBodies() {
        return bytes(16).mix(Generate.constant(new byte[0]), 70)
                .map(extra -> new EmptyBody(OpaqueBody.of(extra)));
    }

    static Gen<VersionBody> versionBodies() {
        Gen<VersionBody> replies = bytes(100).map(b -> VersionBody.reply(
                new String(b, java.nio.charset.StandardCharsets.ISO_8859_1)));
        return bytes(130).map(VersionBody::of).mix(replies, 50);
    }

    /** A non-DATA packet (DATA payloads are buffers, made and released by the tests). */
    static Gen<RxPacket> nonDataPackets() {
        List<PacketType> types = java.util.Arrays.stream(PacketType.values())
                .filter(t -> t != PacketType.DATA).toList();
        return Generate.pick(types).flatMap(t -> header(t).flatMap(h -> {
            Gen<? extends PacketBody> body = switch (t) {
                case ACK -> ackBodies();
                case ABORT -> abortBodies();
                case BUSY, ACKALL, PARAMS, PARAMS_2, PARAMS_3 -> emptyBodies();
                case VERSION -> versionBodies();
                case CHALLENGE -> challenges();
                case RESPONSE -> responses();
                // a DEBUG reply is opaque until its asker decodes it
                case DEBUG -> h.isClientInitiated() ? debugRequests() : bytes(300).map(OpaqueBody::of);
                case DATA -> throw new AssertionError();
            };
            return body.map(b -> new RxPacket(h, b));
        }));
    }

    // DEBUG and rxkad bodies

    static Gen<List<Integer>> words(int n) {
        return lists().of(int32()).ofSize(n);
    }

    static Gen<List<Integer>> byteValues(int n) {
        return lists().of(u8()).ofSize(n);
    }

    static Gen<List<Integer>> shorts(int n) {
        return lists().of(u16()).ofSize(n);
    }

    static Gen<byte[]> byteArrays(int minLength, int maxLength) {
        return Generate.byteArrays(integers().between(minLength, maxLength),
                Generate.bytes(Byte.MIN_VALUE, Byte.MAX_VALUE, (byte) 0));
    }

    static Gen<DebugRequest> debugRequests() {
        return int32().zip(int32(), DebugRequest::new);
    }

    static Gen<DebugStats> debugStats() {
        return in -> new DebugStats(int32().generate(in), int32().generate(in), int32().generate(in),
                u8().generate(in), u8().generate(in), u8().generate(in), u8().generate(in), int32().generate(in),
                int32().generate(in), int32().generate(in), int32().generate(in), words(6).generate(in));
    }

    static Gen<DebugConn.SecurityObjectStats> securityObjectStats() {
        return in -> new DebugConn.SecurityObjectStats(u8().generate(in), u8().generate(in),
                byteValues(10).generate(in), int32().generate(in), int32().generate(in), int32().generate(in),
                int32().generate(in), int32().generate(in), int32().generate(in), shorts(4).generate(in),
                words(8).generate(in));
    }

    static Gen<DebugConn> debugConns() {
        Gen<DebugConn.SecurityObjectStats> sec = securityObjectStats();
        return in -> new DebugConn(int32().generate(in), int32().generate(in), int32().generate(in),
                words(4).generate(in), int32().generate(in), u16().generate(in), u8().generate(in),
                u8().generate(in), u8().generate(in), byteValues(3).generate(in), byteValues(4).generate(in),
                byteValues(4).generate(in), byteValues(4).generate(in), byteValues(4).generate(in),
                sec.generate(in), int32().generate(in), int32().generate(in), words(9).generate(in));
    }

    static Gen<DebugPeer> debugPeers() {
        return in -> new DebugPeer(int32().generate(in), u16().generate(in), u16().generate(in),
                int32().generate(in), u16().generate(in), u8().generate(in), u8().generate(in),
                int32().generate(in), int32().generate(in), int32().generate(in), int32().generate(in),
                int32().generate(in), int32().generate(in), int32().generate(in), int32().generate(in),
                int32().generate(in), int32().generate(in), int32().generate(in), u16().generate(in),
                u16().generate(in), u16().generate(in), u16().generate(in), u16().generate(in),
                u16().generate(in), u16().generate(in), u16().generate(in), int32().generate(in),
                int32().generate(in), int32().generate(in), int32().generate(in), words(10).generate(in));
    }

    static Gen<RxStatistics> rxStatistics() {
        return words(RxStatistics.WORDS).map(RxStatistics::new);
    }

    static Gen<ChallengeBody> challenges() {
        return in -> booleans().all().generate(in)
                ? new ChallengeBody(true, int32().generate(in), int32().generate(in), int32().generate(in), int32().generate(in))
                : ChallengeBody.old(int32().generate(in), int32().generate(in));
    }

    static Gen<ResponseBody> responses() {
        return in -> new ResponseBody(int32().generate(in), int32().generate(in),
                byteArrays(40, 40).generate(in), int32().generate(in),
                byteArrays(0, ResponseBody.MAX_TICKET_LENGTH).generate(in));
    }
}
