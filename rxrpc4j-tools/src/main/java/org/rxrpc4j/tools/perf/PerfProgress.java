package org.rxrpc4j.tools.perf;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Progress of a running client on stderr, once a second after the first second: calls and
 * bytes so far. On a terminal it rewrites one line; elsewhere it prints a line each time.
 */
final class PerfProgress implements AutoCloseable {

    private final PrintWriter err;
    private final boolean terminal = System.console() != null;
    private final ScheduledExecutorService timer;
    private final long started = System.nanoTime();
    private volatile boolean printed;

    PerfProgress(PrintWriter err, String label, PerfClient client, long totalCalls) {
        this.err = err;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "rxperf-progress");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleAtFixedRate(() -> show(label, client, totalCalls), 1, 1, TimeUnit.SECONDS);
    }

    private synchronized void show(String label, PerfClient client, long totalCalls) {
        double secs = (System.nanoTime() - started) / 1e9;
        String line = String.format(Locale.ROOT, "  %s: %d/%d calls, %.1f MB, %.0f s", label, client.callsDone(),
                totalCalls, client.bytesDone() / 1e6, secs);
        err.print(terminal ? "\r" + line + "   " : line + System.lineSeparator());
        err.flush();
        printed = true;
    }

    @Override
    public synchronized void close() {
        timer.shutdownNow();
        if (printed && terminal) {
            err.print("\r" + " ".repeat(78) + "\r");
            err.flush();
        }
    }
}
