package org.rxrpc4j.tools.perf;

import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import org.rxrpc4j.CallOptions;
import org.rxrpc4j.RxCall;
import org.rxrpc4j.RxCallException;
import org.rxrpc4j.RxEndpoint;
import org.rxrpc4j.RxNetworkException;
import org.rxrpc4j.RxRemoteAbortException;
import org.rxrpc4j.RxTimeoutException;
import org.rxrpc4j.wire.AbortCodes;

/**
 * The client side of rxperf: runs a {@link PerfPlan} against one server from one endpoint and
 * measures it. Every call sends the request prefix and payload (zeros), then reads the reply
 * and checks that it has exactly the requested length and ends with the cookie. The first
 * failing call stops the run.
 */
public final class PerfClient {

    /** Calls that send and receive at most this much go whole, with no streaming. */
    private static final long WHOLE_CALL_LIMIT = 1 << 20;
    /** How much longer than asked a whole call's reply may be, to report it as too long. */
    private static final int WHOLE_CALL_SLACK = 64 * 1024;

    private static final byte[] ZEROS = new byte[PerfProtocol.MAX_CHUNK];

    private final RxEndpoint endpoint;
    private final InetSocketAddress server;
    private final LongAdder callsDone = new LongAdder();
    private final LongAdder bytesDone = new LongAdder();

    /**
     * @param endpoint the endpoint the calls go out from
     * @param server the rxperf server's address
     */
    public PerfClient(RxEndpoint endpoint, InetSocketAddress server) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.server = Objects.requireNonNull(server, "server");
    }

    /** @return calls completed so far (for progress reports; safe from any thread) */
    public long callsDone() {
        return callsDone.sum();
    }

    /** @return payload bytes moved so far, calls in progress included */
    public long bytesDone() {
        return bytesDone.sum();
    }

    /**
     * Runs the plan and waits for it to end.
     *
     * @param plan what to run
     * @return the measurements
     * @throws PerfFailure if a call failed: the run stops at the first failure
     * @throws InterruptedException if this thread is interrupted
     */
    public PerfResult run(PerfPlan plan) throws PerfFailure, InterruptedException {
        byte[] whole = wholeRequest(plan.request(), plan.request().prefix());
        if (whole != null) {
            return runChained(plan, whole);
        }
        AtomicReference<PerfFailure> failure = new AtomicReference<>();
        List<Histogram> histograms = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < plan.threads(); i++) {
            Histogram h = new Histogram(3);
            histograms.add(h);
            int index = i;
            threads.add(new Thread(() -> worker(plan, index, h, failure), "rxperf-client-" + i));
        }
        long started = System.nanoTime();
        threads.forEach(Thread::start);
        try {
            for (Thread t : threads) {
                t.join();
            }
        } catch (InterruptedException e) {
            failure.compareAndSet(null, new PerfFailure(PerfFailure.Kind.LOCAL, 0, "interrupted"));
            threads.forEach(Thread::interrupt);
            throw e;
        }
        long elapsed = System.nanoTime() - started;
        if (failure.get() != null) {
            throw failure.get();
        }
        Histogram all = new Histogram(3);
        histograms.forEach(all::add);
        return new PerfResult(plan, plan.totalCalls(), plan.totalCalls() * plan.request().payloadBytes(),
                elapsed, all);
    }

    private void worker(PerfPlan plan, int index, Histogram latencies, AtomicReference<PerfFailure> failure) {
        byte[] prefix = plan.request().prefix();
        long replyPayload = plan.request().recvBytes();
        byte[] sink = new byte[(int) Math.max(8, Math.min(plan.request().readChunk(), replyPayload))];
        CallOptions options = CallOptions.defaults().withTimeout(plan.callTimeout())
                .withTransmitLength(plan.request().requestLength());
        for (long n = 1; n <= plan.callsPerThread() && failure.get() == null; n++) {
            long t0 = System.nanoTime();
            try {
                oneCall(plan.request(), prefix, options, sink);
            } catch (PerfFailure f) {
                failure.compareAndSet(null, new PerfFailure(f.kind(), f.abortCode(),
                        "thread " + index + ", call " + n + ": " + f.getMessage()));
                return;
            }
            latencies.recordValue(Math.max(1, System.nanoTime() - t0));
            callsDone.increment();
        }
    }

    /**
     * @return the whole request of a small call (prefix and payload), to send in one piece with
     *     the reply collected on the I/O thread; null for a call large enough to stream
     */
    private static byte[] wholeRequest(PerfRequest r, byte[] prefix) {
        if (r.sendBytes() > WHOLE_CALL_LIMIT || r.recvBytes() > WHOLE_CALL_LIMIT) {
            return null;
        }
        return Arrays.copyOf(prefix, prefix.length + (int) r.sendBytes()); // the payload is zeros
    }

    /**
     * Runs small calls as {@code threads} chains on the endpoint's I/O thread: each chain makes
     * its next call from the completion of the previous one, so at most {@code threads} calls are
     * outstanding and each chain's calls follow one another, as rxperf's threads' calls do, with
     * no application thread woken per call.
     */
    private PerfResult runChained(PerfPlan plan, byte[] request) throws PerfFailure, InterruptedException {
        PerfRequest r = plan.request();
        int expected = (int) r.recvBytes() + (r.mode().hasCookie() ? 4 : 0);
        CallOptions options = CallOptions.defaults().withTimeout(plan.callTimeout())
                .withMaxReplyBytes(expected + WHOLE_CALL_SLACK);
        Histogram latencies = new ConcurrentHistogram(3);
        CountDownLatch chainsDone = new CountDownLatch(plan.threads());
        AtomicReference<PerfFailure> failure = new AtomicReference<>();
        long started = System.nanoTime();
        for (int i = 0; i < plan.threads(); i++) {
            new Chain(i, plan, request, expected, options, latencies, chainsDone, failure).next();
        }
        chainsDone.await(); // every call has a hard timeout, so every chain ends
        long elapsed = System.nanoTime() - started;
        if (failure.get() != null) {
            throw failure.get();
        }
        return new PerfResult(plan, plan.totalCalls(), plan.totalCalls() * r.payloadBytes(), elapsed, latencies);
    }

    /** One sequence of calls, as one rxperf thread makes them. */
    private final class Chain {
        private final int index;
        private final PerfPlan plan;
        private final byte[] request;
        private final int expected;
        private final CallOptions options;
        private final Histogram latencies;
        private final CountDownLatch chainsDone;
        private final AtomicReference<PerfFailure> failure;
        private long made;
        private long startedNs;

        Chain(int index, PerfPlan plan, byte[] request, int expected, CallOptions options, Histogram latencies,
                CountDownLatch chainsDone, AtomicReference<PerfFailure> failure) {
            this.index = index;
            this.plan = plan;
            this.request = request;
            this.expected = expected;
            this.options = options;
            this.latencies = latencies;
            this.chainsDone = chainsDone;
            this.failure = failure;
        }

        void next() {
            if (failure.get() != null || made == plan.callsPerThread()) {
                chainsDone.countDown();
                return;
            }
            made++;
            startedNs = System.nanoTime();
            endpoint.call(server, PerfProtocol.SERVICE_ID, request, options).whenComplete(this::completed);
        }

        private void completed(byte[] reply, Throwable error) {
            PerfFailure f = error != null ? failureOf(error) : checkReply(plan.request(), reply, expected);
            if (f != null) {
                failure.compareAndSet(null, new PerfFailure(f.kind(), f.abortCode(),
                        "thread " + index + ", call " + made + ": " + f.getMessage()));
                chainsDone.countDown();
                return;
            }
            latencies.recordValue(Math.max(1, System.nanoTime() - startedNs));
            callsDone.increment();
            bytesDone.add(plan.request().sendBytes() + plan.request().recvBytes());
            next();
        }

        private PerfFailure failureOf(Throwable error) {
            Throwable e = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                    ? error.getCause() : error;
            if (e instanceof RxCallException c) {
                return describe(c, "receiving the reply", options);
            }
            return new PerfFailure(PerfFailure.Kind.LOCAL, 0, "receiving the reply: " + e);
        }
    }

    /** @return why a whole reply is wrong, or null if it is the reply asked for */
    private static PerfFailure checkReply(PerfRequest r, byte[] reply, int expected) {
        if (reply.length < expected) {
            return badReply(r.mode().hasCookie() && reply.length >= r.recvBytes() ? "reply ended before the cookie"
                    : "reply data shorter than requested (" + reply.length + " of " + r.recvBytes() + " bytes)");
        }
        if (reply.length > expected) {
            return badReply("reply longer than requested");
        }
        if (r.mode().hasCookie()) {
            int cookie = ByteBuffer.wrap(reply, expected - 4, 4).getInt();
            if (cookie != PerfProtocol.COOKIE) {
                return badReply(String.format("reply cookie is 0x%08x, not 0x%08x", cookie, PerfProtocol.COOKIE));
            }
        }
        return null;
    }

    private void oneCall(PerfRequest r, byte[] prefix, CallOptions options, byte[] sink) throws PerfFailure {
        String stage = "sending the request";
        try (RxCall call = endpoint.newCall(server, PerfProtocol.SERVICE_ID, options)) {
            call.write(prefix);
            for (long left = r.sendBytes(); left > 0; ) {
                int n = (int) Math.min(r.writeChunk(), left);
                call.write(ZEROS, 0, n);
                left -= n;
                bytesDone.add(n);
            }
            call.finishSending();
            stage = "receiving the reply";
            for (long left = r.recvBytes(); left > 0; ) {
                int n = call.read(sink, 0, (int) Math.min(sink.length, left));
                if (n < 0) {
                    throw badReply("reply data shorter than requested (" + (r.recvBytes() - left) + " of "
                            + r.recvBytes() + " bytes)");
                }
                left -= n;
                bytesDone.add(n);
            }
            if (r.mode().hasCookie()) {
                byte[] cookie = new byte[4];
                try {
                    call.readFully(cookie);
                } catch (EOFException e) {
                    throw badReply("reply ended before the cookie");
                }
                if (ByteBuffer.wrap(cookie).getInt() != PerfProtocol.COOKIE) {
                    throw badReply(String.format("reply cookie is 0x%08x, not 0x%08x",
                            ByteBuffer.wrap(cookie).getInt(), PerfProtocol.COOKIE));
                }
            }
            if (call.read(sink, 0, 1) >= 0) {
                throw badReply("reply longer than requested");
            }
            stage = "ending the call";
            call.awaitSuccess();
        } catch (RxCallException e) {
            throw describe(e, stage, options);
        } catch (InterruptedIOException e) {
            Thread.currentThread().interrupt();
            throw new PerfFailure(PerfFailure.Kind.LOCAL, 0, "interrupted");
        } catch (IOException e) {
            throw new PerfFailure(PerfFailure.Kind.LOCAL, 0, stage + ": " + e.getMessage());
        }
    }

    private static PerfFailure badReply(String why) {
        return new PerfFailure(PerfFailure.Kind.BAD_REPLY, 0, why);
    }

    private PerfFailure describe(RxCallException e, String stage, CallOptions options) {
        if (e instanceof RxRemoteAbortException) {
            String name = AbortCodes.name(e.abortCode());
            return new PerfFailure(PerfFailure.Kind.ABORTED, e.abortCode(), "the server aborted the call with "
                    + e.abortCode() + (name == null ? "" : " (" + name + ")") + " while " + stage);
        }
        if (e instanceof RxTimeoutException) {
            return new PerfFailure(PerfFailure.Kind.NO_ANSWER, e.abortCode(), "the call to " + address()
                    + " did not finish within its " + options.timeout().toMillis() / 1000.0 + " s timeout while "
                    + stage + " (a silent server, or a slow network: see --timeout)");
        }
        if (e instanceof RxNetworkException) {
            return new PerfFailure(PerfFailure.Kind.NO_ANSWER, e.abortCode(), "cannot reach " + address()
                    + " while " + stage + " (" + e.completion().detail() + "); is an rxperf server listening there?");
        }
        return new PerfFailure(PerfFailure.Kind.LOCAL, e.abortCode(), stage + ": " + e.getMessage());
    }

    private String address() {
        return server.getAddress().getHostAddress() + ":" + server.getPort();
    }
}
