package org.rxrpc4j.tools.debug;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rxrpc4j.RxEndpoint;
import org.rxrpc4j.RxNet;
import org.rxrpc4j.local.LocalEndpoint;
import org.rxrpc4j.tools.ExitCodes;
import org.rxrpc4j.tools.Main;

/**
 * {@code rxrpc4j debug} end to end on loopback: against a real rxrpc4j endpoint (which answers
 * DEBUG), a socket that never answers, and bad command lines.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class DebugCommandTest {

    private record Result(int status, String out, String err) {}

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(status, out.toString(), err.toString());
    }

    @Test
    void asksARxrpc4jEndpointForEveryReport() throws Exception {
        try (RxNet net = RxNet.create()) {
            RxEndpoint server = net.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            server.serve(1001, call -> call.write(call.readAll(1 << 16)));
            RxEndpoint client = net.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            client.call(server.localAddress(), 1001, new byte[100]).get(10, TimeUnit.SECONDS);
            String port = "" + server.localAddress().getPort();

            Result version = run("debug", "127.0.0.1", port, "-version");
            assertThat(version.status()).isEqualTo(ExitCodes.OK);
            assertThat(version.out()).isEqualTo("Trying 127.0.0.1 (port " + port + "):\nAFS version: "
                    + LocalEndpoint.VERSION_STRING + "\n");

            Result all = run("debug", "127.0.0.1", port, "--rxstats", "--all", "--peers", "--long");
            assertThat(all.status()).as(all.err()).isEqualTo(ExitCodes.OK);
            assertThat(all.err()).isEmpty();
            int clientPort = client.localAddress().getPort();
            assertThat(all.out()).startsWith("Trying 127.0.0.1 (port " + port + "):\nFree packets: ")
                    .contains("calls: 1, ")
                    .contains("   1 server connections, 0 client connections, 1 peer structs")
                    .contains("Connection from host 127.0.0.1, port " + clientPort + ", Cuid ")
                    .contains("server conn\n    call 0: # 1, state ")
                    .contains("Done.\nPeer at host 127.0.0.1, port " + clientPort + "\n")
                    .contains("\tcurrent/if/max jumbogram size: ")
                    .endsWith("Done.\n");

            Result stats = run("debug", "-servers", "127.0.0.1", "-port", port, "-noconns");
            assertThat(stats.status()).isEqualTo(ExitCodes.OK);
            assertThat(stats.out()).contains("calls: 1, ").doesNotContain("Done.");
        }
    }

    @Test
    void aServerThatNeverAnswersEndsWithinTheTimeout() throws Exception {
        try (DatagramSocket silent = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            long start = System.nanoTime();
            Result r = run("debug", "127.0.0.1", "" + silent.getLocalPort(), "--timeout", "1.5");
            double seconds = (System.nanoTime() - start) / 1e9;
            assertThat(r.status()).isEqualTo(ExitCodes.NO_ANSWER);
            assertThat(seconds).isBetween(1.4, 5.0);
            assertThat(r.err()).startsWith("rxrpc4j debug: no reply from 127.0.0.1:" + silent.getLocalPort()
                    + " to the GETSTATS request within 1.5 s").doesNotContain("\n\tat ");
            assertThat(r.err().lines()).hasSize(1);
        }
    }

    @Test
    void nothingListeningIsOneLine() throws Exception {
        int port;
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Result r = run("debug", "127.0.0.1", "" + port, "--timeout", "3");
        assertThat(r.status()).isEqualTo(ExitCodes.NO_ANSWER);
        assertThat(r.err().lines()).hasSize(1);
        assertThat(r.err()).contains("127.0.0.1:" + port);
    }

    @Test
    void badInputIsOneLineAndADistinctStatus() {
        Result unknown = run("debug", "no-such-host.invalid", "7002");
        assertThat(unknown.status()).isEqualTo(ExitCodes.FAILED);
        assertThat(unknown.err()).isEqualTo("rxrpc4j debug: unknown host 'no-such-host.invalid'\n");
        assertThat(unknown.out()).isEmpty();

        assertThat(run("debug").err()).isEqualTo("rxrpc4j debug: which server? give HOST [PORT]\n");
        assertThat(run("debug", "127.0.0.1", "0").status()).isEqualTo(ExitCodes.USAGE);
        assertThat(run("debug", "127.0.0.1", "7002", "--timeout", "0").status()).isEqualTo(ExitCodes.USAGE);
        assertThat(run("debug", "127.0.0.1", "7002", "-noconns", "-allconnections").status())
                .isEqualTo(ExitCodes.USAGE);
        assertThat(run("debug", "127.0.0.1", "7002", "-version", "-rxstats").status()).isEqualTo(ExitCodes.USAGE);
        assertThat(run("debug", "127.0.0.1", "seven").status()).isEqualTo(ExitCodes.USAGE);
    }
}
