package org.rxrpc4j.e2e;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.rxrpc4j.call.Call;
import org.rxrpc4j.call.CompletionType;
import org.rxrpc4j.config.RxConfig;
import org.rxrpc4j.local.LocalEndpoint;
import org.rxrpc4j.sim.LinkModel;
import org.rxrpc4j.sim.Sim;
import org.rxrpc4j.sim.SimEndpoint;
import org.rxrpc4j.sim.SimNetwork;
import org.rxrpc4j.sim.SimScheduler;

/**
 * Two engines on one simulated network, a client and a server, running the rxperf-like
 * application: the server offers service {@link #SERVICE_ID} and answers every call with the
 * reply its request asks for; {@link #startCall} makes a client call. Each direction of the
 * link is: a {@link PacketTally} (what the sender put on the wire), an optional bandwidth
 * stage, the test's impairments, and a fixed one-way delay (0.5 ms by default: 1 ms RTT).
 *
 * <p>Use: build, start calls, {@link #runUntilDone}, check with {@link #assertAllSucceeded},
 * and always finish with {@link #shutdownAndAssertNoLeaks} (in {@code @AfterEach}), which shuts
 * both endpoints down, closes the network and fails if any call, connection, peer, in-flight
 * datagram or buffer byte is left.
 */
public final class SimPair {

    /** The service the server offers. */
    public static final int SERVICE_ID = 1234;
    /** Default one-way delay: a 1 ms round trip. */
    public static final long DEFAULT_ONE_WAY_DELAY_NS = 500_000L;
    /** Bytes the application reads or writes per engine call. */
    static final int SCRATCH_BYTES = 64 * 1024;
    /** Bound on simulator events per {@link #runUntilDone}, to turn a livelock into a failure. */
    static final long MAX_EVENTS = 500_000_000L;

    /** Configures a pair. */
    public static final class Builder {
        private final Sim sim;
        private long oneWayDelayNs = DEFAULT_ONE_WAY_DELAY_NS;
        private long bandwidthBps;
        private LinkModel clientToServer = LinkModel.perfect();
        private LinkModel serverToClient = LinkModel.perfect();
        private RxConfig clientConfig = RxConfig.defaults();
        private RxConfig serverConfig = RxConfig.defaults();
        private int backlog = 4096;
        private long defaultReplySize;
        private long maxReplySize = Long.MAX_VALUE;
        private boolean inlineApp;

        private Builder(Sim sim) {
            this.sim = sim;
        }

        /** One-way delay of both directions (default 0.5 ms). */
        public Builder oneWayDelayNs(long ns) {
            this.oneWayDelayNs = ns;
            return this;
        }

        /** A serialising bottleneck of this rate on both directions; 0 (default) for none. */
        public Builder bandwidthBps(long bps) {
            this.bandwidthBps = bps;
            return this;
        }

        /** The same impairments on both directions (each with its own state). */
        public Builder links(LinkModel impairments) {
            this.clientToServer = impairments;
            this.serverToClient = impairments;
            return this;
        }

        /** Impairments of the client → server direction. */
        public Builder clientToServer(LinkModel impairments) {
            this.clientToServer = impairments;
            return this;
        }

        /** Impairments of the server → client direction. */
        public Builder serverToClient(LinkModel impairments) {
            this.serverToClient = impairments;
            return this;
        }

        /** The configuration of both engines. */
        public Builder config(RxConfig config) {
            this.clientConfig = config;
            this.serverConfig = config;
            return this;
        }

        /** The configuration of the client engine. */
        public Builder clientConfig(RxConfig config) {
            this.clientConfig = config;
            return this;
        }

        /** The configuration of the server engine. */
        public Builder serverConfig(RxConfig config) {
            this.serverConfig = config;
            return this;
        }

        /** The service's backlog (default 4096: the application accepts at once anyway). */
        public Builder backlog(int backlog) {
            this.backlog = backlog;
            return this;
        }

        /** The reply to requests too short to carry a size (under 8 bytes); default 0. */
        public Builder defaultReplySize(long bytes) {
            this.defaultReplySize = bytes;
            return this;
        }

        /**
         * The most the server sends whatever a request asks (default: no limit); for tests whose
         * requests may arrive corrupted.
         */
        public Builder maxReplySize(long bytes) {
            this.maxReplySize = bytes;
            return this;
        }

        /**
         * Whether the application acts inside the engine's listener callbacks (true) or in a
         * simulator event of its own at the same instant (false, the default).
         */
        public Builder inlineApp(boolean inline) {
            this.inlineApp = inline;
            return this;
        }

        /** @return the pair, its service registered */
        public SimPair build() {
            return new SimPair(this);
        }
    }

    private final Sim sim;
    private final SimScheduler scheduler;
    private final SimNetwork network;
    private final SimEndpoint client;
    private final SimEndpoint server;
    private final PacketTally clientSent = new PacketTally();
    private final PacketTally serverSent = new PacketTally();
    private final long defaultReplySize;
    private final long maxReplySize;
    private final boolean inlineApp;
    private final List<PerfClientCall> clients = new ArrayList<>();
    private final List<PerfServerCall> servers = new ArrayList<>();
    private final List<ByteBuf> scratch = new ArrayList<>();
    private int scratchDepth;
    private int finishedClients;
    private int finishedServers;
    private boolean acceptScheduled;
    private boolean shutDown;

    private SimPair(Builder b) {
        this.sim = b.sim;
        this.scheduler = sim.scheduler();
        this.network = sim.network();
        this.defaultReplySize = b.defaultReplySize;
        this.maxReplySize = b.maxReplySize;
        this.inlineApp = b.inlineApp;
        this.client = new SimEndpoint(network.addNode(), b.clientConfig);
        this.server = new SimEndpoint(network.addNode(), b.serverConfig);
        network.link(client.address(), server.address(), link(clientSent, b, b.clientToServer));
        network.link(server.address(), client.address(), link(serverSent, b, b.serverToClient));
        server.act(e -> e.addService(SERVICE_ID, b.backlog, this::onIncomingCall));
    }

    private static LinkModel link(PacketTally tally, Builder b, LinkModel impairments) {
        LinkModel m = LinkModel.of(tally.stage());
        if (b.bandwidthBps > 0) {
            m = m.bandwidth(b.bandwidthBps);
        }
        m = m.andThen(impairments);
        return b.oneWayDelayNs > 0 ? m.delay(b.oneWayDelayNs) : m;
    }

    /** @return a builder of a pair on {@code sim}'s network */
    public static Builder builder(Sim sim) {
        return new Builder(sim);
    }

    /** @return a pair with a clean 1 ms RTT link */
    public static SimPair clean(Sim sim) {
        return builder(sim).build();
    }

    // ---- the application ----

    private void onIncomingCall(LocalEndpoint endpoint, int serviceId) {
        if (inlineApp) {
            acceptAll();
        } else if (!acceptScheduled) {
            acceptScheduled = true;
            scheduler.after(0, () -> {
                acceptScheduled = false;
                if (!shutDown) {
                    server.act(e -> acceptAll());
                }
            });
        }
    }

    private void acceptAll() {
        while (true) {
            PerfServerCall app = new PerfServerCall(this, servers.size());
            Call c = server.engine().accept(SERVICE_ID, app);
            if (c == null) {
                return;
            }
            app.call = c;
            servers.add(app);
            app.runStep();
        }
    }

    /**
     * Starts a client call now.
     *
     * @param requestSize bytes the client sends
     * @param replySize bytes the server is asked to send back; a request under 8 bytes cannot
     *     say, so its reply must be the default reply size
     */
    public PerfClientCall startCall(long requestSize, long replySize) {
        if (requestSize < PerfData.HEADER && replySize != defaultReplySize) {
            throw new IllegalArgumentException("a " + requestSize + "-byte request gets the default reply of "
                    + defaultReplySize + " bytes, not " + replySize);
        }
        int index = clients.size();
        PerfClientCall app = new PerfClientCall(this, index, requestSize, replySize,
                PerfData.requestSeed(sim.seed(), index));
        clients.add(app);
        client.act(e -> app.begin(e.makeCall(server.address(), SERVICE_ID, app, scheduler.nowNs())));
        return app;
    }

    void finished(PerfApp app) {
        if (app instanceof PerfClientCall) {
            finishedClients++;
        } else {
            finishedServers++;
        }
    }

    /** @return whether every client call, and every server call accepted, has finished */
    public boolean allFinished() {
        return finishedClients == clients.size() && finishedServers == servers.size();
    }

    /**
     * Runs the simulation until {@link #allFinished()}.
     *
     * @param maxVirtualNs how much virtual time it may take
     * @throws AssertionError if it takes longer, or the simulation runs dry first
     */
    public void runUntilDone(long maxVirtualNs) {
        long deadline = scheduler.elapsedNs() + maxVirtualNs;
        long events = 0;
        while (!allFinished()) {
            if (!scheduler.step()) {
                throw new AssertionError("simulation ran dry at " + scheduler.elapsedNs() + " ns with calls unfinished\n"
                        + describe());
            }
            if (scheduler.elapsedNs() > deadline || ++events > MAX_EVENTS) {
                throw new AssertionError("calls unfinished after " + (scheduler.elapsedNs() - deadline + maxVirtualNs)
                        + " ns of virtual time and " + events + " events\n" + describe());
            }
        }
    }

    // ---- checks ----

    /**
     * Asserts that every call succeeded on both sides and every byte arrived once and in order:
     * each client read exactly the reply it asked for, byte for byte as the server must have
     * generated it from the request it received; the server calls received exactly the
     * requests the clients sent (same lengths and digests, as a multiset).
     */
    public void assertAllSucceeded() {
        List<String> problems = new ArrayList<>();
        for (PerfClientCall c : clients) {
            if (c.completion == null || c.completion.type() != CompletionType.SUCCEEDED || !c.eof
                    || c.received != c.replySize || c.firstMismatch >= 0 || !c.request.sentLast
                    || c.request.sent != c.requestSize) {
                problems.add(c + (c.firstMismatch >= 0 ? " first wrong reply byte at " + c.firstMismatch : ""));
            }
        }
        Map<List<Long>, Integer> sent = new HashMap<>();
        for (PerfClientCall c : clients) {
            sent.merge(List.of(c.requestSize, c.request.digest), 1, Integer::sum);
        }
        for (PerfServerCall s : servers) {
            if (s.completion == null || s.completion.type() != CompletionType.SUCCEEDED || !s.eof || s.reply == null
                    || !s.reply.sentLast) {
                problems.add(s.toString());
            }
            List<Long> key = List.of(s.received, s.requestDigest);
            if (sent.merge(key, -1, Integer::sum) < 0) {
                problems.add(s + " received a request no client sent (length " + s.received + ", digest "
                        + Long.toHexString(s.requestDigest) + ")");
            }
        }
        if (servers.size() != clients.size()) {
            problems.add(clients.size() + " client calls but " + servers.size() + " server calls");
        }
        if (!problems.isEmpty()) {
            throw new AssertionError(problems.size() + " problems; first ones:\n  "
                    + problems.stream().limit(20).collect(Collectors.joining("\n  ")) + "\n" + describe());
        }
    }

    /**
     * Shuts both endpoints down, closes the network and asserts that nothing is left: no call,
     * connection or peer in either engine, no datagram in flight, no byte of either endpoint's
     * allocator still in use. Idempotent.
     */
    public void shutdownAndAssertNoLeaks() {
        if (shutDown) {
            return;
        }
        shutDown = true;
        for (ByteBuf b : scratch) {
            b.release();
        }
        scratch.clear();
        client.shutdown();
        server.shutdown();
        network.close();
        List<String> leaks = new ArrayList<>();
        for (SimEndpoint e : List.of(client, server)) {
            String who = e == client ? "client" : "server";
            LocalEndpoint engine = e.engine();
            check(leaks, who + " liveCalls", engine.liveCalls());
            check(leaks, who + " liveConnections", engine.liveConnections());
            check(leaks, who + " livePeers", engine.livePeers());
            check(leaks, who + " bytesInUse", e.bytesInUse());
        }
        check(leaks, "network inFlight", network.inFlight());
        if (!leaks.isEmpty()) {
            throw new AssertionError("leaked after shutdown: " + leaks);
        }
    }

    private static void check(List<String> leaks, String what, long value) {
        if (value != 0) {
            leaks.add(what + "=" + value);
        }
    }

    /** @return a summary of every unfinished call and both endpoints' counters, for failures */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        sb.append("virtual time ").append(scheduler.elapsedNs() / 1e6).append(" ms; clients finished ")
                .append(finishedClients).append('/').append(clients.size()).append(", servers finished ")
                .append(finishedServers).append('/').append(servers.size()).append('\n');
        int shown = 0;
        for (PerfApp a : unfinished()) {
            if (shown++ == 10) {
                sb.append("  ...\n");
                break;
            }
            sb.append("  unfinished ").append(a).append('\n');
        }
        sb.append("  client sent ").append(clientSent).append("\n  server sent ").append(serverSent).append('\n');
        if (!shutDown) {
            sb.append("  client counters ").append(client.engine().counters().snapshot()).append('\n');
            sb.append("  server counters ").append(server.engine().counters().snapshot()).append('\n');
        }
        return sb.toString();
    }

    private List<PerfApp> unfinished() {
        List<PerfApp> out = new ArrayList<>();
        for (PerfClientCall c : clients) {
            if (!c.finished) {
                out.add(c);
            }
        }
        for (PerfServerCall s : servers) {
            if (!s.finished) {
                out.add(s);
            }
        }
        return out;
    }

    // ---- accessors ----

    /** @return the simulation */
    public Sim sim() {
        return sim;
    }

    /** @return the scheduler */
    public SimScheduler scheduler() {
        return scheduler;
    }

    /** @return the network */
    public SimNetwork network() {
        return network;
    }

    /** @return the client endpoint */
    public SimEndpoint client() {
        return client;
    }

    /** @return the server endpoint */
    public SimEndpoint server() {
        return server;
    }

    /** @return what the client put on the wire, by packet type */
    PacketTally clientSent() {
        return clientSent;
    }

    /** @return what the server put on the wire, by packet type */
    PacketTally serverSent() {
        return serverSent;
    }

    /** @return the client calls started, in order */
    List<PerfClientCall> clientCalls() {
        return Collections.unmodifiableList(clients);
    }

    /** @return the server calls accepted, in order */
    List<PerfServerCall> serverCalls() {
        return Collections.unmodifiableList(servers);
    }

    long defaultReplySize() {
        return defaultReplySize;
    }

    long maxReplySize() {
        return maxReplySize;
    }

    boolean inlineApp() {
        return inlineApp;
    }

    boolean isShutDown() {
        return shutDown;
    }

    ByteBuf emptyBuffer() {
        return Unpooled.EMPTY_BUFFER;
    }

    /** Lends a scratch buffer; nested (re-entrant) application steps each get their own. */
    ByteBuf borrowScratch() {
        if (scratchDepth == scratch.size()) {
            scratch.add(Unpooled.wrappedBuffer(new byte[SCRATCH_BYTES]));
        }
        return scratch.get(scratchDepth++);
    }

    void returnScratch(ByteBuf b) {
        if (scratch.get(--scratchDepth) != b) {
            throw new IllegalStateException("scratch buffers returned out of order");
        }
    }
}
