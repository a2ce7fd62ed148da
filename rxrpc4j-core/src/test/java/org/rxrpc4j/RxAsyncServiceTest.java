package org.rxrpc4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Services served on the I/O thread ({@link RxEndpoint#serveAsync}) over real loopback UDP. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RxAsyncServiceTest {

    static final int ECHO = 5000;
    static final int SOURCE = 5001;

    private RxNet net;
    private RxEndpoint server;
    private RxEndpoint client;
    private final AtomicReference<RxAsyncCall> escaped = new AtomicReference<>();

    /** Collects the request, then sends it back as space allows. */
    static final class Echo implements RxAsyncCall.Listener {
        private final java.io.ByteArrayOutputStream got = new java.io.ByteArrayOutputStream();
        private ByteBuffer reply;

        @Override
        public void onReadable(RxAsyncCall call) {
            ByteBuffer b = ByteBuffer.allocate(8192);
            int n;
            while ((n = call.read(b.clear())) > 0) {
                got.write(b.array(), 0, n);
            }
            if (n < 0 && reply == null) {
                reply = ByteBuffer.wrap(got.toByteArray());
                onWritable(call);
            }
        }

        @Override
        public void onWritable(RxAsyncCall call) {
            if (reply != null && call.sendSpace() > 0) {
                call.send(reply, true);
            }
        }
    }

    /** Replies with as many pseudo-random bytes as the 8-byte request asks for, streaming. */
    static final class Source implements RxAsyncCall.Listener {
        private long left = -1;
        private SplittableRandom random;
        private final ByteBuffer head = ByteBuffer.allocate(8);

        @Override
        public void onReadable(RxAsyncCall call) {
            if (call.read(head) >= 0 && !head.hasRemaining() && left < 0) {
                left = head.getLong(0);
                random = new SplittableRandom(left);
            }
            if (call.requestComplete() && left >= 0) {
                onWritable(call);
            }
        }

        @Override
        public void onWritable(RxAsyncCall call) {
            while (left >= 0 && call.sendSpace() > 0) {
                int n = (int) Math.min(Math.min(call.sendSpace(), 16_384), left);
                byte[] chunk = new byte[n];
                RxApiLoopbackTest.fill(random, chunk, n);
                ByteBuffer b = ByteBuffer.wrap(chunk);
                call.send(b, n == left);
                left -= n - b.remaining();
                if (left == 0) {
                    left = -2;
                    return;
                }
            }
        }
    }

    @BeforeEach
    void start() throws IOException {
        net = RxNet.create();
        InetSocketAddress lo = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        server = net.bind(lo);
        server.serveAsync(ECHO, ServiceOptions.defaults(), call -> {
            escaped.set(call);
            return new Echo();
        });
        server.serveAsync(SOURCE, ServiceOptions.defaults(), call -> new Source());
        client = net.bind(lo);
    }

    @AfterEach
    void stop() {
        net.close();
    }

    @Test
    void echoesRequestsOfEverySize() throws Exception {
        for (int size : new int[] {0, 1, 1412, 1413, 300_000, 3_000_000}) {
            byte[] req = new byte[size];
            RxApiLoopbackTest.fill(new SplittableRandom(size), req, size);
            assertThat(client.call(server.localAddress(), ECHO, req).get(30, TimeUnit.SECONDS)).as("size %d", size)
                    .isEqualTo(req);
        }
    }

    @Test
    void streamsALongReplyUnderFlowControl() throws Exception {
        long count = 20_000_000;
        try (RxCall call = client.newCall(server.localAddress(), SOURCE)) {
            call.write(ByteBuffer.allocate(8).putLong(0, count).array());
            call.finishSending();
            SplittableRandom r = new SplittableRandom(count);
            byte[] buf = new byte[65_536];
            byte[] expect = new byte[buf.length];
            long got = 0;
            int n;
            while ((n = call.read(buf, 0, buf.length)) >= 0) {
                RxApiLoopbackTest.fill(r, expect, n);
                assertThat(java.util.Arrays.equals(buf, 0, n, expect, 0, n)).as("bytes at %d", got).isTrue();
                got += n;
            }
            assertThat(got).isEqualTo(count);
            call.awaitSuccess();
        }
    }

    @Test
    void manyConcurrentCalls() throws Exception {
        List<CompletableFuture<byte[]>> all = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            all.add(client.call(server.localAddress(), ECHO, ("c" + i).getBytes()));
        }
        for (int i = 0; i < all.size(); i++) {
            assertThat(new String(all.get(i).get(30, TimeUnit.SECONDS))).isEqualTo("c" + i);
        }
        // the server's last calls end when the client's terminal ACKs arrive, just after
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while ((server.liveCalls() > 0 || client.liveCalls() > 0) && System.nanoTime() - until < 0) {
            TimeUnit.MILLISECONDS.sleep(10);
        }
        assertThat(server.liveCalls()).isZero();
        assertThat(client.liveCalls()).isZero();
    }

    @Test
    void usingACallOffItsIoThreadIsRefused() throws Exception {
        client.call(server.localAddress(), ECHO, new byte[1]).get(10, TimeUnit.SECONDS);
        RxAsyncCall call = escaped.get();
        assertThatThrownBy(() -> call.read(ByteBuffer.allocate(4))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("I/O thread");
        assertThatThrownBy(() -> call.abort(1)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aServiceThatThrowsAbortsTheCall() throws Exception {
        server.serveAsync(5002, ServiceOptions.defaults(), call -> {
            throw new IllegalStateException("boom");
        });
        assertThat(client.call(server.localAddress(), 5002, new byte[3]).handle((r, e) -> e).get(10, TimeUnit.SECONDS))
                .isInstanceOfSatisfying(RxRemoteAbortException.class,
                        e -> assertThat(e.abortCode()).isEqualTo(org.rxrpc4j.wire.AbortCodes.RX_USER_ABORT));
    }
}
