package org.rxrpc4j;

import io.netty.buffer.ByteBufAllocator;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.rxrpc4j.env.Entropy;
import org.rxrpc4j.env.Environment;
import org.rxrpc4j.io.DatagramSink;
import org.rxrpc4j.io.Engine;
import org.rxrpc4j.io.FaultInjector;
import org.rxrpc4j.io.UdpTransport;
import org.rxrpc4j.io.UdpTransportConfig;
import org.rxrpc4j.local.LocalEndpoint;
import org.rxrpc4j.trace.Counter;
import org.rxrpc4j.trace.Counters;
import org.rxrpc4j.wire.AbortCodes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One local UDP endpoint: a socket, its I/O thread, and the Rx protocol state behind it. It
 * makes client calls to any peer and serves the services registered with {@link #serve}. Made by
 * {@link RxNet#bind}; closing it ends its calls and frees its port.
 *
 * <pre>{@code
 * try (RxNet net = RxNet.create()) {
 *     RxEndpoint server = net.bind(new InetSocketAddress("127.0.0.1", 7009));
 *     server.serve(147, call -> call.write(call.readAll(1 << 20)));   // an echo service
 *     RxEndpoint client = net.bind(EndpointOptions.ephemeral());
 *     byte[] reply = client.call(server.localAddress(), 147, "hi".getBytes()).get();
 * }
 * }</pre>
 */
public final class RxEndpoint implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RxEndpoint.class);

    /** Longest a held-back (reordered) inbound datagram waits for a successor. */
    private static final long MAX_REORDER_HOLD_NS = TimeUnit.MILLISECONDS.toNanos(5);

    private final RxNet net;
    private final EndpointOptions options;
    private final Environment environment;
    private final Core core = new Core();
    private final ExecutorService workers;
    private final Counters transportCounters = new Counters();
    private final UdpTransport transport;
    private LocalEndpoint engine;

    RxEndpoint(RxNet net, EndpointOptions options, Environment environment, ExecutorService workers)
            throws IOException {
        this.net = net;
        this.options = options;
        this.environment = environment;
        this.workers = workers;
        UdpTransportConfig tc = UdpTransportConfig.defaults(options.bindAddress())
                .withSocketBuffers(options.socketBufferBytes(), options.socketBufferBytes())
                .withForceNio(options.forceNio());
        this.transport = UdpTransport.bind(tc, environment.ticker(), transportCounters, this::makeEngine);
    }

    /** Runs on the loop thread once the socket is bound. */
    private Engine makeEngine(UdpTransport t) {
        DatagramSink sink = t;
        Entropy faultEntropy = null;
        if (options.injectsFaults()) {
            faultEntropy = Entropy.seeded(options.faultSeed());
            FaultInjector.Faults f = new FaultInjector.Faults(options.loss(), options.duplicate(), options.reorder());
            sink = new FaultInjector(f, faultEntropy.split(), transportCounters).outbound(t);
        }
        engine = new LocalEndpoint(t.localAddress(), sink, t.allocator(), environment, options.config());
        if (faultEntropy != null) {
            FaultInjector.Faults f = new FaultInjector.Faults(options.loss(), options.duplicate(), options.reorder());
            return new FaultInjector(f, faultEntropy.split(), transportCounters).inbound(engine, MAX_REORDER_HOLD_NS);
        }
        return engine;
    }

    /** @return the bound address, with the real port when an ephemeral one was asked for */
    public InetSocketAddress localAddress() {
        return transport.localAddress();
    }

    /** @return the options the endpoint was made with */
    public EndpointOptions options() {
        return options;
    }

    /** @return the socket transport in use: "epoll" or "nio" */
    public String transportName() {
        return transport.transportName();
    }

    /** @return whether {@link #close()} has been called */
    public boolean isClosed() {
        return transport.isClosed();
    }

    // =================================================================== client calls

    /**
     * Starts a streaming client call with default options; see {@link #newCall(InetSocketAddress,
     * int, CallOptions)}.
     */
    public RxCall newCall(InetSocketAddress peer, int serviceId) {
        return newCall(peer, serviceId, CallOptions.defaults());
    }

    /**
     * Starts a streaming client call: write the request to it, {@link RxCall#finishSending()},
     * then read the reply. Returns at once; the call is set up on the endpoint's I/O thread.
     *
     * @param peer the server's address
     * @param serviceId the Rx service ID (0..65535)
     * @param options timeouts, user call ID, transmit length
     * @return the call; if the endpoint is closed it is already complete with
     *     {@link RxCompletion.Type#LOCAL_ERROR}
     * @throws IllegalArgumentException if the peer is unresolved or the service ID out of range
     */
    public RxCall newCall(InetSocketAddress peer, int serviceId, CallOptions options) {
        checkTarget(peer, serviceId);
        Objects.requireNonNull(options, "options");
        RxCall call = new RxCall(core, peer, serviceId, false, options);
        try {
            transport.execute(() -> {
                try {
                    call.attach(engine.makeCall(peer, serviceId, call.listener(), core.nowNs()), core.nowNs());
                } catch (RuntimeException e) {
                    call.failToStart("cannot start the call: " + e.getMessage());
                }
            });
        } catch (RejectedExecutionException e) {
            call.failToStart("the endpoint is closed");
        }
        return call;
    }

    /**
     * Makes a whole call with default options; see {@link #call(InetSocketAddress, int, byte[],
     * CallOptions)}.
     */
    public CompletableFuture<byte[]> call(InetSocketAddress peer, int serviceId, byte[] request) {
        return call(peer, serviceId, request, CallOptions.defaults());
    }

    /**
     * Makes a whole call: sends {@code request}, collects the whole reply. No application thread
     * waits for it. The future is completed on the endpoint's I/O thread, so that a waiting
     * caller wakes at once: attach blocking or slow work with the {@code ...Async} methods of
     * {@link CompletableFuture}, never with the plain ones.
     *
     * @param peer the server's address
     * @param serviceId the Rx service ID (0..65535)
     * @param request the request bytes; not to be changed until the future completes
     * @param options timeouts, user call ID, the cap on the reply's size
     * @return the reply, or a failure with an {@link RxCallException} (for example
     *     {@link RxRemoteAbortException} carrying the server's abort code)
     */
    public CompletableFuture<byte[]> call(InetSocketAddress peer, int serviceId, byte[] request,
            CallOptions options) {
        checkTarget(peer, serviceId);
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(options, "options");
        CompletableFuture<byte[]> result = new CompletableFuture<>();
        WholeCall call = new WholeCall(core, request, options, result);
        try {
            transport.execute(() -> call.start(peer, serviceId));
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(new RxCallException(
                    new RxCompletion(RxCompletion.Type.LOCAL_ERROR, 0, "the endpoint is closed")));
        }
        return result;
    }

    private static void checkTarget(InetSocketAddress peer, int serviceId) {
        Objects.requireNonNull(peer, "peer");
        if (peer.isUnresolved()) {
            throw new IllegalArgumentException("unresolved peer address: " + peer);
        }
        if (serviceId < 0 || serviceId > 0xffff) {
            throw new IllegalArgumentException("service ID out of range 0..65535: " + serviceId);
        }
    }

    // =================================================================== services

    /** Serves a service with default options; see {@link #serve(int, ServiceOptions, RxServiceHandler)}. */
    public void serve(int serviceId, RxServiceHandler handler) {
        serve(serviceId, ServiceOptions.defaults(), handler);
    }

    /**
     * Offers a service on this endpoint. Each incoming call runs the handler on a worker thread.
     *
     * @param serviceId the Rx service ID (1..65535)
     * @param options the backlog and how many calls run at once
     * @param handler serves one call
     * @throws IllegalArgumentException if the service is already offered or the ID is out of range
     * @throws IllegalStateException if the endpoint is closed
     */
    public void serve(int serviceId, ServiceOptions options, RxServiceHandler handler) {
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(handler, "handler");
        ServiceDispatcher d = new ServiceDispatcher(core, serviceId, options, handler, workers);
        onLoop(() -> {
            engine.addService(serviceId, options.backlog(), d);
            return null;
        });
    }

    /**
     * Offers a service whose calls run on the endpoint's I/O thread, with no thread hop per call:
     * {@code service} is told of each call and reads and replies without blocking. The backlog of
     * {@code options} applies; its concurrency limit does not (nothing waits on a thread).
     *
     * @param serviceId the Rx service ID (1..65535)
     * @param options the backlog
     * @param service told of each new call, on the I/O thread
     * @throws IllegalArgumentException if the service is already offered or the ID is out of range
     * @throws IllegalStateException if the endpoint is closed
     */
    public void serveAsync(int serviceId, ServiceOptions options, RxAsyncService service) {
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(service, "service");
        onLoop(() -> {
            engine.addService(serviceId, options.backlog(), (e, id) -> acceptAsync(id, service));
            return null;
        });
    }

    private void acceptAsync(int serviceId, RxAsyncService service) {
        org.rxrpc4j.call.Call c;
        while ((c = engine.accept(serviceId, null)) != null) {
            RxAsyncCall call = new RxAsyncCall(core, c);
            RxAsyncCall.Listener l;
            try {
                l = service.onCall(call);
            } catch (RuntimeException e) {
                log.warn("service {} failed on a new call from {}", serviceId, call.peer(), e);
                c.abort(AbortCodes.RX_USER_ABORT, "service failed: " + e, core.nowNs());
                continue;
            }
            if (l == null) {
                c.abort(AbortCodes.RX_USER_ABORT, "the service returned no listener", core.nowNs());
                continue;
            }
            // events raised before the listener existed (the request's first packets) come now
            c.listener(call.bind(l));
        }
    }

    // =================================================================== state

    /**
     * @return a snapshot of the endpoint's counters (engine and socket) by name; only counters
     *     that are not zero
     */
    public Map<String, Long> counters() {
        return onLoop(() -> {
            Map<String, Long> named = new LinkedHashMap<>();
            for (Counter c : Counter.values()) {
                long v = engine.counters().get(c) + transportCounters.get(c);
                if (v != 0) {
                    named.put(c.name(), v);
                }
            }
            return named;
        });
    }

    /** @return calls still running or holding unread data */
    public int liveCalls() {
        return onLoop(engine::liveCalls);
    }

    /** @return connections the endpoint holds */
    public int liveConnections() {
        return onLoop(engine::liveConnections);
    }

    /** @return peers the endpoint holds */
    public int livePeers() {
        return onLoop(engine::livePeers);
    }

    /**
     * Closes the endpoint: every running call ends with {@link RxCompletion.Type#LOCAL_ERROR}, the
     * protocol state and its buffers are released, and the socket is closed. Idempotent.
     */
    @Override
    public void close() {
        transport.close(() -> engine.shutdown(core.nowNs()));
        net.forget(this);
    }

    private <T> T onLoop(java.util.concurrent.Callable<T> task) {
        if (transport.inLoop()) {
            try {
                return task.call();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        try {
            return transport.submit(task).get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RejectedExecutionException) {
                throw new IllegalStateException("the endpoint " + localAddress() + " is closed", c);
            }
            if (c instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(c);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("the endpoint's I/O thread did not answer in 30 s", e);
        }
    }

    @Override
    public String toString() {
        return "RxEndpoint[" + localAddress() + ", " + transportName() + "]";
    }

    /** What the endpoint's calls see of it. */
    private final class Core implements EndpointCore {
        @Override
        public LocalEndpoint engine() {
            return engine;
        }

        @Override
        public void execute(Runnable command) {
            try {
                transport.execute(command);
            } catch (RejectedExecutionException e) {
                // closed: the shutdown already completed every call
            }
        }

        @Override
        public boolean inLoop() {
            return transport.inLoop();
        }

        @Override
        public long nowNs() {
            return environment.ticker().nanoTime();
        }

        @Override
        public ByteBufAllocator allocator() {
            return transport.allocator();
        }

        @Override
        public Executor callbacks() {
            return net.callbacks();
        }
    }

}
