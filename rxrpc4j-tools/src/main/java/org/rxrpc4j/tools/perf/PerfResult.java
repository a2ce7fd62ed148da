package org.rxrpc4j.tools.perf;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * The measurements of one rxperf run: what ran, how long it took, and the latency of each call
 * (in nanoseconds, in an HdrHistogram). Rates use decimal units, as rxperf does: the payload
 * bytes of all calls (both ways; not the parameter words or the cookie) over the wall time from
 * starting the first thread to the end of the last call.
 *
 * @param plan what ran
 * @param calls calls completed
 * @param bytes payload bytes moved
 * @param nanos wall time of the run
 * @param latencyNs the latency of every call, in nanoseconds
 */
public record PerfResult(PerfPlan plan, long calls, long bytes, long nanos, Histogram latencyNs) {

    /** @return the run's mode */
    public PerfMode mode() {
        return plan.request().mode();
    }

    /** @return the wall time in milliseconds */
    public double millis() {
        return nanos / 1e6;
    }

    /** @return calls per second */
    public double callsPerSecond() {
        return nanos == 0 ? 0 : calls * 1e9 / nanos;
    }

    /** @return payload bits per nanosecond, that is Gbit/s */
    public double gbitPerSecond() {
        return nanos == 0 ? 0 : bytes * 8.0 / nanos;
    }

    /**
     * @param percentile 0..100
     * @return that percentile of the call latency, in microseconds
     */
    public double latencyMicros(double percentile) {
        return latencyNs.getValueAtPercentile(percentile) / 1e3;
    }

    /** @return the largest call latency, in microseconds */
    public double maxLatencyMicros() {
        return latencyNs.getMaxValue() / 1e3;
    }

    /**
     * @return the line OpenAFS rxperf prints for a run: label with parameters, whole
     *     milliseconds, rate
     */
    public String rxperfLine() {
        PerfRequest r = plan.request();
        String label = switch (r.mode()) {
            case SEND -> "SEND: threads\t" + plan.threads() + ", times\t" + plan.callsPerThread() + ", bytes\t"
                    + r.sendBytes() + ":";
            case RECV -> "RECV: threads\t" + plan.threads() + ", times\t" + plan.callsPerThread() + ", bytes\t"
                    + r.recvBytes() + ":";
            case RPC, FILE -> r.mode().name() + ": threads\t" + plan.threads() + ", times\t" + plan.callsPerThread()
                    + ", write bytes\t" + r.sendBytes() + ", read bytes\t" + r.recvBytes() + ":";
        };
        return label + String.format(Locale.ROOT, "\t%8d msec", nanos / 1_000_000) + "\t[" + rate() + "]";
    }

    /** @return calls/s, Gbit/s and the latency percentiles, in one line */
    public String summaryLine() {
        return String.format(Locale.ROOT,
                "%s: %d calls, %.1f calls/s, %.3f Gbit/s, latency us p50 %.1f p90 %.1f p99 %.1f p99.9 %.1f max %.1f",
                mode().label(), calls, callsPerSecond(), gbitPerSecond(), latencyMicros(50), latencyMicros(90),
                latencyMicros(99), latencyMicros(99.9), maxLatencyMicros());
    }

    /** @return the run as one JSON object, on one line */
    public String toJson() {
        PerfRequest r = plan.request();
        return String.format(Locale.ROOT,
                "{\"mode\":\"%s\",\"threads\":%d,\"calls_per_thread\":%d,\"calls\":%d,\"send_bytes\":%d,"
                        + "\"recv_bytes\":%d,\"bytes\":%d,\"ms\":%.3f,\"gbit_per_s\":%.6f,\"calls_per_s\":%.1f,"
                        + "\"latency_us\":{\"p50\":%.1f,\"p90\":%.1f,\"p99\":%.1f,\"p999\":%.1f,\"max\":%.1f}}",
                mode().label(), plan.threads(), plan.callsPerThread(), calls, r.sendBytes(), r.recvBytes(), bytes,
                millis(), gbitPerSecond(), callsPerSecond(), latencyMicros(50), latencyMicros(90),
                latencyMicros(99), latencyMicros(99.9), maxLatencyMicros());
    }

    /** The rate as rxperf shows it: four significant digits in Gbit/s, Mbit/s or kbit/s. */
    private String rate() {
        double kbit = nanos == 0 ? 0 : bytes * 8.0 / (nanos / 1e6);
        if (kbit > 1e6) {
            return fourDigits(kbit / 1e6) + " Gbit/s";
        }
        if (kbit > 1e3) {
            return fourDigits(kbit / 1e3) + " Mbit/s";
        }
        return fourDigits(kbit) + " kbit/s";
    }

    private static String fourDigits(double v) {
        if (v == 0 || !Double.isFinite(v)) {
            return "0";
        }
        return new BigDecimal(v).round(new MathContext(4)).stripTrailingZeros().toPlainString();
    }
}
