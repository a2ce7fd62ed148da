package org.rxrpc4j.sim;

import io.netty.buffer.ByteBuf;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.rxrpc4j.env.Entropy;

/**
 * A deterministic, in-JVM datagram network for simulation. Nodes have virtual
 * {@link InetSocketAddress}es; a datagram from one to another crosses the directional link
 * between them, whose {@link LinkModel} may drop, delay, duplicate, reorder or corrupt it, and
 * is then delivered through the scheduler to the addressee's receiver.
 *
 * <p>Determinism: all randomness comes from the network seed. A node's entropy and each link
 * direction's stage entropies are derived from the seed and the addresses involved (not from
 * creation order), and events are ordered by the {@link SimScheduler}; so the same seed and
 * the same test code give the identical {@link #trace()}, event for event.
 *
 * <p>Buffers: {@link SimNode#send} takes ownership of the datagram; the network releases what
 * it drops, and the receiver must release what it is handed. {@link #close()} releases
 * datagrams still in flight. Single-threaded, like the scheduler.
 */
public final class SimNetwork {

    /** The port of nodes made by {@link #addNode()}. */
    public static final int DEFAULT_PORT = 7000;

    private record Direction(InetSocketAddress from, InetSocketAddress to) {}

    /** One direction of a link: its stages, instantiated from a model. */
    private final class Link {
        private final Consumer<Transit> head;

        Link(LinkModel model, Entropy entropy) {
            List<LinkStage> stages = new ArrayList<>();
            for (LinkStage.Factory f : model.stages()) {
                stages.add(f.create(entropy.split()));
            }
            Consumer<Transit> next = SimNetwork.this::schedule;
            for (int i = stages.size() - 1; i >= 0; i--) {
                LinkStage stage = stages.get(i);
                Consumer<Transit> downstream = next;
                next = t -> stage.process(t, downstream);
            }
            head = next;
        }
    }

    private final SimScheduler scheduler;
    private final long seed;
    private final SimTrace trace;
    private final Map<InetSocketAddress, SimNode> nodes = new LinkedHashMap<>();
    private final Map<Direction, LinkModel> models = new HashMap<>();
    private final Map<Direction, Link> links = new HashMap<>();
    /** In insertion order, so {@link #close()} releases (and traces) deterministically. */
    private final Map<Transit, SimScheduler.Event> inFlight = new LinkedHashMap<>();
    private LinkModel defaultModel = LinkModel.perfect();
    private long generation;
    private long nextPacketId = 1;
    private int nextHost = 1;
    private boolean closed;

    /** A network with a {@link SimTrace#DEFAULT_CAPACITY} trace. */
    public SimNetwork(SimScheduler scheduler, long seed) {
        this(scheduler, seed, SimTrace.DEFAULT_CAPACITY);
    }

    /**
     * @param scheduler the simulation's clock and event loop
     * @param seed the root of all the network's randomness
     * @param traceCapacity how many recent events the trace keeps
     */
    public SimNetwork(SimScheduler scheduler, long seed, int traceCapacity) {
        this.scheduler = scheduler;
        this.seed = seed;
        this.trace = new SimTrace(traceCapacity);
    }

    /** @return the scheduler this network runs on */
    public SimScheduler scheduler() {
        return scheduler;
    }

    /** @return the seed */
    public long seed() {
        return seed;
    }

    /** @return the event log */
    public SimTrace trace() {
        return trace;
    }

    /** Adds a node at the next free address 10.0.x.y:7000 (10.0.0.1 first). */
    public SimNode addNode() {
        InetSocketAddress a;
        do {
            int n = nextHost++;
            a = address(10, 0, (n >>> 8) & 0xff, n & 0xff, DEFAULT_PORT);
        } while (nodes.containsKey(a));
        return addNode(a);
    }

    /**
     * Adds a node.
     *
     * @throws IllegalArgumentException if the address is taken or unresolved
     */
    public SimNode addNode(InetSocketAddress address) {
        if (address.isUnresolved()) {
            throw new IllegalArgumentException("use a literal IP address: " + address);
        }
        if (nodes.containsKey(address)) {
            throw new IllegalArgumentException("address in use: " + address);
        }
        SimNode node = new SimNode(this, address, Entropy.seeded(derive(seed, 0x4E4F4445L, key(address), 0)));
        nodes.put(address, node);
        return node;
    }

    /** @return the node at {@code address}, or null */
    public SimNode node(InetSocketAddress address) {
        return nodes.get(address);
    }

    /** @return an address from literal parts, without any name lookup */
    public static InetSocketAddress address(int a, int b, int c, int d, int port) {
        try {
            return new InetSocketAddress(InetAddress.getByAddress(new byte[] {(byte) a, (byte) b, (byte) c, (byte) d}),
                    port);
        } catch (UnknownHostException e) {
            throw new AssertionError(e); // cannot happen for 4 bytes
        }
    }

    /** Sets the model of links that have none of their own; existing such links restart. */
    public void defaultLink(LinkModel model) {
        defaultModel = model;
        links.keySet().removeIf(d -> !models.containsKey(d));
        generation++;
    }

    /** Sets the model of the link direction {@code from → to}; the link restarts. */
    public void link(InetSocketAddress from, InetSocketAddress to, LinkModel model) {
        Direction d = new Direction(from, to);
        models.put(d, model);
        links.remove(d);
        generation++;
    }

    /** Sets the same model on both directions between {@code a} and {@code b} (separate state). */
    public void linkBoth(InetSocketAddress a, InetSocketAddress b, LinkModel model) {
        link(a, b, model);
        link(b, a, model);
    }

    /** @return datagrams sent and not yet delivered or dropped */
    public int inFlight() {
        return inFlight.size();
    }

    void send(SimNode from, InetSocketAddress to, ByteBuf datagram) {
        Transit t = newTransit(from.address(), to, datagram, 0);
        record(t, SimEvent.Fate.SENT, "");
        if (closed) {
            t.drop("closed");
            return;
        }
        link(new Direction(from.address(), to)).head.accept(t);
    }

    private Link link(Direction d) {
        Link l = links.get(d);
        if (l == null) {
            LinkModel m = models.getOrDefault(d, defaultModel);
            // seeded by the addresses (and how often links were reconfigured), not by creation
            // order, so adding traffic on one link does not change another link's fates
            l = new Link(m, Entropy.seeded(derive(seed, key(d.from), key(d.to), generation)));
            links.put(d, l);
        }
        return l;
    }

    Transit newTransit(InetSocketAddress from, InetSocketAddress to, ByteBuf content, long delayNs) {
        Transit t = new Transit(this, nextPacketId++, from, to, content, delayNs);
        inFlight.put(t, null);
        return t;
    }

    void forget(Transit t) {
        SimScheduler.Event e = inFlight.remove(t);
        if (e != null) {
            e.cancel();
        }
    }

    /** The end of every link pipeline: deliver after the accumulated delay. */
    private void schedule(Transit t) {
        inFlight.put(t, scheduler.after(t.delayNs(), () -> arrive(t)));
    }

    private void arrive(Transit t) {
        SimNode node = nodes.get(t.to());
        if (node == null) {
            t.drop("unreachable");
            return;
        }
        SimNode.Receiver r = node.receiver();
        if (r == null) {
            t.drop("no-receiver");
            return;
        }
        inFlight.remove(t);
        record(t, SimEvent.Fate.DELIVERED, "");
        node.countReceived();
        r.receive(t.from(), t.content());
    }

    void record(Transit t, SimEvent.Fate fate, String detail) {
        trace.record(new SimEvent(scheduler.elapsedNs(), t.id(), fate, t.from(), t.to(), t.size(), detail));
    }

    /**
     * Stops the network: datagrams in flight are dropped ("closed") and released, and later
     * sends are dropped. Idempotent.
     *
     * @return how many datagrams were in flight
     */
    public int close() {
        closed = true;
        List<Transit> pending = new ArrayList<>(inFlight.keySet());
        for (Transit t : pending) {
            t.drop("closed");
        }
        return pending.size();
    }

    private static long key(InetSocketAddress a) {
        long k = 0;
        for (byte b : a.getAddress().getAddress()) {
            k = k * 31 + (b & 0xff);
        }
        return k * 65_537 + a.getPort();
    }

    /** Derives a child seed; SplitMix64 steps so that nearby inputs give unrelated seeds. */
    static long derive(long seed, long a, long b, long c) {
        long h = seed;
        for (long v : new long[] {a, b, c}) {
            h = splitMix(h + v * 0x9E3779B97F4A7C15L);
        }
        return h;
    }

    private static long splitMix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
