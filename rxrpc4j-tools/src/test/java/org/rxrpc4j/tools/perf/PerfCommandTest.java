package org.rxrpc4j.tools.perf;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rxrpc4j.EndpointOptions;
import org.rxrpc4j.RxAbortException;
import org.rxrpc4j.RxEndpoint;
import org.rxrpc4j.RxNet;
import org.rxrpc4j.tools.ExitCodes;
import org.rxrpc4j.tools.Main;

/** {@code rxrpc4j perf} through {@link Main#run}: output, JSON, exit statuses, one-line errors. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PerfCommandTest {

    static final Pattern JSON = Pattern.compile("\\{\"mode\":\"(send|recv|rpc|file)\",\"threads\":(\\d+),"
            + "\"calls_per_thread\":(\\d+),\"calls\":(\\d+),\"send_bytes\":(\\d+),\"recv_bytes\":(\\d+),"
            + "\"bytes\":(\\d+),\"ms\":([0-9.]+),\"gbit_per_s\":([0-9.]+),\"calls_per_s\":([0-9.]+),"
            + "\"latency_us\":\\{\"p50\":([0-9.]+),\"p90\":([0-9.]+),\"p99\":([0-9.]+),\"p999\":([0-9.]+),"
            + "\"max\":([0-9.]+)}}");

    private RxNet net;
    private RxEndpoint server;

    record Run(int exit, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(exit, out.toString(), err.toString());
    }

    @BeforeEach
    void start() throws IOException {
        net = RxNet.create();
        server = net.bind(EndpointOptions.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)));
        PerfService.serveOn(server, line -> { });
    }

    @AfterEach
    void stop() {
        net.close();
    }

    private String port() {
        return String.valueOf(server.localAddress().getPort());
    }

    private static void assertOneLineError(Run r, int exit, String text) {
        assertThat(r.exit()).as(r.err()).isEqualTo(exit);
        assertThat(r.err()).contains(text).doesNotContain("\tat ").doesNotContain("Exception");
        assertThat(r.err().lines().count()).as(r.err()).isEqualTo(1);
    }

    @Test
    void clientPrintsTheRxperfLineAndTheRates() {
        Run r = run("perf", "client", "-c", "rpc", "-s", "127.0.0.1", "-p", port(), "-T", "20", "-t", "2");
        assertThat(r.exit()).as(r.err()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).matches("RPC: threads\t2, times\t20, write bytes\t3, read bytes\t30:\t +\\d+ msec"
                + "\t\\[[0-9.]+ (G|M|k)bit/s]");
        assertThat(lines.get(1)).matches("rpc: 40 calls, [0-9.]+ calls/s, [0-9.]+ Gbit/s, latency us p50 [0-9.]+ "
                + "p90 [0-9.]+ p99 [0-9.]+ p99.9 [0-9.]+ max [0-9.]+");
    }

    @Test
    void clientJsonIsOneObjectWithConsistentNumbers() {
        Run r = run("perf", "client", "-c", "recv", "-p", port(), "-b", "100000", "-T", "3", "-t", "2", "--json");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out().lines().toList()).hasSize(1);
        Matcher m = JSON.matcher(r.out().strip());
        assertThat(m.matches()).as(r.out()).isTrue();
        assertThat(m.group(1)).isEqualTo("recv");
        assertThat(m.group(2)).isEqualTo("2");
        assertThat(m.group(4)).isEqualTo("6");
        assertThat(m.group(6)).isEqualTo("100000");
        assertThat(Long.parseLong(m.group(7))).isEqualTo(600_000);
        double ms = Double.parseDouble(m.group(8));
        assertThat(Double.parseDouble(m.group(9))).isCloseTo(600_000 * 8 / (ms * 1e6), org.assertj.core.data.Percentage.withPercentage(1));
        double p50 = Double.parseDouble(m.group(11));
        double max = Double.parseDouble(m.group(15));
        assertThat(p50).isPositive().isLessThanOrEqualTo(max);
        assertThat(max).isLessThanOrEqualTo(ms * 1000 + 1);
    }

    @Test
    void everyModeRunsFromTheCommandLine() {
        for (String mode : new String[] {"send", "recv", "rpc", "file"}) {
            Run r = run("perf", "client", "-c", mode, "-p", port(), "-b", "50000", "-S", "400", "-R", "4000", "-T", "2",
                    "-j", "-W", "16", "-r", "1000", "-w", "3000", "--json");
            assertThat(r.exit()).as(mode + ": " + r.err()).isZero();
            assertThat(r.out()).contains("\"mode\":\"" + mode + "\"");
        }
    }

    @Test
    void faultsAreAcceptedAndTheRunStillCompletes() {
        Run r = run("perf", "client", "-c", "rpc", "-p", port(), "-S", "5000", "-R", "5000", "-T", "10",
                "--loss", "0.05", "--dup", "0.02", "--reorder", "0.05", "--seed", "7", "--json");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("\"calls\":10,");
    }

    @Test
    void badArgumentsAreUsageErrors() {
        assertOneLineError(run("perf", "client", "-p", port()), ExitCodes.USAGE, "Missing required option: '-c=MODE'");
        assertOneLineError(run("perf", "client", "-c", "get"), ExitCodes.USAGE,
                "-c: unknown mode 'get' (send, recv, rpc or file)");
        assertOneLineError(run("perf", "client", "-c", "rpc", "-t", "0"), ExitCodes.USAGE, "-t must be 1..1024");
        assertOneLineError(run("perf", "client", "-c", "rpc", "-T", "x"), ExitCodes.USAGE, "'x'");
        assertOneLineError(run("perf", "client", "-c", "send", "-b", "4294967296"), ExitCodes.USAGE, "send size");
        assertOneLineError(run("perf", "client", "-c", "rpc", "-r", "600000"), ExitCodes.USAGE, "read chunk");
        assertOneLineError(run("perf", "client", "-c", "rpc", "-w", "0"), ExitCodes.USAGE, "write chunk");
        assertOneLineError(run("perf", "client", "-c", "file", "-S", "3"), ExitCodes.USAGE, "multiples of 4");
        assertOneLineError(run("perf", "client", "-c", "rpc", "--loss", "2"), ExitCodes.USAGE, "--loss");
        assertOneLineError(run("perf", "client", "-c", "rpc", "-W", "256"), ExitCodes.USAGE, "-W must be 1..255");
        assertOneLineError(run("perf", "server", "-p", "70000"), ExitCodes.USAGE, "-p must be 0..65535");
    }

    @Test
    void unknownHostFailsAtOnce() {
        long t0 = System.nanoTime();
        assertOneLineError(run("perf", "client", "-c", "rpc", "-s", "no-such-host.invalid"), ExitCodes.FAILED,
                "rxrpc4j perf client: unknown host 'no-such-host.invalid'");
        assertThat(System.nanoTime() - t0).isLessThan(TimeUnit.SECONDS.toNanos(10));
    }

    @Test
    void nothingListeningIsNoAnswerWithinTheTimeout() throws IOException {
        int port;
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        long t0 = System.nanoTime();
        Run r = run("perf", "client", "-c", "rpc", "-p", String.valueOf(port), "--timeout", "2");
        assertOneLineError(r, ExitCodes.NO_ANSWER, "thread 0, call 1: the call to 127.0.0.1:" + port + " did not finish within its 2.0 s timeout");
        assertThat(System.nanoTime() - t0).isLessThan(TimeUnit.SECONDS.toNanos(8));
    }

    @Test
    void aServerAbortIsReportedWithItsCode() throws IOException {
        RxEndpoint aborter = net.bind(EndpointOptions.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)));
        aborter.serve(PerfProtocol.SERVICE_ID, call -> {
            call.skipAll();
            throw new RxAbortException(-455, "no FILE here");
        });
        Run r = run("perf", "client", "-c", "file", "-S", "4", "-R", "4", "-p", String.valueOf(aborter.localAddress().getPort()));
        assertOneLineError(r, ExitCodes.ABORTED,
                "thread 0, call 1: the server aborted the call with -455 (RXGEN_OPCODE) while receiving the reply");
    }

    @Test
    void theQuickMixPrintsATableOrJson() {
        Run t = run("perf", "--quick");
        assertThat(t.exit()).as(t.err()).isZero();
        List<String> rows = t.out().lines().toList();
        assertThat(rows).hasSize(5);
        assertThat(rows.get(0).split(" +")).containsExactly("mode", "threads", "calls", "bytes", "seconds", "calls/s",
                "Gbit/s", "p50", "us", "p90", "us", "p99", "us", "p99.9", "us", "max", "us");
        assertThat(rows.subList(1, 5)).extracting(l -> l.split(" +")[0]).containsExactly("rpc", "rpc", "send", "recv");
        assertThat(rows.get(2).split(" +")[1]).isEqualTo("4");
        assertThat(t.err()).contains("perf: rxperf server on 127.0.0.1:");

        Run j = run("perf", "--quick", "--json");
        assertThat(j.exit()).as(j.err()).isZero();
        assertThat(j.out().lines()).hasSize(4).allMatch(l -> JSON.matcher(l).matches());
    }

    @Test
    void serverServesUntilInterruptedAndReportsABusyPort() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        AtomicInteger exit = new AtomicInteger(-1);
        Thread t = new Thread(() -> exit.set(Main.run(new String[] {"perf", "server", "-p", "0", "-b", "127.0.0.1"},
                new PrintWriter(out, true), new PrintWriter(err, true))));
        t.start();
        Pattern serving = Pattern.compile("rxrpc4j perf server: serving rxperf service 147 on 127.0.0.1:(\\d+)/udp\\R");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        Matcher m;
        while (!(m = serving.matcher(out.toString())).matches() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(m.matches()).as(out + " / " + err).isTrue();
        String port = m.group(1);

        Run c = run("perf", "client", "-c", "rpc", "-p", port, "-T", "5");
        assertThat(c.exit()).as(c.err()).isZero();
        assertOneLineError(run("perf", "server", "-p", port, "-b", "127.0.0.1"), ExitCodes.FAILED,
                "cannot bind UDP 127.0.0.1:" + port);

        t.interrupt();
        t.join(10_000);
        assertThat(t.isAlive()).isFalse();
        assertThat(exit).hasValue(0);
        assertThat(Arrays.asList(err.toString().split("\\R"))).allMatch(String::isEmpty);
    }
}
