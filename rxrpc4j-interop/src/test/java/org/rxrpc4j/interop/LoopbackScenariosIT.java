package org.rxrpc4j.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.rxrpc4j.CallOptions;
import org.rxrpc4j.EndpointOptions;
import org.rxrpc4j.RxCall;
import org.rxrpc4j.RxEndpoint;
import org.rxrpc4j.RxNet;
import org.rxrpc4j.ServiceOptions;

/**
 * Scenarios of the simulator's transfer and concurrency tests (TransferSimTest,
 * ConcurrentCallsSimTest), here over real loopback UDP between a Java client and a Java server,
 * with the transport-seam fault injector on both endpoints. Every byte is checked by SHA-256,
 * and no call may be left live on either endpoint afterwards.
 *
 * <p>The fault streams are seeded ({@code -Drxrpc4j.interop.faultSeed=N} to change them), but
 * thread timing still varies from run to run.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LoopbackScenariosIT {

    static final int SERVICE = 4711;
    static final long MIB = 1024 * 1024;
    /**
     * Empty, one byte, a full DATA packet (1412 bytes) and one byte more, 64 KiB (a few
     * windows), 1 MiB, 16 MiB.
     */
    static final long[] SIZES = {0, 1, 1412, 1413, 64 * 1024, MIB, 16 * MIB};
    static final int CONCURRENT_CALLS = 250;
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(40);
    static final long SEED = Long.getLong("rxrpc4j.interop.faultSeed", 0x5eed_2026L);

    /**
     * The link impairments, as probabilities per path (client to server, and back). Both
     * endpoints inject faults on what they send and on what they receive, so each applies the
     * per-side probability {@code 1 - sqrt(1 - p)} that compounds to {@code p} over a path.
     * {@code maxSize} bounds the transfer sizes run under the condition (see
     * {@link #largeTransfersAtTenPercentLoss}).
     */
    enum Condition {
        CLEAN(0, 0, 0, 16 * MIB),
        LOSS_1_DUP_1_REORDER_2(0.01, 0.01, 0.02, 16 * MIB),
        LOSS_10_DUP_5_REORDER_5(0.10, 0.05, 0.05, 64 * 1024);

        final double loss;
        final double duplicate;
        final double reorder;
        final long maxSize;

        Condition(double loss, double duplicate, double reorder, long maxSize) {
            this.loss = perSide(loss);
            this.duplicate = perSide(duplicate);
            this.reorder = perSide(reorder);
            this.maxSize = maxSize;
        }

        private static double perSide(double perPath) {
            return 1 - Math.sqrt(1 - perPath);
        }
    }

    /** Which way the payload goes. */
    enum Direction { REQUEST, REPLY }

    private RxNet net;
    private RxEndpoint server;
    private RxEndpoint client;
    private long seed;

    private void startPair(Condition c, int testIndex) throws IOException {
        seed = SEED + 16L * c.ordinal() + 2L * testIndex;
        net = RxNet.create();
        InetSocketAddress lo = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        server = net.bind(EndpointOptions.of(lo).withFaults(c.loss, c.duplicate, c.reorder, seed));
        server.serve(SERVICE, ServiceOptions.defaults().withMaxConcurrentCalls(2 * CONCURRENT_CALLS)
                .withBacklog(2 * CONCURRENT_CALLS), new DigestService());
        client = net.bind(EndpointOptions.of(lo).withFaults(c.loss, c.duplicate, c.reorder, seed + 1));
    }

    @AfterEach
    void noCallIsLeftLiveOnEitherSide() throws InterruptedException {
        if (net == null) {
            return;
        }
        try {
            // a server call ends when the client's last ACK arrives, which loss may delay
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while ((client.liveCalls() != 0 || server.liveCalls() != 0) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(client.liveCalls()).as("live client calls (seed %d)", seed).isZero();
            assertThat(server.liveCalls()).as("live server calls (seed %d)", seed).isZero();
        } finally {
            net.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Condition.class)
    void everySizeInBothDirectionsArrivesIntact(Condition condition) throws Exception {
        startPair(condition, 0);
        transferConcurrently(LongStream.of(SIZES).filter(n -> n <= condition.maxSize).toArray());
        assertFaultsWereInjected(condition);
    }

    /**
     * 1 MiB and 16 MiB at 10 % loss. Excluded by default: over real UDP the engine recovers
     * most of these losses by RTO (200 ms and more) rather than fast retransmit, and a 1 MiB
     * transfer takes 10-25 s and the four transfers of this test took 465 s (measured on the
     * shared 2-core machine), far beyond the class's time budget. Run with {@code -Drxrpc4j.interop.slow=true}.
     */
    @Test
    @EnabledIfSystemProperty(named = "rxrpc4j.interop.slow", matches = "true")
    @Timeout(value = 20, unit = TimeUnit.MINUTES)
    void largeTransfersAtTenPercentLoss() throws Exception {
        startPair(Condition.LOSS_10_DUP_5_REORDER_5, 2);
        transferConcurrently(new long[] {MIB, 16 * MIB}, Duration.ofMinutes(15));
        assertFaultsWereInjected(Condition.LOSS_10_DUP_5_REORDER_5);
    }

    private void transferConcurrently(long[] sizes) throws Exception {
        transferConcurrently(sizes, CALL_TIMEOUT);
    }

    /** Runs one transfer per size and direction, all at once, each on a thread of its own. */
    private void transferConcurrently(long[] sizes, Duration timeout) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(2 * sizes.length);
        try {
            List<CompletableFuture<Void>> transfers = new ArrayList<>();
            for (long size : sizes) {
                for (Direction d : Direction.values()) {
                    long contentSeed = seed * 31 + size * 2 + d.ordinal();
                    transfers.add(CompletableFuture.runAsync(() -> transfer(size, d, contentSeed, timeout), threads));
                }
            }
            CompletableFuture.allOf(transfers.toArray(CompletableFuture[]::new)).get(timeout.toSeconds() + 5,
                    TimeUnit.SECONDS);
        } finally {
            threads.shutdownNow();
        }
    }

    /** One streaming call that moves {@code size} bytes one way and checks them by digest. */
    private void transfer(long size, Direction d, long contentSeed, Duration timeout) {
        String what = d + " " + size + " B (fault seed " + seed + ")";
        try (RxCall call = client.newCall(server.localAddress(), SERVICE, CallOptions.defaults()
                .withTimeout(timeout))) {
            byte[] buf = new byte[Payload.CHUNK];
            if (d == Direction.REQUEST) {
                call.write(DigestService.header(0, 0));
                Payload p = new Payload(contentSeed, size);
                int n;
                while ((n = p.next(buf)) > 0) {
                    call.write(buf, 0, n);
                }
            } else {
                call.write(DigestService.header(size, contentSeed));
            }
            call.finishSending();

            byte[] digest = new byte[DigestService.DIGEST];
            call.readFully(digest);
            MessageDigest md = Payload.sha256();
            long received = 0;
            int n;
            while ((n = call.read(buf)) >= 0) {
                md.update(buf, 0, n);
                received += n;
            }
            call.awaitSuccess();
            if (d == Direction.REQUEST) {
                assertThat(digest).as("server's digest of " + what).isEqualTo(Payload.digest(contentSeed, size));
                assertThat(received).as("reply bytes of " + what).isZero();
            } else {
                assertThat(digest).as("server's digest of the empty request of " + what)
                        .isEqualTo(Payload.digest(0, 0));
                assertThat(received).as("bytes of " + what).isEqualTo(size);
                assertThat(md.digest()).as("digest of " + what).isEqualTo(Payload.digest(contentSeed, size));
            }
        } catch (IOException e) {
            throw new AssertionError(what + " failed: " + e, e);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Condition.class)
    void twoHundredFiftyConcurrentCallsAllSucceed(Condition condition) throws Exception {
        startPair(condition, 1);
        List<CompletableFuture<Void>> calls = new ArrayList<>();
        for (int i = 0; i < CONCURRENT_CALLS; i++) {
            // mixed small sizes, 0 to about two DATA packets each way, as in ConcurrentCallsSimTest
            int requestBytes = (i * 37) % 3000;
            int replyBytes = (i * 53) % 3000;
            long contentSeed = seed * 1000 + i;
            byte[] payload = Payload.bytes(contentSeed, requestBytes);
            byte[] request = new byte[DigestService.HEADER + requestBytes];
            System.arraycopy(DigestService.header(replyBytes, ~contentSeed), 0, request, 0, DigestService.HEADER);
            System.arraycopy(payload, 0, request, DigestService.HEADER, requestBytes);
            String what = "call " + i + " (" + requestBytes + " B / " + replyBytes + " B, fault seed " + seed + ")";
            calls.add(client.call(server.localAddress(), SERVICE, request, CallOptions.defaults()
                    .withTimeout(CALL_TIMEOUT).withUserCallId(i)).thenAccept(reply -> {
                        assertThat(reply).as(what).hasSize(DigestService.DIGEST + replyBytes);
                        assertThat(Arrays.copyOf(reply, DigestService.DIGEST)).as(what)
                                .isEqualTo(Payload.sha256().digest(payload));
                        assertThat(Arrays.copyOfRange(reply, DigestService.DIGEST, reply.length)).as(what)
                                .isEqualTo(Payload.bytes(~contentSeed, replyBytes));
                    }));
        }
        CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get(CALL_TIMEOUT.toSeconds(),
                TimeUnit.SECONDS);
        assertFaultsWereInjected(condition);
    }

    private void assertFaultsWereInjected(Condition c) {
        Map<String, Long> cc = client.counters();
        Map<String, Long> sc = server.counters();
        if (c.loss > 0) {
            assertThat(cc.getOrDefault("FAULT_DROPPED", 0L) + sc.getOrDefault("FAULT_DROPPED", 0L))
                    .as("datagrams the injector dropped").isPositive();
            assertThat(cc.getOrDefault("FAULT_DUPLICATED", 0L) + sc.getOrDefault("FAULT_DUPLICATED", 0L))
                    .as("datagrams the injector duplicated").isPositive();
        } else {
            assertThat(cc).doesNotContainKey("FAULT_DROPPED");
            assertThat(sc).doesNotContainKey("FAULT_DROPPED");
        }
    }
}
