package org.rxrpc4j.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.assertj.core.api.SoftAssertions;
import org.rxrpc4j.call.Call;
import org.rxrpc4j.config.RxConfig;
import org.rxrpc4j.env.Entropy;
import org.rxrpc4j.sim.LinkModel;
import org.rxrpc4j.sim.Sim;
import org.rxrpc4j.sim.SimEndpoint;
import org.rxrpc4j.sim.SimNetwork;
import org.rxrpc4j.sim.SimScheduler;
import org.rxrpc4j.trace.Counter;

/**
 * One rule test's world: the simulated network with every link tapped, the real endpoints and
 * scripted peers on it, application ends of calls, and the leak check that runs after the test.
 */
public final class World {

    public static final long MS = 1_000_000L;
    public static final long S = 1_000_000_000L;
    public static final int SERVICE = 1001;

    private final Sim sim;
    private final SimNetwork net;
    private final SimScheduler scheduler;
    private final Wiretap tap = new Wiretap();
    private final List<SimEndpoint> endpoints = new ArrayList<>();
    private final List<ScriptedPeer> scripted = new ArrayList<>();
    private boolean closed;

    public World(Sim sim) {
        this.sim = sim;
        this.net = sim.network();
        this.scheduler = sim.scheduler();
        net.defaultLink(tap.wrap(LinkModel.perfect()));
    }

    public Sim sim() {
        return sim;
    }

    public SimNetwork network() {
        return net;
    }

    public SimScheduler scheduler() {
        return scheduler;
    }

    public Wiretap tap() {
        return tap;
    }

    /** @return the engine's clock reading */
    public long nowNs() {
        return scheduler.nowNs();
    }

    /** @return virtual ns since the start (what the tap's times are in) */
    public long elapsedNs() {
        return scheduler.elapsedNs();
    }

    // ---- population ----

    /** A real endpoint with {@code config}. */
    public SimEndpoint endpoint(RxConfig config) {
        SimEndpoint e = new SimEndpoint(net.addNode(), config);
        endpoints.add(e);
        return e;
    }

    /** A real endpoint with the default configuration. */
    public SimEndpoint endpoint() {
        return endpoint(RxConfig.defaults());
    }

    /** A scripted peer aimed at nothing yet. */
    public ScriptedPeer scripted() {
        ScriptedPeer p = new ScriptedPeer(this, net.addNode());
        scripted.add(p);
        return p;
    }

    /** Sets the model of one link direction (tapped). */
    public void link(InetSocketAddress from, InetSocketAddress to, LinkModel model) {
        net.link(from, to, tap.wrap(model));
    }

    /** Sets the model of both directions (tapped, separate state). */
    public void linkBoth(InetSocketAddress a, InetSocketAddress b, LinkModel model) {
        link(a, b, model);
        link(b, a, model);
    }

    // ---- applications ----

    /**
     * Offers {@code serviceId} on {@code server}; each incoming call is accepted at once and
     * given to {@code onCall}, which sets up its application end (reply, reading...). The
     * accepted calls are collected in {@code into}.
     */
    public void serve(SimEndpoint server, int serviceId, int backlog, List<AppCall> into, Consumer<AppCall> onCall) {
        server.act(e -> e.addService(serviceId, backlog, (endpoint, sid) -> later(server, () -> {
            AppCall app = new AppCall(this, server);
            Call c = endpoint.accept(sid, app);
            if (c != null) {
                app.attach(c);
                into.add(app);
                onCall.accept(app);
                app.schedulePump();
            }
        })));
    }

    /** A service that answers each request with {@code reply(request)} once it is all read. */
    public List<AppCall> echoService(SimEndpoint server, int serviceId, java.util.function.UnaryOperator<byte[]> reply) {
        List<AppCall> calls = new ArrayList<>();
        serve(server, serviceId, RxConfig.defaults().defaultBacklog(), calls,
                app -> app.onEof(a -> a.send(reply.apply(a.received()), true)));
        return calls;
    }

    /** Starts a client call and queues {@code request} (with LAST). */
    public AppCall call(SimEndpoint client, InetSocketAddress server, int serviceId, byte[] request) {
        return call(client, server, serviceId, request, true);
    }

    /** Starts a client call and queues {@code request}. */
    public AppCall call(SimEndpoint client, InetSocketAddress server, int serviceId, byte[] request, boolean last) {
        AppCall app = new AppCall(this, client);
        Call c = client.call(e -> e.makeCall(server, serviceId, app, nowNs()));
        app.attach(c);
        app.send(request, last);
        return app;
    }

    /** Runs {@code action} on {@code endpoint}'s engine as a separate event, now. */
    public void later(SimEndpoint endpoint, Runnable action) {
        scheduler.after(0, () -> endpoint.act(e -> action.run()));
    }

    /** Runs {@code action} at elapsed virtual time {@code atElapsedNs} (or now if past). */
    public void at(long atElapsedNs, Runnable action) {
        scheduler.after(Math.max(0, atElapsedNs - elapsedNs()), action);
    }

    // ---- running ----

    /** Runs until {@code done} holds or {@code maxNs} of virtual time passed; @return done. */
    public boolean runUntil(BooleanSupplier done, long maxNs) {
        // a sentinel at the deadline keeps step() from jumping past it
        SimScheduler.Event sentinel = scheduler.after(maxNs, () -> { });
        try {
            while (!done.getAsBoolean() && sentinel.isPending() && scheduler.step()) {
                // keep going
            }
        } finally {
            sentinel.cancel();
        }
        return done.getAsBoolean();
    }

    /** Runs until {@code done} holds, failing with the wire dump after {@code maxNs}. */
    public void runUntilOrFail(BooleanSupplier done, long maxNs, String what) {
        if (!runUntil(done, maxNs)) {
            throw new AssertionError("not reached within " + maxNs / MS + " ms: " + what + tap.dump(40));
        }
    }

    public void runFor(long ns) {
        scheduler.runFor(ns);
    }

    // ---- data ----

    /** @return {@code n} bytes that differ from packet to packet, seeded */
    public byte[] bytes(int n) {
        byte[] b = new byte[n];
        Entropy.seeded(sim.seed() ^ n).nextBytes(b);
        return b;
    }

    public static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    /** @return the counter's value on {@code endpoint} */
    public static long count(SimEndpoint endpoint, Counter c) {
        return endpoint.engine().counters().get(c);
    }

    // ---- the end of every test ----

    /**
     * Shuts every endpoint down and fails if a call, connection, peer, buffer or datagram is left.
     * Datagrams still in flight are delivered to receivers that only release them.
     */
    public void shutDownAndCheckLeaks() {
        if (closed) {
            return;
        }
        closed = true;
        SoftAssertions soft = new SoftAssertions();
        for (SimEndpoint e : endpoints) {
            e.shutdown();
            soft.assertThat(e.engine().liveCalls()).as("live calls on %s after shutdown", e.address()).isZero();
            soft.assertThat(e.engine().liveConnections()).as("live connections on %s after shutdown", e.address())
                    .isZero();
            soft.assertThat(e.engine().livePeers()).as("live peers on %s after shutdown", e.address()).isZero();
            e.node().receiver((from, d) -> d.release());
        }
        for (ScriptedPeer p : scripted) {
            p.onPacket(x -> { });
        }
        scheduler.runFor(60 * S); // whatever is still on a link arrives (and is released)
        soft.assertThat(net.inFlight()).as("datagrams in flight").isZero();
        for (SimEndpoint e : endpoints) {
            soft.assertThat(e.bytesInUse()).as("bytes in use on %s", e.address()).isZero();
        }
        for (ScriptedPeer p : scripted) {
            soft.assertThat(p.bytesInUse()).as("bytes in use by scripted peer %s", p.address()).isZero();
        }
        soft.assertAll();
    }

    /** For messages: the last packets on the wire. */
    public String wire(int n) {
        return tap.dump(n);
    }

    /** Asserts {@code c} on {@code e} equals {@code expected}, showing the wire if not. */
    public void assertCount(SimEndpoint e, Counter c, long expected) {
        assertThat(count(e, c)).as("%s on %s%s", c, e.address(), wire(30)).isEqualTo(expected);
    }
}
