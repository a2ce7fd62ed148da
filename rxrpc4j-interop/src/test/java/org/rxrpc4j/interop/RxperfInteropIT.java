package org.rxrpc4j.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rxrpc4j.EndpointOptions;
import org.rxrpc4j.RxEndpoint;
import org.rxrpc4j.RxNet;
import org.rxrpc4j.tools.Main;
import org.rxrpc4j.tools.perf.PerfService;

/**
 * rxperf between rxrpc4j and {@code rxperf_peer}, an rxperf client and server on OpenAFS's own
 * Rx library (shared/interop/rxperf-peer), over loopback, both ways. The peer binary comes from
 * {@code RXPERF_PEER} (.ci/run builds it); without it the tests are skipped, or fail when
 * {@code RXRPC4J_INTEROP=required}.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class RxperfInteropIT {

    private static final long RUN_SECONDS = 90;
    private static final Pattern RESULT = Pattern.compile(
            "RESULT mode=(\\w+) bytes=(\\d+) calls=(\\d+) threads=(\\d+) ms=[0-9.]+ mbit_per_s=[0-9.]+ calls_per_s=[0-9.]+");

    private static Path peer;

    @BeforeAll
    static void findPeer() {
        String env = System.getenv("RXPERF_PEER");
        boolean required = "required".equals(System.getenv("RXRPC4J_INTEROP"));
        String missing = env == null || env.isBlank() ? "RXPERF_PEER is not set"
                : !Files.isExecutable(Path.of(env)) ? "RXPERF_PEER=" + env + " is not an executable" : null;
        if (missing != null) {
            String why = missing + " (build it with shared/interop/rxperf-peer/build.sh)";
            if (required) {
                throw new AssertionError("RXRPC4J_INTEROP=required, but " + why);
            }
            Assumptions.abort("skipping the rxperf interop tests: " + why);
        }
        peer = Path.of(env);
    }

    // ------------------------------------------------------------ our client, their server

    @Test
    void ourClientAgainstThePeerServer() throws Exception {
        int port = freeUdpPort();
        try (Peer server = Peer.start(peer.toString(), "server", "-a", "127.0.0.1", "-p", String.valueOf(port),
                "-t", "8")) {
            server.awaitStdout("serving rxperf service 147 on 127.0.0.1:" + port + "/udp", 20);
            String p = String.valueOf(port);

            assertRun(ours("-c", "send", "-p", p, "-b", "5000000", "-T", "4"), "send", 4, 20_000_000);
            assertRun(ours("-c", "recv", "-p", p, "-b", "5000000", "-T", "4"), "recv", 4, 20_000_000);
            assertRun(ours("-c", "rpc", "-p", p, "-T", "200", "-t", "4"), "rpc", 800, 800 * 33);
            assertRun(ours("-c", "rpc", "-p", p, "-S", "1024", "-R", "200000", "-T", "10", "-t", "2"), "rpc", 20,
                    20 * 201_024L);
            assertRun(ours("-c", "rpc", "-p", p, "-S", "0", "-R", "0", "-T", "20", "-j", "-W", "16"), "rpc", 20, 0);
            assertRun(ours("-c", "send", "-p", p, "-b", "3000000", "-T", "2", "-j"), "send", 2, 6_000_000);

            // the peer has no FILE: it aborts with RXGEN_OPCODE, which we report with exit status 3
            Cli file = ours("-c", "file", "-p", p, "-S", "8", "-R", "8", "-T", "1");
            assertThat(file.exit).as(file.err).isEqualTo(3);
            assertThat(file.err.strip()).isEqualTo(
                    "rxrpc4j perf client: thread 0, call 1: the server aborted the call with -455 (RXGEN_OPCODE)"
                            + " while receiving the reply");

            assertThat(server.stderr()).as("the peer logged only the FILE call it refused")
                    .containsOnlyOnce("aborted with -455").doesNotContain("-453").doesNotContain("-6:");
            assertThat(server.stop()).as("peer server exit status after SIGTERM").isZero();
        }
    }

    // ------------------------------------------------------------ their client, our server

    @Test
    void thePeerClientAgainstOurServer() throws Exception {
        List<String> rejected = new CopyOnWriteArrayList<>();
        try (RxNet net = RxNet.create()) {
            RxEndpoint ep = net.bind(EndpointOptions.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)));
            PerfService.serveOn(ep, rejected::add);
            String p = String.valueOf(ep.localAddress().getPort());

            assertResult(theirs("-c", "send", "-p", p, "-b", "5000000", "-T", "4"), "send", 4, 20_000_000, 1);
            assertResult(theirs("-c", "recv", "-p", p, "-b", "5000000", "-T", "4"), "recv", 4, 20_000_000, 1);
            assertResult(theirs("-c", "rpc", "-p", p, "-T", "200"), "rpc", 200, 200 * 33, 1);
            assertResult(theirs("-c", "rpc", "-p", p, "-S", "1024", "-R", "1024", "-T", "200", "-t", "4"), "rpc", 800,
                    800 * 2048L, 4);
            assertResult(theirs("-c", "rpc", "-p", p, "-S", "3", "-R", "200000", "-T", "10", "-t", "2"), "rpc", 20,
                    20 * 200_003L, 2);
            assertResult(theirs("-c", "rpc", "-p", p, "-S", "0", "-R", "0", "-T", "20"), "rpc", 20, 0, 1);
            assertResult(theirs("-c", "recv", "-p", p, "-b", "3000000", "-T", "2", "-j", "-W", "255"), "recv", 2,
                    6_000_000, 1);
            assertResult(theirs("-c", "send", "-p", p, "-b", "3000000", "-T", "2", "-j", "-W", "8", "-r", "1000",
                    "-w", "1000"), "send", 2, 6_000_000, 1);
            assertThat(rejected).isEmpty();
        }
    }

    @Test
    void thePeerProbesFindTheSameAbortCodesOnBothServers() throws Exception {
        Map<String, Integer> expected = Map.of("version", -6, "opcode", -455, "chunk", -453, "truncated", -453,
                "short", -453, "long", -453);
        int port = freeUdpPort();
        try (RxNet net = RxNet.create();
                Peer theirServer = Peer.start(peer.toString(), "server", "-a", "127.0.0.1", "-p",
                        String.valueOf(port))) {
            RxEndpoint ep = net.bind(EndpointOptions.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)));
            PerfService.serveOn(ep, line -> { });
            theirServer.awaitStdout("serving rxperf service 147", 20);
            for (var e : expected.entrySet()) {
                String want = "PROBE kind=" + e.getKey() + " abort=" + e.getValue();
                assertThat(probe(e.getKey(), ep.localAddress().getPort())).as("our server").isEqualTo(want);
                assertThat(probe(e.getKey(), port)).as("the peer's server").isEqualTo(want);
            }
        }
    }

    // ------------------------------------------------------------ helpers

    private record Cli(int exit, String out, String err) {
    }

    private static Cli ours(String... clientArgs) {
        List<String> args = new ArrayList<>(List.of("perf", "client", "-s", "127.0.0.1", "--json"));
        args.addAll(List.of(clientArgs));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(args.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));
        return new Cli(exit, out.toString(), err.toString());
    }

    private static void assertRun(Cli r, String mode, long calls, long bytes) {
        assertThat(r.exit).as(r.err).isZero();
        assertThat(r.out.strip()).startsWith("{\"mode\":\"" + mode + "\"").contains("\"calls\":" + calls + ",")
                .contains("\"bytes\":" + bytes + ",").contains("\"latency_us\":{\"p50\":");
    }

    private static Cli theirs(String... clientArgs) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(peer.toString(), "client", "-s", "127.0.0.1"));
        cmd.addAll(List.of(clientArgs));
        return runPeer(cmd);
    }

    private static void assertResult(Cli r, String mode, long calls, long bytes, int threads) {
        assertThat(r.exit).as("rxperf_peer client: " + r.err).isZero();
        Matcher m = RESULT.matcher(r.out);
        assertThat(m.find()).as(r.out).isTrue();
        assertThat(m.group(1)).isEqualTo(mode);
        assertThat(Long.parseLong(m.group(2))).isEqualTo(bytes);
        assertThat(Long.parseLong(m.group(3))).isEqualTo(calls);
        assertThat(Integer.parseInt(m.group(4))).isEqualTo(threads);
        assertThat(r.out.lines().findFirst().orElse("")).startsWith(mode.toUpperCase() + ": threads\t" + threads);
        assertThat(r.err).isEmpty();
    }

    private static String probe(String kind, int port) throws Exception {
        Cli r = runPeer(List.of(peer.toString(), "probe", "-k", kind, "-s", "127.0.0.1", "-p", String.valueOf(port)));
        return r.out.strip();
    }

    private static Cli runPeer(List<String> cmd) throws Exception {
        Path out = Files.createTempFile("rxperf-peer", ".out");
        Path err = Files.createTempFile("rxperf-peer", ".err");
        try {
            Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(RUN_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                throw new AssertionError(String.join(" ", cmd) + " did not finish within " + RUN_SECONDS + " s; stderr: "
                        + Files.readString(err));
            }
            return new Cli(p.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private static int freeUdpPort() throws IOException {
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** A long-running peer process (a server), stopped with SIGTERM at the end. */
    private static final class Peer implements AutoCloseable {
        private final Process process;
        private final Path out;
        private final Path err;

        private Peer(Process process, Path out, Path err) {
            this.process = process;
            this.out = out;
            this.err = err;
        }

        static Peer start(String... cmd) throws IOException {
            Path out = Files.createTempFile("rxperf-peer-server", ".out");
            Path err = Files.createTempFile("rxperf-peer-server", ".err");
            Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            return new Peer(p, out, err);
        }

        void awaitStdout(String text, int seconds) throws Exception {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            while (System.nanoTime() < deadline) {
                if (Files.readString(out, StandardCharsets.UTF_8).contains(text)) {
                    return;
                }
                if (!process.isAlive()) {
                    throw new AssertionError("the peer server exited with " + process.exitValue() + ": " + stderr());
                }
                Thread.sleep(20);
            }
            throw new AssertionError("the peer server did not print '" + text + "' within " + seconds + " s");
        }

        String stderr() throws IOException {
            return Files.readString(err, StandardCharsets.UTF_8);
        }

        int stop() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                throw new AssertionError("the peer server did not stop on SIGTERM");
            }
            return process.exitValue();
        }

        @Override
        public void close() throws IOException {
            if (process.isAlive()) {
                process.destroyForcibly();
                try {
                    process.waitFor(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
