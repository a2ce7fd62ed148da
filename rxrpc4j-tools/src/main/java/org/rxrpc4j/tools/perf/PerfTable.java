package org.rxrpc4j.tools.perf;

import java.util.List;
import java.util.Locale;

/** The table {@code rxrpc4j perf} ends with: one row per run. */
final class PerfTable {

    private static final String HEAD = "%-5s %7s %8s %12s %8s %10s %8s %9s %9s %9s %9s %9s";

    private PerfTable() {
    }

    static String format(List<PerfResult> results) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, HEAD, "mode", "threads", "calls", "bytes", "seconds", "calls/s",
                "Gbit/s", "p50 us", "p90 us", "p99 us", "p99.9 us", "max us")).append(System.lineSeparator());
        for (PerfResult r : results) {
            b.append(String.format(Locale.ROOT, "%-5s %7d %8d %12d %8.2f %10.0f %8.3f %9.0f %9.0f %9.0f %9.0f %9.0f",
                    r.mode().label(), r.plan().threads(), r.calls(), r.bytes(), r.nanos() / 1e9, r.callsPerSecond(),
                    r.gbitPerSecond(), r.latencyMicros(50), r.latencyMicros(90), r.latencyMicros(99),
                    r.latencyMicros(99.9), r.maxLatencyMicros())).append(System.lineSeparator());
        }
        return b.toString();
    }
}
