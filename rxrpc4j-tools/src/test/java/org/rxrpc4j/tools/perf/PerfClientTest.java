package org.rxrpc4j.tools.perf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.rxrpc4j.EndpointOptions;
import org.rxrpc4j.RxEndpoint;
import org.rxrpc4j.RxNet;

/** Our client against our server, in-process over loopback, in every mode. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PerfClientTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private RxNet net;
    private RxEndpoint server;
    private RxEndpoint client;
    private final AtomicInteger rejected = new AtomicInteger();

    @BeforeEach
    void start() throws IOException {
        net = RxNet.create();
        server = net.bind(EndpointOptions.of(loopback()));
        PerfService.serveOn(server, line -> rejected.incrementAndGet());
        client = net.bind(EndpointOptions.of(loopback()));
    }

    @AfterEach
    void stop() {
        net.close();
    }

    private static InetSocketAddress loopback() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    }

    private PerfResult run(RxEndpoint from, InetSocketAddress to, PerfRequest r, int threads, int calls)
            throws Exception {
        return new PerfClient(from, to).run(new PerfPlan(r, threads, calls, TIMEOUT));
    }

    @ParameterizedTest
    @EnumSource(PerfMode.class)
    void everyModeMovesExactlyWhatItAsks(PerfMode mode) throws Exception {
        PerfRequest r = PerfRequest.of(mode, 300_000, 4_000, 40_000, 65_536);
        PerfClient c = new PerfClient(client, server.localAddress());
        PerfResult res = c.run(new PerfPlan(r, 3, 4, TIMEOUT));
        assertThat(res.calls()).isEqualTo(12);
        assertThat(res.bytes()).isEqualTo(12 * r.payloadBytes());
        assertThat(c.callsDone()).isEqualTo(12);
        assertThat(c.bytesDone()).isEqualTo(12 * r.payloadBytes());
        assertThat(res.latencyNs().getTotalCount()).isEqualTo(12);
        assertThat(res.latencyMicros(50)).isPositive().isLessThanOrEqualTo(res.maxLatencyMicros());
        assertThat(res.nanos()).isGreaterThanOrEqualTo(res.latencyNs().getMaxValue() / 2);
        assertThat(rejected).hasValue(0);
    }

    @Test
    void zeroByteCallsWork() throws Exception {
        assertThat(run(client, server.localAddress(), PerfRequest.of(PerfMode.RPC, 0, 0, 0, 4), 2, 5).calls())
                .isEqualTo(10);
        assertThat(run(client, server.localAddress(), PerfRequest.of(PerfMode.SEND, 0, 0, 0, 4), 1, 3).bytes())
                .isZero();
    }

    @Test
    void survivesLossDuplicationAndReordering() throws Exception {
        RxEndpoint lossy = net.bind(EndpointOptions.of(loopback()).withFaults(0.05, 0.02, 0.05, 42));
        PerfResult res = run(lossy, server.localAddress(), PerfRequest.of(PerfMode.RPC, 0, 20_000, 20_000, 4096),
                2, 10);
        assertThat(res.calls()).isEqualTo(20);
        assertThat(lossy.counters()).isNotEmpty();
    }

    @Test
    void aServerAbortStopsTheRunNamingTheCall() {
        PerfRequest bad = PerfRequest.of(PerfMode.SEND, 10, 0, 0, 524_288);
        // a server that aborts every call, on the rxperf service of another endpoint
        RxEndpoint aborter = bindServing(call -> {
            call.skipAll();
            throw new org.rxrpc4j.RxAbortException(12345, "refused");
        });
        assertThatThrownBy(() -> run(client, aborter.localAddress(), bad, 1, 3))
                .isInstanceOfSatisfying(PerfFailure.class, f -> {
                    assertThat(f.kind()).isEqualTo(PerfFailure.Kind.ABORTED);
                    assertThat(f.abortCode()).isEqualTo(12345);
                    assertThat(f.getMessage()).startsWith("thread 0, call 1: the server aborted the call with 12345");
                });
    }

    @Test
    void aWrongCookieOrLengthIsABadReply() {
        RxEndpoint liar = bindServing(call -> {
            call.skipAll();
            call.write(ByteBuffer.allocate(4).putInt(0x4712).array());
        });
        assertThatThrownBy(() -> run(client, liar.localAddress(), PerfRequest.of(PerfMode.SEND, 8, 0, 0, 4), 1, 1))
                .isInstanceOfSatisfying(PerfFailure.class, f -> {
                    assertThat(f.kind()).isEqualTo(PerfFailure.Kind.BAD_REPLY);
                    assertThat(f.getMessage()).isEqualTo("thread 0, call 1: reply cookie is 0x00004712, not 0x00004711");
                });
        RxEndpoint longer = bindServing(call -> {
            call.skipAll();
            call.write(new byte[] {0, 0, 0x47, 0x11, 0});
        });
        assertThatThrownBy(() -> run(client, longer.localAddress(), PerfRequest.of(PerfMode.SEND, 8, 0, 0, 4), 1, 1))
                .hasMessageEndingWith("reply longer than requested");
        RxEndpoint shorter = bindServing(call -> {
            call.skipAll();
            call.write(new byte[10]);
        });
        assertThatThrownBy(() -> run(client, shorter.localAddress(), PerfRequest.of(PerfMode.RECV, 100, 0, 0, 4), 1, 1))
                .hasMessageEndingWith("reply data shorter than requested (10 of 100 bytes)");
    }

    @Test
    void anEndpointWithoutRxperfAnswersWithAnAbort() throws Exception {
        RxEndpoint other = net.bind(EndpointOptions.of(loopback()));
        other.serve(52, call -> call.skipAll());
        assertThatThrownBy(() -> run(client, other.localAddress(), PerfRequest.of(PerfMode.RPC, 0, 3, 30, 4), 1, 1))
                .isInstanceOfSatisfying(PerfFailure.class, f -> assertThat(f.kind()).isEqualTo(PerfFailure.Kind.ABORTED));
    }

    private RxEndpoint bindServing(org.rxrpc4j.RxServiceHandler handler) {
        try {
            RxEndpoint e = net.bind(EndpointOptions.of(loopback()));
            e.serve(PerfProtocol.SERVICE_ID, handler);
            return e;
        } catch (IOException ex) {
            throw new java.io.UncheckedIOException(ex);
        }
    }
}
