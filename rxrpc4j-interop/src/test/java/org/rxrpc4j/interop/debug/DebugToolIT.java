package org.rxrpc4j.interop.debug;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rxrpc4j.RxEndpoint;
import org.rxrpc4j.RxNet;

/**
 * Our {@code rxrpc4j debug} against OpenAFS's {@code rxdebug}, both asking the OpenAFS ptserver of
 * the running cell. Each report is taken three times: rxdebug, ours, rxdebug again. What cannot
 * move (version, addresses, Cuids, MTUs, security index, the layout) must be the same; counters
 * must lie between the two rxdebug readings; a connection or peer block that rxdebug printed
 * identically both times must be byte-identical in ours.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DebugToolIT {

    private static Path rxdebug;
    private static String host;
    private static int port;
    private static RxNet net;
    private static RxEndpoint client;

    /** Makes one PR_NameToID call, so that the ptserver has a connection and a peer we know. */
    @BeforeAll
    static void callThePtserver() throws Exception {
        rxdebug = RxdebugRunner.rxdebug();
        Map<String, String> env = RxdebugRunner.cellEnv();
        host = env.getOrDefault("OPENAFS_ADDR", "127.0.0.1");
        port = Integer.parseInt(env.getOrDefault("OPENAFS_PTSERVER_PORT", "7002"));
        int service = Integer.parseInt(env.getOrDefault("OPENAFS_PTSERVER_SERVICE", "73"));
        net = RxNet.create();
        client = net.bind(new InetSocketAddress(host, 0));
        ByteBuffer request = ByteBuffer.allocate(8 + 64 * 4).putInt(504).putInt(1);
        for (char c : "admin".toCharArray()) {
            request.putInt(c);
        }
        client.call(new InetSocketAddress(host, port), service, request.array()).get(20, TimeUnit.SECONDS);
    }

    @AfterAll
    static void close() {
        if (net != null) {
            net.close();
        }
    }

    private record Sandwich(String before, String ours, String after) {}

    private static Sandwich take(String... options) throws Exception {
        String before = RxdebugRunner.rxdebug(rxdebug, host, port, options);
        String ours = RxdebugRunner.ours(host, port, options);
        String after = RxdebugRunner.rxdebug(rxdebug, host, port, options);
        System.out.println("$ rxrpc4j debug " + host + " " + port + " " + String.join(" ", options) + "\n" + ours);
        return new Sandwich(before, ours, after);
    }

    /** The text with every number replaced by '#': what stays when the counters move. */
    private static String shape(String text) {
        return text.replaceAll("\\d+", "#");
    }

    private static void between(String what, long before, long ours, long after) {
        assertThat(ours).as(what + " (rxdebug read " + before + " then " + after + ")").isBetween(before, after);
    }

    @Test
    void versionIsTheSame() throws Exception {
        Sandwich s = take("-version");
        assertThat(s.ours()).isEqualTo(s.before()).startsWith("Trying " + host + " (port " + port + "):\nAFS version: ")
                .contains("OpenAFS");
    }

    @Test
    void rxstatsHaveTheSameLayoutAndCountersInBounds() throws Exception {
        Sandwich s = take("-rxstats");
        assertThat(shape(s.ours())).isEqualTo(shape(s.before()));
        assertThat(s.ours()).contains("rx stats: free packets ").endsWith("Done.\n");
        between("calls", RxdebugText.number(s.before(), "calls: "), RxdebugText.number(s.ours(), "calls: "),
                RxdebugText.number(s.after(), "calls: "));
        for (String which : List.of("read", "sent")) {
            Map<String, Long> b = RxdebugText.packetCounts(s.before(), which);
            Map<String, Long> o = RxdebugText.packetCounts(s.ours(), which);
            Map<String, Long> a = RxdebugText.packetCounts(s.after(), which);
            assertThat(o.keySet()).containsExactlyElementsOf(b.keySet());
            b.forEach((type, n) -> between("packets " + which + " " + type, n, o.get(type), a.get(type)));
        }
        assertThat(RxdebugText.packetCounts(s.ours(), "read").get("data")).isPositive();
    }

    @Test
    void peersMatch() throws Exception {
        Sandwich s = take("-peers", "-long");
        Function<String, Map<String, RxdebugText.Peer>> read = text -> RxdebugText.peers(text).stream()
                .collect(Collectors.toMap(p -> p.host() + ":" + p.port(), p -> p, (x, y) -> x));
        Map<String, RxdebugText.Peer> before = read.apply(s.before());
        Map<String, RxdebugText.Peer> ours = read.apply(s.ours());
        Map<String, RxdebugText.Peer> after = read.apply(s.after());
        String mine = host + ":" + client.localAddress().getPort();
        assertThat(ours).containsKey(mine);
        assertThat(before).containsKey(mine);
        Set<String> seen = new HashSet<>(before.keySet());
        seen.addAll(after.keySet());
        assertThat(seen).containsAll(ours.keySet());
        for (String key : before.keySet()) {
            if (!after.containsKey(key)) {
                continue;
            }
            RxdebugText.Peer b = before.get(key);
            RxdebugText.Peer o = ours.get(key);
            RxdebugText.Peer a = after.get(key);
            assertThat(o).as("peer " + key + " seen by rxdebug before and after").isNotNull();
            for (String mtu : List.of("ifMTU", "natMTU", "maxMTU")) {
                assertThat(o.values().get(mtu)).as(key + " " + mtu).isEqualTo(b.values().get(mtu));
            }
            for (String counter : List.of("packets sent", "packet resends", "bytes sent", "bytes received")) {
                between(key + " " + counter, b.values().get(counter), o.values().get(counter), a.values().get(counter));
            }
            if (b.text().equals(a.text())) {
                assertThat(o.text()).isEqualTo(b.text());
            }
        }
        assertThat(shape(s.ours().substring(0, s.ours().indexOf("Peer at host"))))
                .isEqualTo(shape(s.before().substring(0, s.before().indexOf("Peer at host"))));
        assertThat(s.ours()).endsWith("Done.\n");
    }

    @Test
    void allConnectionsMatch() throws Exception {
        Sandwich s = take("-allconnections");
        Function<String, Map<String, RxdebugText.Conn>> read = text -> RxdebugText.conns(text).stream()
                .collect(Collectors.toMap(RxdebugText.Conn::cuid, c -> c, (x, y) -> x));
        Map<String, RxdebugText.Conn> before = read.apply(s.before());
        Map<String, RxdebugText.Conn> ours = read.apply(s.ours());
        Map<String, RxdebugText.Conn> after = read.apply(s.after());
        int myPort = client.localAddress().getPort();
        List<RxdebugText.Conn> mine = ours.values().stream().filter(c -> c.port() == myPort).toList();
        assertThat(mine).hasSize(1);
        assertThat(mine.get(0).server()).isTrue();
        assertThat(mine.get(0).securityIndex()).isZero();
        assertThat(mine.get(0).callNumbers()).containsExactly(1L, 0L, 0L, 0L);
        assertThat(before).containsKey(mine.get(0).cuid());
        Set<String> seen = new HashSet<>(before.keySet());
        seen.addAll(after.keySet());
        assertThat(seen).containsAll(ours.keySet());
        for (String cuid : before.keySet()) {
            if (!after.containsKey(cuid)) {
                continue;
            }
            RxdebugText.Conn b = before.get(cuid);
            RxdebugText.Conn o = ours.get(cuid);
            RxdebugText.Conn a = after.get(cuid);
            assertThat(o).as("connection " + cuid + " seen by rxdebug before and after").isNotNull();
            assertThat(List.of(o.host(), o.port(), o.securityIndex(), o.server()))
                    .isEqualTo(List.of(b.host(), b.port(), b.securityIndex(), b.server()));
            between(cuid + " serial", b.serial(), o.serial(), a.serial());
            for (int ch = 0; ch < 4; ch++) {
                between(cuid + " call " + ch, b.callNumbers().get(ch), o.callNumbers().get(ch),
                        a.callNumbers().get(ch));
            }
            if (b.text().equals(a.text())) {
                assertThat(o.text()).isEqualTo(b.text());
            }
        }
        assertThat(s.ours()).endsWith("Done.\n");
    }
}
