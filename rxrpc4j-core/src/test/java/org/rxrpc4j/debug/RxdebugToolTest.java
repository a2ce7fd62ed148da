package org.rxrpc4j.debug;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.rxrpc4j.call.Call;
import org.rxrpc4j.call.CallListener;
import org.rxrpc4j.call.CallState;
import org.rxrpc4j.config.RxConfig;
import org.rxrpc4j.env.Environment;
import org.rxrpc4j.io.UdpTransport;
import org.rxrpc4j.io.UdpTransportConfig;
import org.rxrpc4j.local.LocalEndpoint;
import org.rxrpc4j.trace.Counters;

/**
 * OpenAFS's own {@code rxdebug} against a {@link LocalEndpoint} on real loopback UDP: every
 * report it makes of our endpoint parses and shows the live state (one finished call, one call
 * still receiving). Skipped when {@code rxdebug} is not installed. Prints rxdebug's output.
 */
class RxdebugToolTest {

    private static final int SERVICE = 1001;
    private static final Environment ENV = Environment.system();

    private final List<UdpTransport> open = new ArrayList<>();
    private final List<LocalEndpoint> engines = new ArrayList<>();

    /** Shuts each engine down on its own loop before its socket closes, so no buffer is left. */
    @AfterEach
    void close() {
        for (int i = 0; i < open.size(); i++) {
            LocalEndpoint e = engines.get(i);
            open.get(i).close(() -> e.shutdown(ENV.ticker().nanoTime()));
        }
    }

    private static Path rxdebug() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path p = Path.of(dir, "rxdebug");
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    private LocalEndpoint[] bind(LocalEndpoint[] holder) throws IOException {
        UdpTransport t = UdpTransport.bind(UdpTransportConfig.defaults(new InetSocketAddress("127.0.0.1", 0)),
                ENV.ticker(), new Counters(), tr -> {
                    holder[0] = new LocalEndpoint(tr.localAddress(), tr, tr.allocator(), ENV, RxConfig.defaults());
                    return holder[0];
                });
        open.add(t);
        engines.add(holder[0]);
        return holder;
    }

    /** Echoes each request once it is all read. */
    private static final class Echo implements CallListener {
        private final ByteBuf got = Unpooled.buffer();

        @Override
        public void onReadable(Call call) {
            long now = ENV.ticker().nanoTime();
            int n;
            do {
                got.ensureWritable(4096);
                n = call.read(got, now);
            } while (n > 0);
            if (n < 0 && call.state() == CallState.SERVER_ACK_REQUEST) {
                call.send(got, true, now);
                got.release();
            }
        }
    }

    private static String run(Path tool, int port, String... options) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("timeout", "20", tool.toString(), "127.0.0.1", "" + port));
        cmd.addAll(List.of(options));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        System.out.println("$ rxdebug 127.0.0.1 " + port + " " + String.join(" ", options) + "\n" + out);
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    @Test
    void rxdebugReadsEveryReportOfOurEndpoint() throws Exception {
        Path tool = rxdebug();
        assumeTrue(tool != null, "rxdebug is not installed");
        LocalEndpoint[] server = new LocalEndpoint[1];
        LocalEndpoint[] client = new LocalEndpoint[1];
        bind(server);
        UdpTransport serverT = open.get(0);
        bind(client);
        UdpTransport clientT = open.get(1);
        serverT.submit(() -> {
            server[0].addService(SERVICE, 8, (e, sid) -> e.accept(sid, new Echo()));
            return null;
        }).get();
        InetSocketAddress to = serverT.localAddress();
        Call done = clientT.submit(() -> {
            long now = ENV.ticker().nanoTime();
            Call c = client[0].makeCall(to, SERVICE, null, now);
            c.send(Unpooled.wrappedBuffer(new byte[5000]), true, now);
            return c;
        }).get();
        for (int i = 0; i < 200 && clientT.submit(done::state).get() != CallState.CLIENT_RECV_REPLY
                && clientT.submit(done::state).get() != CallState.COMPLETE; i++) {
            TimeUnit.MILLISECONDS.sleep(10);
        }
        clientT.submit(() -> {
            long now = ENV.ticker().nanoTime();
            Call open = client[0].makeCall(to, SERVICE, null, now);
            open.send(Unpooled.wrappedBuffer(new byte[3000]), false, now);
            return open;
        }).get();
        TimeUnit.MILLISECONDS.sleep(200);
        int port = to.getPort();

        String stats = run(tool, port, "-noconns");
        assertThat(stats).contains("Free packets: 0/0, packet reclaims: 0, calls: 2, used FDs: 1")
                .contains("0 calls waiting for a thread");
        String rx = run(tool, port, "-rxstats", "-noconns");
        assertThat(rx).contains("rx stats:").contains("1 server connections, 0 client connections, 1 peer structs");
        String peers = run(tool, port, "-peers", "-long", "-noconns");
        assertThat(peers).contains("Peer at host 127.0.0.1, port " + clientT.localAddress().getPort())
                .contains("ifMTU 1412").contains("Done.");
        String conns = run(tool, port, "-allconnections");
        assertThat(conns).contains("server conn").contains("state active, mode: receiving")
                .contains("Done.").doesNotContain("failed");
        String interesting = run(tool, port);
        assertThat(interesting).contains("state active, mode: receiving").contains("Done.");
        String version = run(tool, port, "-version");
        assertThat(version).contains("AFS version: rxrpc4j " + LocalEndpoint.VERSION);
        String clientView = run(tool, clientT.localAddress().getPort(), "-peers", "-long", "-allconnections");
        assertThat(clientView).contains("client conn").contains("Done.");
    }
}
