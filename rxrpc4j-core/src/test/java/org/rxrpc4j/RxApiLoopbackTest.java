package org.rxrpc4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rxrpc4j.config.RxConfig;
import org.rxrpc4j.wire.AbortCodes;

/** The public API over real loopback UDP: whole and streaming calls, aborts, timeouts, close. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RxApiLoopbackTest {

    static final int ECHO = 4000;
    static final int ABORTER = 4001;
    static final int SILENT = 4002;
    static final int STREAMER = 4003;

    private RxNet net;
    private RxEndpoint server;
    private RxEndpoint client;
    private final CountDownLatch silentRelease = new CountDownLatch(1);

    @BeforeEach
    void start() throws IOException {
        net = RxNet.create();
        InetSocketAddress lo = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        server = net.bind(lo);
        server.serve(ECHO, call -> call.write(call.readAll(64 << 20)));
        server.serve(ABORTER, call -> {
            call.skipAll();
            throw new RxAbortException(267268, "no such user");
        });
        server.serve(SILENT, call -> {
            call.skipAll();
            silentRelease.await(30, TimeUnit.SECONDS);
        });
        // the request is an 8-byte count; the reply is that many pseudo-random bytes
        server.serve(STREAMER, call -> {
            byte[] n = new byte[8];
            call.readFully(n);
            long count = java.nio.ByteBuffer.wrap(n).getLong();
            SplittableRandom r = new SplittableRandom(count);
            byte[] chunk = new byte[10_000];
            for (long sent = 0; sent < count; sent += chunk.length) {
                int len = (int) Math.min(chunk.length, count - sent);
                fill(r, chunk, len);
                call.write(chunk, 0, len);
            }
        });
        client = net.bind(lo);
    }

    @AfterEach
    void stop() {
        silentRelease.countDown();
        net.close();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 1411, 1412, 1413, 100_000, 5_000_000})
    void wholeCallEchoesEveryByte(int size) throws Exception {
        byte[] req = new byte[size];
        fill(new SplittableRandom(size), req, size);
        byte[] reply = client.call(server.localAddress(), ECHO, req).get(30, TimeUnit.SECONDS);
        assertThat(reply).isEqualTo(req);
        assertThat(client.liveCalls()).isZero();
    }

    @Test
    void streamingCallReceivesALongReplyInOrder() throws Exception {
        long count = 20_000_000;
        try (RxCall call = client.newCall(server.localAddress(), STREAMER, CallOptions.defaults().withUserCallId(7))) {
            call.write(java.nio.ByteBuffer.allocate(8).putLong(0, count).array());
            call.finishSending();
            SplittableRandom r = new SplittableRandom(count);
            byte[] buf = new byte[7_777];
            byte[] expect = new byte[buf.length];
            long got = 0;
            int n;
            while ((n = call.read(buf, 0, buf.length)) >= 0) {
                fill(r, expect, n);
                assertThat(Arrays.equals(buf, 0, n, expect, 0, n)).as("bytes at %d", got).isTrue();
                got += n;
            }
            assertThat(got).isEqualTo(count);
            assertThat(call.awaitCompletion().succeeded()).isTrue();
            assertThat(call.userCallId()).isEqualTo(7);
        }
    }

    @Test
    void streamingRequestAndReplyViaStreams() throws Exception {
        byte[] req = new byte[3_000_000];
        fill(new SplittableRandom(3), req, req.length);
        try (RxCall call = client.newCall(server.localAddress(), ECHO)) {
            try (var out = call.outputStream()) {
                for (int off = 0; off < req.length; off += 65_536) {
                    out.write(req, off, Math.min(65_536, req.length - off));
                }
            }
            byte[] reply = call.inputStream().readAllBytes();
            assertThat(MessageDigest.getInstance("SHA-256").digest(reply))
                    .isEqualTo(MessageDigest.getInstance("SHA-256").digest(req));
            call.awaitSuccess();
        }
    }

    @Test
    void serverAbortCodeReachesTheClient() {
        CompletableFuture<byte[]> f = client.call(server.localAddress(), ABORTER, new byte[] {1, 2, 3});
        assertThatThrownBy(() -> f.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOfSatisfying(RxRemoteAbortException.class, e -> {
                    assertThat(e.abortCode()).isEqualTo(267268);
                    assertThat(e.type()).isEqualTo(RxCompletion.Type.REMOTELY_ABORTED);
                });
    }

    @Test
    void streamingReadThrowsTheRemoteAbort() throws Exception {
        try (RxCall call = client.newCall(server.localAddress(), ABORTER)) {
            call.finishSending();
            assertThatThrownBy(() -> call.read(new byte[10])).isInstanceOfSatisfying(RxRemoteAbortException.class,
                    e -> assertThat(e.abortCode()).isEqualTo(267268));
            assertThat(call.awaitCompletion().type()).isEqualTo(RxCompletion.Type.REMOTELY_ABORTED);
        }
    }

    @Test
    void unknownServiceIsAbortedWithInvalidOperation() {
        CompletableFuture<byte[]> f = client.call(server.localAddress(), 4999, new byte[4]);
        assertThatThrownBy(() -> f.get(10, TimeUnit.SECONDS)).cause()
                .isInstanceOfSatisfying(RxRemoteAbortException.class,
                        e -> assertThat(e.abortCode()).isEqualTo(AbortCodes.RX_INVALID_OPERATION));
    }

    @Test
    void hardTimeoutAbortsACallTheServerNeverAnswers() {
        long start = System.nanoTime();
        CompletableFuture<byte[]> f = client.call(server.localAddress(), SILENT, new byte[4],
                CallOptions.defaults().withTimeout(Duration.ofMillis(500)));
        assertThatThrownBy(() -> f.get(10, TimeUnit.SECONDS)).cause()
                .isInstanceOfSatisfying(RxTimeoutException.class,
                        e -> assertThat(e.abortCode()).isEqualTo(AbortCodes.RX_CALL_TIMEOUT));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void callToAPortWithNobodyFailsWithANetworkError() throws Exception {
        RxConfig quick = RxConfig.defaults().withNormalTimeout(Duration.ofSeconds(2));
        RxEndpoint lonely = net.bind(EndpointOptions.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .withConfig(quick));
        RxEndpoint nobody = net.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        InetSocketAddress dead = nobody.localAddress();
        nobody.close();
        CompletableFuture<byte[]> f = lonely.call(dead, ECHO, new byte[4]);
        assertThatThrownBy(() -> f.get(20, TimeUnit.SECONDS)).cause().isInstanceOf(RxCallException.class)
                .satisfies(e -> assertThat(((RxCallException) e).type()).isEqualTo(RxCompletion.Type.NETWORK_ERROR));
    }

    @Test
    void ipv6EndpointsCallEachOther() throws Exception {
        InetSocketAddress v6 = new InetSocketAddress(InetAddress.getByName("::1"), 0);
        RxEndpoint server6 = net.bind(v6);
        server6.serve(ECHO, call -> call.write(call.readAll(1 << 20)));
        RxEndpoint client6 = net.bind(v6);
        assertThat(server6.localAddress().getAddress()).isInstanceOf(java.net.Inet6Address.class);
        byte[] req = new byte[50_000];
        fill(new SplittableRandom(6), req, req.length);
        assertThat(client6.call(server6.localAddress(), ECHO, req).get(10, TimeUnit.SECONDS)).isEqualTo(req);
    }

    @Test
    void bindsAGivenPortAndRefusesATakenOne() throws Exception {
        InetSocketAddress taken = server.localAddress();
        assertThatThrownBy(() -> net.bind(taken)).isInstanceOf(IOException.class);
        RxEndpoint again = net.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        int port = again.localAddress().getPort();
        again.close();
        RxEndpoint fixed = net.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        assertThat(fixed.localAddress().getPort()).isEqualTo(port);
        assertThat(client.call(fixed.localAddress(), 1, new byte[0]).handle((r, e) -> e).get(10, TimeUnit.SECONDS))
                .isInstanceOf(RxRemoteAbortException.class);
    }

    @Test
    void aThousandConcurrentWholeCalls() throws Exception {
        List<CompletableFuture<byte[]>> all = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            all.add(client.call(server.localAddress(), ECHO, ("call " + i).getBytes()));
        }
        for (int i = 0; i < all.size(); i++) {
            assertThat(new String(all.get(i).get(30, TimeUnit.SECONDS))).isEqualTo("call " + i);
        }
    }

    @Test
    void lossyLinkStillDeliversEveryByte() throws Exception {
        RxEndpoint lossy = net.bind(EndpointOptions.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .withFaults(0.05, 0.02, 0.02, 42));
        byte[] req = new byte[2_000_000];
        fill(new SplittableRandom(9), req, req.length);
        assertThat(lossy.call(server.localAddress(), ECHO, req).get(30, TimeUnit.SECONDS)).isEqualTo(req);
        assertThat(lossy.counters()).containsKey("FAULT_DROPPED");
    }

    @Test
    void closingTheNetEndsRunningCalls() throws Exception {
        RxCall call = client.newCall(server.localAddress(), SILENT);
        call.write(new byte[10]);
        call.finishSending();
        net.close();
        RxCompletion c = call.awaitCompletion(Duration.ofSeconds(10));
        assertThat(c).isNotNull();
        assertThat(c.type()).isEqualTo(RxCompletion.Type.LOCAL_ERROR);
        assertThatThrownBy(() -> client.newCall(server.localAddress(), ECHO).awaitSuccess())
                .isInstanceOf(RxCallException.class);
    }

    @Test
    void apiMisuseGetsClearExceptions() throws Exception {
        assertThatThrownBy(() -> client.newCall(server.localAddress(), 70_000))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("service ID");
        assertThatThrownBy(() -> server.serve(ECHO, c -> { }))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("already");
        try (RxCall call = client.newCall(server.localAddress(), ECHO, CallOptions.defaults().withTransmitLength(4))) {
            assertThatThrownBy(() -> call.write(new byte[5])).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("transmit length");
            call.write(new byte[4]);
            assertThatThrownBy(() -> call.write(new byte[1])).isInstanceOf(IllegalStateException.class);
            assertThat(call.readAll(100)).hasSize(4);
        }
    }

    static void fill(SplittableRandom r, byte[] b, int len) {
        for (int i = 0; i < len; i++) {
            b[i] = (byte) r.nextInt(256);
        }
    }
}
