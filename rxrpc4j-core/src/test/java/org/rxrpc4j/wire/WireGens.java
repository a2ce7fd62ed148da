package org.rxrpc4j.wire;

import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.List;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/** QuickTheories generators for every DEBUG and rxkad body, over their whole field ranges. */
final class WireGens {

    private WireGens() {
    }

    static final Gen<Integer> INT = integers().all();
    static final Gen<Integer> U8 = integers().between(0, 0xff);
    static final Gen<Integer> U16 = integers().between(0, 0xffff);

    static Gen<List<Integer>> words(int n) {
        return lists().of(INT).ofSize(n);
    }

    static Gen<List<Integer>> bytes(int n) {
        return lists().of(U8).ofSize(n);
    }

    static Gen<List<Integer>> shorts(int n) {
        return lists().of(U16).ofSize(n);
    }

    static Gen<byte[]> byteArrays(int minLength, int maxLength) {
        return Generate.byteArrays(integers().between(minLength, maxLength),
                Generate.bytes(Byte.MIN_VALUE, Byte.MAX_VALUE, (byte) 0));
    }

    static Gen<DebugRequest> debugRequests() {
        return INT.zip(INT, DebugRequest::new);
    }

    static Gen<DebugStats> debugStats() {
        return in -> new DebugStats(INT.generate(in), INT.generate(in), INT.generate(in),
                U8.generate(in), U8.generate(in), U8.generate(in), U8.generate(in), INT.generate(in),
                INT.generate(in), INT.generate(in), INT.generate(in), words(6).generate(in));
    }

    static Gen<DebugConn.SecurityObjectStats> securityObjectStats() {
        return in -> new DebugConn.SecurityObjectStats(U8.generate(in), U8.generate(in),
                bytes(10).generate(in), INT.generate(in), INT.generate(in), INT.generate(in),
                INT.generate(in), INT.generate(in), INT.generate(in), shorts(4).generate(in),
                words(8).generate(in));
    }

    static Gen<DebugConn> debugConns() {
        Gen<DebugConn.SecurityObjectStats> sec = securityObjectStats();
        return in -> new DebugConn(INT.generate(in), INT.generate(in), INT.generate(in),
                words(4).generate(in), INT.generate(in), U16.generate(in), U8.generate(in),
                U8.generate(in), U8.generate(in), bytes(3).generate(in), bytes(4).generate(in),
                bytes(4).generate(in), bytes(4).generate(in), bytes(4).generate(in),
                sec.generate(in), INT.generate(in), INT.generate(in), words(9).generate(in));
    }

    static Gen<DebugPeer> debugPeers() {
        return in -> new DebugPeer(INT.generate(in), U16.generate(in), U16.generate(in),
                INT.generate(in), U16.generate(in), U8.generate(in), U8.generate(in),
                INT.generate(in), INT.generate(in), INT.generate(in), INT.generate(in),
                INT.generate(in), INT.generate(in), INT.generate(in), INT.generate(in),
                INT.generate(in), INT.generate(in), INT.generate(in), U16.generate(in),
                U16.generate(in), U16.generate(in), U16.generate(in), U16.generate(in),
                U16.generate(in), U16.generate(in), U16.generate(in), INT.generate(in),
                INT.generate(in), INT.generate(in), INT.generate(in), words(10).generate(in));
    }

    static Gen<RxStatistics> rxStatistics() {
        return words(RxStatistics.WORDS).map(RxStatistics::new);
    }

    static Gen<ChallengeBody> challenges() {
        return in -> booleans().all().generate(in)
                ? new ChallengeBody(true, INT.generate(in), INT.generate(in), INT.generate(in), INT.generate(in))
                : ChallengeBody.old(INT.generate(in), INT.generate(in));
    }

    static Gen<ResponseBody> responses() {
        return in -> new ResponseBody(INT.generate(in), INT.generate(in),
                byteArrays(40, 40).generate(in), INT.generate(in),
                byteArrays(0, ResponseBody.MAX_TICKET_LENGTH).generate(in));
    }
}
