package org.rxrpc4j.sim;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.net.InetSocketAddress;
import java.util.function.Consumer;
import java.util.function.Function;
import org.rxrpc4j.config.RxConfig;
import org.rxrpc4j.local.LocalEndpoint;

/**
 * A {@link LocalEndpoint} living on a {@link SimNode}: datagrams the node receives go to the
 * engine, datagrams the engine sends leave through the node, and one scheduler event always
 * stands at the engine's next deadline. Everything runs on the simulator's thread, which plays
 * the endpoint's engine thread.
 *
 * <p>Each endpoint allocates from its own {@link UnpooledByteBufAllocator}, so a test can prove
 * that it released every byte ({@link #bytesInUse()}).
 */
public final class SimEndpoint {

    private final SimNode node;
    private final SimScheduler scheduler;
    private final UnpooledByteBufAllocator allocator = new UnpooledByteBufAllocator(false);
    private final LocalEndpoint engine;
    private SimScheduler.Event timer;
    private long timerAtNs = Long.MAX_VALUE;

    /** Puts an engine with {@code config} on {@code node}. */
    public SimEndpoint(SimNode node, RxConfig config) {
        this.node = node;
        this.scheduler = node.network().scheduler();
        this.engine = new LocalEndpoint(node.address(), node::send, allocator,
                node.environment(), config);
        node.receiver((from, datagram) -> {
            engine.onDatagram(from, datagram, scheduler.nowNs());
            rearm();
        });
    }

    /** Puts an engine with the default configuration on a new node of {@code network}. */
    public static SimEndpoint on(SimNetwork network) {
        return new SimEndpoint(network.addNode(), RxConfig.defaults());
    }

    /** @return the engine */
    public LocalEndpoint engine() {
        return engine;
    }

    /** @return the node's address */
    public InetSocketAddress address() {
        return node.address();
    }

    /** @return the node */
    public SimNode node() {
        return node;
    }

    /** @return the allocator every buffer of this endpoint comes from */
    public ByteBufAllocator allocator() {
        return allocator;
    }

    /** @return bytes this endpoint's allocator has handed out and not had back */
    public long bytesInUse() {
        return allocator.metric().usedHeapMemory() + allocator.metric().usedDirectMemory();
    }

    /** Runs an application action on the engine now, then re-arms the engine's timer. */
    public void act(Consumer<LocalEndpoint> action) {
        action.accept(engine);
        rearm();
    }

    /** Runs an application action that returns something, then re-arms the engine's timer. */
    public <T> T call(Function<LocalEndpoint, T> action) {
        T result = action.apply(engine);
        rearm();
        return result;
    }

    /** Shuts the engine down and re-arms nothing. */
    public void shutdown() {
        engine.shutdown(scheduler.nowNs());
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
        timerAtNs = Long.MAX_VALUE;
    }

    /**
     * Keeps exactly one scheduler event at the engine's next deadline. Call after anything that
     * touched the engine outside the simulator's own events (the endpoint does so itself after
     * datagrams and timers).
     */
    public void rearm() {
        long next = engine.nextDeadlineNs();
        if (next == timerAtNs && timer != null && timer.isPending()) {
            return;
        }
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
        timerAtNs = next;
        if (next == Long.MAX_VALUE) {
            return;
        }
        // A deadline in the past runs at once; the scheduler never moves backwards.
        long at = next - scheduler.nowNs() < 0 ? scheduler.nowNs() : next;
        timer = scheduler.schedule(at, () -> {
            timer = null;
            timerAtNs = Long.MAX_VALUE;
            engine.runDue(scheduler.nowNs());
            rearm();
        });
    }
}
