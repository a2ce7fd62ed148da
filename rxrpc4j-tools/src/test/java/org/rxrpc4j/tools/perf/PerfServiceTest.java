package org.rxrpc4j.tools.perf;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rxrpc4j.CallOptions;
import org.rxrpc4j.EndpointOptions;
import org.rxrpc4j.RxEndpoint;
import org.rxrpc4j.RxNet;
import org.rxrpc4j.RxRemoteAbortException;

/** The server's checks over real loopback calls: each malformed request gets its abort code. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PerfServiceTest {

    private RxNet net;
    private RxEndpoint client;
    private InetSocketAddress server;
    private final List<String> rejections = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        net = RxNet.create();
        InetSocketAddress lo = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        RxEndpoint s = net.bind(EndpointOptions.of(lo));
        PerfService.serveOn(s, rejections::add);
        server = s.localAddress();
        client = net.bind(EndpointOptions.of(lo));
    }

    @AfterEach
    void stop() {
        net.close();
    }

    private static byte[] words(long... w) {
        ByteBuffer b = ByteBuffer.allocate(4 * w.length);
        for (long v : w) {
            b.putInt((int) v);
        }
        return b.array();
    }

    private static byte[] concat(byte[] a, int zeros) {
        byte[] r = new byte[a.length + zeros];
        System.arraycopy(a, 0, r, 0, a.length);
        return r;
    }

    private byte[] call(byte[] request) throws Exception {
        return client.call(server, PerfProtocol.SERVICE_ID, request,
                CallOptions.defaults().withTimeout(Duration.ofSeconds(20))).get(30, TimeUnit.SECONDS);
    }

    private int abortCodeOf(byte[] request) throws Exception {
        try {
            byte[] reply = call(request);
            throw new AssertionError("expected an abort, got a reply of " + reply.length + " bytes");
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(RxRemoteAbortException.class);
            return ((RxRemoteAbortException) e.getCause()).abortCode();
        }
    }

    @Test
    void answersSendWithTheCookieOnly() throws Exception {
        assertThat(call(concat(words(3, 0, 0, 0, 5000), 5000))).isEqualTo(words(0x4711));
    }

    @Test
    void answersRecvWithZerosAndTheCookie() throws Exception {
        byte[] reply = call(words(3, 1, 0, 1000, 70_001));
        assertThat(reply).hasSize(70_005);
        assertThat(ByteBuffer.wrap(reply, 70_001, 4).getInt()).isEqualTo(0x4711);
        for (int i = 0; i < 70_001; i++) {
            assertThat(reply[i]).isZero();
        }
    }

    @Test
    void answersRpcAndFileWithTheRequestedSizes() throws Exception {
        byte[] rpc = call(concat(words(3, 3, 524_288, 524_288, 3, 30), 3));
        assertThat(rpc).hasSize(34);
        assertThat(ByteBuffer.wrap(rpc, 30, 4).getInt()).isEqualTo(0x4711);
        assertThat(call(concat(words(3, 3, 0, 0, 0, 0), 0))).isEqualTo(words(0x4711));
        // FILE: read 2 words, turn round, write 3 words; no cookie
        assertThat(call(concat(words(3, 4, 0, 0, 3, 2, 0, 3), 8))).isEqualTo(new byte[12]);
        assertThat(rejections).isEmpty();
    }

    @Test
    void versionOtherThanThreeIsUserAbort() throws Exception {
        assertThat(abortCodeOf(words(2, 0, 524_288, 524_288, 0))).isEqualTo(-6);
        assertThat(abortCodeOf(words(4, 3, 0, 0, 0, 0))).isEqualTo(-6);
        assertThat(rejections).hasSize(2).allMatch(l -> l.contains("aborted with -6: unsupported rxperf version"));
    }

    @Test
    void unknownOperationIsOpcode() throws Exception {
        assertThat(abortCodeOf(words(3, 9, 524_288, 524_288, 0))).isEqualTo(-455);
        assertThat(abortCodeOf(words(3, 2, 0, 0, 0))).isEqualTo(-455);
    }

    @Test
    void truncatedOrOversizedRequestsAreUnmarshalErrors() throws Exception {
        assertThat(abortCodeOf(words(3, 0))).as("cut inside the parameter block").isEqualTo(-453);
        assertThat(abortCodeOf(new byte[0])).as("empty").isEqualTo(-453);
        assertThat(abortCodeOf(words(3, 3, 0, 0, 5))).as("one of two size words").isEqualTo(-453);
        assertThat(abortCodeOf(words(3, 0, 1 << 20, 0, 0))).as("read chunk of 1 MiB").isEqualTo(-453);
        assertThat(abortCodeOf(words(3, 1, 0, 524_289, 4))).as("write chunk above 512 KiB").isEqualTo(-453);
        assertThat(abortCodeOf(concat(words(3, 0, 0, 0, 1000), 500))).as("shorter than announced").isEqualTo(-453);
        assertThat(abortCodeOf(concat(words(3, 0, 0, 0, 500), 1000))).as("longer than announced").isEqualTo(-453);
        assertThat(abortCodeOf(concat(words(3, 4, 0, 0, 4, 0, 1, 0, 1), 4))).as("script reads after writing")
                .isEqualTo(-453);
        assertThat(rejections).anyMatch(l -> l.endsWith("request data shorter than announced"))
                .anyMatch(l -> l.endsWith("request data longer than announced"))
                .anyMatch(l -> l.endsWith("parameter block truncated"));
    }

    @Test
    void versionIsCheckedBeforeTheOperationAndTheChunks() throws Exception {
        assertThat(abortCodeOf(words(2, 9, 1 << 20, 0))).isEqualTo(-6);
        assertThat(abortCodeOf(words(3, 9, 1 << 20, 0))).as("chunks before the operation").isEqualTo(-453);
    }
}
