package org.rxrpc4j.tools.perf;

import java.time.Duration;

/**
 * One rxperf run: {@code threads} threads each make {@code callsPerThread} calls of the same
 * request, one after the other, each bounded by {@code callTimeout}.
 *
 * @param request what every call asks for
 * @param threads how many threads call in parallel (1..1024)
 * @param callsPerThread calls each thread makes (at least 1)
 * @param callTimeout the hard timeout of each call
 */
public record PerfPlan(PerfRequest request, int threads, long callsPerThread, Duration callTimeout) {

    public PerfPlan {
        if (request == null || callTimeout == null) {
            throw new IllegalArgumentException("request and timeout are needed");
        }
        if (threads < 1 || threads > 1024) {
            throw new IllegalArgumentException("threads must be 1..1024: " + threads);
        }
        if (callsPerThread < 1) {
            throw new IllegalArgumentException("calls per thread must be at least 1: " + callsPerThread);
        }
        if (callTimeout.isNegative() || callTimeout.isZero()) {
            throw new IllegalArgumentException("the call timeout must be positive");
        }
    }

    /**
     * @param request what each call asks for
     * @return the default timeout of one such call: 10 s plus 1 s for every 10 MB it moves
     */
    public static Duration defaultTimeout(PerfRequest request) {
        return Duration.ofSeconds(10).plusMillis(request.payloadBytes() / 10_000);
    }

    /** @return the calls of the whole run */
    public long totalCalls() {
        return threads * callsPerThread;
    }
}
