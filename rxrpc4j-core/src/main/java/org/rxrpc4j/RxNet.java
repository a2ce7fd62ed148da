package org.rxrpc4j;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.rxrpc4j.env.Environment;

/**
 * An Rx network namespace: it owns endpoints and the threads that serve them, and closing it
 * closes everything it owns, in order. Programs usually make one; tests make one per simulated
 * machine. Thread-safe.
 *
 * <pre>{@code
 * try (RxNet net = RxNet.create()) {
 *     RxEndpoint ep = net.bind(EndpointOptions.ephemeral());
 *     byte[] reply = ep.call(new InetSocketAddress("127.0.0.1", 7002), 73, request).get();
 * }
 * }</pre>
 */
public final class RxNet implements AutoCloseable {

    private final Environment environment;
    private final ExecutorService workers;
    private final List<RxEndpoint> endpoints = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    private RxNet(Environment environment) {
        this.environment = environment;
        this.workers = Workers.newExecutor("rxrpc4j-worker");
    }

    /** @return a namespace on the system clock and secure randomness */
    public static RxNet create() {
        return new RxNet(Environment.system());
    }

    /**
     * @param environment the clock and randomness the endpoints use (for example, seeded
     *     randomness to replay a run)
     * @return a namespace on that environment
     */
    public static RxNet create(Environment environment) {
        return new RxNet(Objects.requireNonNull(environment, "environment"));
    }

    /**
     * Binds an endpoint with default options at {@code address} (port 0 for an ephemeral port).
     *
     * @throws IOException if the socket cannot be bound, for example because the port is taken
     * @throws IllegalStateException if the namespace is closed
     */
    public RxEndpoint bind(InetSocketAddress address) throws IOException {
        return bind(EndpointOptions.of(address));
    }

    /**
     * Binds an endpoint.
     *
     * @throws IOException if the socket cannot be bound, for example because the port is taken
     * @throws IllegalStateException if the namespace is closed
     */
    public RxEndpoint bind(EndpointOptions options) throws IOException {
        Objects.requireNonNull(options, "options");
        if (closed) {
            throw new IllegalStateException("the RxNet is closed");
        }
        RxEndpoint ep = new RxEndpoint(this, options, environment, workers);
        endpoints.add(ep);
        if (closed) {
            ep.close();
            throw new IllegalStateException("the RxNet is closed");
        }
        return ep;
    }

    /** @return the endpoints open now */
    public List<RxEndpoint> endpoints() {
        return List.copyOf(endpoints);
    }

    /** @return whether {@link #close()} has been called */
    public boolean isClosed() {
        return closed;
    }

    /**
     * Closes every endpoint (their calls end with {@link RxCompletion.Type#LOCAL_ERROR}), then
     * stops the worker threads, waiting a few seconds for handlers to return. Idempotent.
     */
    @Override
    public void close() {
        closed = true;
        for (RxEndpoint ep : new ArrayList<>(endpoints)) {
            ep.close();
        }
        workers.shutdown();
        try {
            if (!workers.awaitTermination(5, TimeUnit.SECONDS)) {
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            workers.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    Executor callbacks() {
        return workers;
    }

    void forget(RxEndpoint ep) {
        endpoints.remove(ep);
    }
}
