package org.rxrpc4j.interop.debug;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rxrpc4j.RxEndpoint;
import org.rxrpc4j.RxNet;

/**
 * OpenAFS's {@code rxdebug} against a Java server under load: client threads make echo calls
 * through the public API without pause while rxdebug reads the server's statistics, packet
 * counters, peers and connections twice. The values must be live (they grow between the
 * readings) and agree with the calls made: bounded by the calls finished before and started
 * after each reading, with the client endpoint's address as the only peer.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RxdebugLiveIT {

    private static final int SERVICE = 4711;
    private static final int THREADS = 4;
    /** Fits one DATA packet, so each call is at least one DATA packet each way. */
    private static final int REQUEST_BYTES = 1000;

    private final AtomicLong started = new AtomicLong();
    private final AtomicLong finished = new AtomicLong();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final List<Thread> load = new ArrayList<>();
    private volatile boolean stop;
    private Path rxdebug;
    private RxNet net;
    private RxEndpoint server;
    private RxEndpoint client;

    @BeforeEach
    void startLoad() throws Exception {
        rxdebug = RxdebugRunner.rxdebug();
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        net = RxNet.create();
        server = net.bind(new InetSocketAddress(loopback, 0));
        server.serve(SERVICE, call -> call.write(call.readAll(1 << 16)));
        client = net.bind(new InetSocketAddress(loopback, 0));
        byte[] request = new byte[REQUEST_BYTES];
        Arrays.fill(request, (byte) 0x5a);
        for (int i = 0; i < THREADS; i++) {
            Thread t = new Thread(() -> {
                while (!stop) {
                    started.incrementAndGet();
                    try {
                        byte[] reply = client.call(server.localAddress(), SERVICE, request).get(10, TimeUnit.SECONDS);
                        if (!Arrays.equals(reply, request)) {
                            throw new AssertionError("the echo came back changed");
                        }
                        finished.incrementAndGet();
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                        return;
                    }
                }
            }, "load-" + i);
            t.start();
            load.add(t);
        }
        awaitFinished(50);
    }

    @AfterEach
    void stopLoad() throws InterruptedException {
        stop = true;
        for (Thread t : load) {
            t.join(15_000);
        }
        if (net != null) {
            net.close();
        }
        assertThat(failure.get()).as("a load call failed").isNull();
    }

    private void awaitFinished(long n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (finished.get() < n && failure.get() == null && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(failure.get()).as("a load call failed").isNull();
        assertThat(finished.get()).as("calls finished").isGreaterThanOrEqualTo(n);
    }

    /** One rxdebug run with the number of calls finished before it and started after it. */
    private record Reading(long finishedBefore, String text, long startedAfter) {}

    private Reading read(String... options) throws Exception {
        long before = finished.get();
        String text = RxdebugRunner.rxdebug(rxdebug, "127.0.0.1", server.localAddress().getPort(), options);
        return new Reading(before, text, started.get());
    }

    @Test
    void rxdebugShowsLiveCorrectValues() throws Exception {
        Reading stats1 = read("-noconns");
        Reading rx1 = read("-rxstats", "-noconns");
        awaitFinished(finished.get() + 200);
        Reading stats2 = read("-noconns");
        Reading rx2 = read("-rxstats", "-noconns");
        Reading peers = read("-peers", "-long", "-noconns");
        Reading conns = read("-allconnections");
        System.out.println(stats2.text() + rx2.text() + peers.text() + conns.text());

        // -noconns: the calls the server has taken, between what had finished and what had started.
        long calls1 = RxdebugText.number(stats1.text(), "calls: ");
        long calls2 = RxdebugText.number(stats2.text(), "calls: ");
        assertThat(calls1).isBetween(stats1.finishedBefore(), stats1.startedAfter());
        assertThat(calls2).isBetween(stats2.finishedBefore(), stats2.startedAfter()).isGreaterThanOrEqualTo(calls1 + 200);
        assertThat(stats2.text()).contains("not waiting for packets.\n0 calls waiting for a thread\n");

        // -rxstats: at least one DATA packet read and one sent per finished call, growing.
        long dataRead1 = RxdebugText.packetCounts(rx1.text(), "read").get("data");
        long dataRead2 = RxdebugText.packetCounts(rx2.text(), "read").get("data");
        long dataSent2 = RxdebugText.packetCounts(rx2.text(), "sent").get("data");
        assertThat(dataRead1).isGreaterThanOrEqualTo(rx1.finishedBefore());
        assertThat(dataRead2).isGreaterThanOrEqualTo(rx2.finishedBefore()).isGreaterThanOrEqualTo(dataRead1 + 200);
        assertThat(dataSent2).isGreaterThanOrEqualTo(rx2.finishedBefore());
        assertThat(RxdebugText.number(rx2.text(), "other read counters: data ")).isEqualTo(dataRead2);
        assertThat(RxdebugText.packetCounts(rx2.text(), "read").get("debug"))
                .isGreaterThanOrEqualTo(RxdebugText.packetCounts(rx1.text(), "read").get("debug") + 2);
        assertThat(RxdebugText.packetCounts(rx2.text(), "sent").get("ack")).isPositive();
        assertThat(rx2.text()).contains(" 0 client connections, 1 peer structs, ");
        assertThat(rx2.text()).containsPattern("\\n   [1-9]\\d* server connections, ");

        // -peers -long: the only peer is the client endpoint, with its traffic.
        List<RxdebugText.Peer> peerList = RxdebugText.peers(peers.text());
        assertThat(peerList).hasSize(1);
        RxdebugText.Peer peer = peerList.get(0);
        assertThat(peer.host() + ":" + peer.port()).isEqualTo("127.0.0.1:" + client.localAddress().getPort());
        assertThat(peer.values().get("packets sent")).isGreaterThanOrEqualTo(peers.finishedBefore());
        assertThat(peer.values().get("bytes received")).isGreaterThanOrEqualTo(peers.finishedBefore() * REQUEST_BYTES);
        assertThat(peer.values().get("bytes sent")).isGreaterThanOrEqualTo(peers.finishedBefore() * REQUEST_BYTES);
        assertThat(peer.values().get("ifMTU")).isPositive();
        assertThat(peer.text()).contains("\tcongestion window ").contains("\tcurrent/if/max jumbogram size: ");

        // -allconnections: server connections from the client's port, whose channels' call
        // numbers add up to the calls made on them.
        List<RxdebugText.Conn> connList = RxdebugText.conns(conns.text());
        assertThat(connList).isNotEmpty().allSatisfy(c -> {
            assertThat(c.host()).isEqualTo("127.0.0.1");
            assertThat(c.port()).isEqualTo(client.localAddress().getPort());
            assertThat(c.server()).isTrue();
            assertThat(c.securityIndex()).isZero();
            assertThat(c.callNumbers()).hasSize(4);
        });
        long callNumbers = connList.stream().flatMap(c -> c.callNumbers().stream()).mapToLong(Long::longValue).sum();
        assertThat(callNumbers).isBetween(conns.finishedBefore(), conns.startedAfter());
        assertThat(conns.text()).endsWith("Done.\n");

        // Our own client reads the same reports in the same layout.
        int port = server.localAddress().getPort();
        assertThat(shape(RxdebugRunner.ours("127.0.0.1", port, "-rxstats", "-noconns"))).isEqualTo(shape(rx2.text()));
        assertThat(shape(RxdebugRunner.ours("127.0.0.1", port, "-peers", "-long", "-noconns")))
                .isEqualTo(shape(peers.text()));
    }

    private static String shape(String text) {
        return text.replaceAll("\\d+", "#");
    }
}
