package org.rxrpc4j.tools.perf;

import java.time.Duration;
import java.util.List;

/** The runs of {@code rxrpc4j perf} without arguments, sized for about 10-20 s on loopback. */
final class PerfMix {

    private static final int CHUNK = PerfProtocol.MAX_CHUNK;
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private PerfMix() {
    }

    /** @return a short run of each mode, not measured, so the JIT has compiled the paths */
    static List<PerfPlan> warmUp() {
        return List.of(
                plan(PerfRequest.of(PerfMode.RPC, 0, 1024, 1024, CHUNK), 4, 500),
                plan(PerfRequest.of(PerfMode.SEND, 4_000_000, 0, 0, CHUNK), 1, 2),
                plan(PerfRequest.of(PerfMode.RECV, 4_000_000, 0, 0, CHUNK), 1, 2));
    }

    /**
     * @param quick a mix of a fraction of a second, for tests
     * @return the measured runs
     */
    static List<PerfPlan> plans(boolean quick) {
        int scale = quick ? 50 : 1;
        return List.of(
                plan(PerfRequest.of(PerfMode.RPC, 0, 1024, 1024, CHUNK), 1, 5_000 / scale),
                plan(PerfRequest.of(PerfMode.RPC, 0, 1024, 1024, CHUNK), 4, 5_000 / scale),
                plan(PerfRequest.of(PerfMode.SEND, 100_000_000 / scale, 0, 0, CHUNK), 1, 3),
                plan(PerfRequest.of(PerfMode.RECV, 100_000_000 / scale, 0, 0, CHUNK), 1, 3));
    }

    private static PerfPlan plan(PerfRequest request, int threads, long calls) {
        return new PerfPlan(request, threads, calls, TIMEOUT);
    }
}
