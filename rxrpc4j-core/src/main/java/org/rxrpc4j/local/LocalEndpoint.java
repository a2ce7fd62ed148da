package org.rxrpc4j.local;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.LongConsumer;
import org.rxrpc4j.call.Call;
import org.rxrpc4j.call.CallListener;
import org.rxrpc4j.call.CompletionType;
import org.rxrpc4j.call.EngineContext;
import org.rxrpc4j.config.RxConfig;
import org.rxrpc4j.conn.Channel;
import org.rxrpc4j.conn.ClientConnections;
import org.rxrpc4j.conn.Connection;
import org.rxrpc4j.conn.ConnectionEvents;
import org.rxrpc4j.conn.ConnectionIds;
import org.rxrpc4j.conn.RawReplies;
import org.rxrpc4j.conn.ServiceConnections;
import org.rxrpc4j.env.Environment;
import org.rxrpc4j.env.TimerQueue;
import org.rxrpc4j.io.DatagramSink;
import org.rxrpc4j.io.Engine;
import org.rxrpc4j.peer.Peer;
import org.rxrpc4j.peer.PeerTable;
import org.rxrpc4j.trace.Counter;
import org.rxrpc4j.trace.Counters;
import org.rxrpc4j.view.EndpointSnapshot;
import org.rxrpc4j.wire.DecodeException;
import org.rxrpc4j.wire.PacketType;
import org.rxrpc4j.wire.RxHeader;

/**
 * One local UDP endpoint's protocol engine: its services, peers, connections and calls, and the
 * inbound packet router. Sans-I/O: it is fed datagrams and due deadlines, each with the current
 * time, and sends through a {@link DatagramSink}. Owned by one thread.
 */
public final class LocalEndpoint implements Engine {

    /** The rxrpc4j version this engine reports. */
    public static final String VERSION = "0.1.0";
    /** The text of our VERSION replies (NUL-padded to 65 bytes on the wire). */
    public static final String VERSION_STRING = "rxrpc4j " + VERSION;

    /** Prune completed, fully read calls from the live set after this many completions. */
    private static final int PRUNE_EVERY = 1024;

    private final InetSocketAddress address;
    private final DatagramSink sink;
    private final EngineContext context;
    private final Counters counters;
    private final ConnectionIds ids;
    private final ClientConnections clientConnections;
    private final ServiceConnections serviceConnections;
    private final PeerTable peers;
    private final Map<Integer, Service> services = new LinkedHashMap<>();
    /** Calls not complete, or complete with unread data (pruned lazily once read). */
    private final Set<Call> calls = new LinkedHashSet<>();
    private final PacketTally tally = new PacketTally();
    private final EndpointViews views = new EndpointViews(this);
    private final PacketRouter router;
    private int completionsSincePrune;
    private boolean shutDown;

    /**
     * @param address the local address (reported in views; the engine does not bind it)
     * @param sink where outgoing datagrams go
     * @param allocator where packet buffers come from
     * @param environment time and entropy (epoch and connection IDs are drawn from it)
     * @param config tunables
     */
    public LocalEndpoint(InetSocketAddress address, DatagramSink sink, ByteBufAllocator allocator,
            Environment environment, RxConfig config) {
        this.address = Objects.requireNonNull(address, "address");
        this.sink = Objects.requireNonNull(sink, "sink");
        this.counters = new Counters();
        this.context = new EngineContext(allocator, new TimerQueue<LongConsumer>(), counters, config,
                environment);
        this.ids = new ConnectionIds(environment.entropy());
        this.peers = new PeerTable(config, counters);
        Events events = new Events();
        this.clientConnections = new ClientConnections(context, this::transmit, events, ids);
        this.serviceConnections = new ServiceConnections(context, this::transmit, events);
        this.router = new PacketRouter(this);
    }

    /** @return the local address */
    public InetSocketAddress address() {
        return address;
    }

    /** @return the epoch of this endpoint's client connections */
    public int epoch() {
        return ids.epoch();
    }

    /** @return the engine state shared by this endpoint's calls (timers, counters, config) */
    public EngineContext context() {
        return context;
    }

    /**
     * Offers a service on this endpoint.
     *
     * @param backlog incoming calls held until accepted; beyond it new calls are answered BUSY
     * @throws IllegalArgumentException if the ID is already offered or out of range (1..65535)
     */
    public void addService(int serviceId, int backlog, IncomingCallHandler handler) {
        requireOpen();
        if (serviceId < 1 || serviceId > 0xffff) {
            throw new IllegalArgumentException("service ID out of range 1..65535: " + serviceId);
        }
        if (backlog < 0) {
            throw new IllegalArgumentException("negative backlog: " + backlog);
        }
        Objects.requireNonNull(handler, "handler");
        if (services.containsKey(serviceId)) {
            throw new IllegalArgumentException("service already offered: " + serviceId);
        }
        services.put(serviceId, new Service(serviceId, backlog, handler));
    }

    /** @return the service offered with {@code serviceId}, or null */
    public Service service(int serviceId) {
        return services.get(serviceId);
    }

    /**
     * @return the oldest waiting incoming call of the service, now owned by the caller, or null
     * @throws IllegalArgumentException if the service is not offered
     */
    public Call accept(int serviceId, CallListener listener) {
        Service service = services.get(serviceId);
        if (service == null) {
            if (shutDown) {
                return null;
            }
            throw new IllegalArgumentException("service not offered: " + serviceId);
        }
        Call call = service.poll();
        if (call == null) {
            return null;
        }
        call.listener(listener);
        counters.inc(Counter.CALLS_ACCEPTED);
        return call;
    }

    /**
     * Starts a client call to a service on a peer, on a free channel of a connection to that
     * (peer, service), making the connection if needed.
     *
     * @throws IllegalStateException after {@link #shutdown}
     */
    public Call makeCall(InetSocketAddress peer, int serviceId, CallListener listener, long nowNs) {
        requireOpen();
        Objects.requireNonNull(peer, "peer");
        if (serviceId < 0 || serviceId > 0xffff) {
            throw new IllegalArgumentException("service ID out of range 0..65535: " + serviceId);
        }
        Channel channel = clientConnections.channelFor(peer(peer), serviceId);
        Call call = channel.connection().startCall(channel, nowNs);
        calls.add(call);
        if (listener != null) {
            call.listener(listener);
        }
        // The call counts CALLS_STARTED itself.
        return call;
    }

    /** One datagram from {@code from}. Takes ownership of {@code datagram}, always releasing it. */
    @Override
    public void onDatagram(InetSocketAddress from, ByteBuf datagram, long nowNs) {
        try {
            if (shutDown) {
                return;
            }
            counters.inc(Counter.DATAGRAMS_RECEIVED);
            router.route(new Inbound(from, datagram, nowNs));
        } finally {
            datagram.release();
        }
    }

    /** Runs every deadline that is due at {@code nowNs}. */
    @Override
    public void runDue(long nowNs) {
        if (shutDown) {
            return;
        }
        context.timers().pollDue(nowNs, owner -> owner.accept(nowNs));
    }

    /** @return the earliest pending deadline, or {@link Long#MAX_VALUE} if none */
    @Override
    public long nextDeadlineNs() {
        return context.timers().nextDeadlineNs();
    }

    /** @return this endpoint's counters */
    public Counters counters() {
        return counters;
    }

    /**
     * @return how many packets were dropped because they failed to decode for {@code reason}
     *     (headers and bodies; the total of body failures is {@link Counter#DROP_MALFORMED_BODY})
     */
    public long decodeFailures(DecodeException.Reason reason) {
        return router.decodeFailures(reason);
    }

    /**
     * @return this endpoint's state as immutable views, built anew on each call; engine
     *     thread only (the rxdebug responder reads it)
     */
    public EndpointSnapshot snapshot() {
        return views;
    }

    /** @return the names of the inbound router's steps, in order */
    public List<String> routerSteps() {
        return router.stepNames();
    }

    /**
     * Ends every call (LOCAL_ERROR), forgets every connection and peer, and releases every
     * buffer the endpoint holds. The endpoint accepts nothing afterwards. Idempotent.
     */
    public void shutdown(long nowNs) {
        if (shutDown) {
            return;
        }
        shutDown = true;
        for (Connection c : allConnections()) {
            c.terminateAll(CompletionType.LOCAL_ERROR, 0, "endpoint shut down", nowNs);
        }
        List<Call> remaining = new ArrayList<>(calls);
        for (Service s : services.values()) {
            remaining.addAll(s.drain());
        }
        for (Call call : remaining) {
            // On a running call this completes it; on a completed one it releases the data the
            // application never read.
            call.terminate(CompletionType.LOCAL_ERROR, 0, "endpoint shut down", nowNs);
        }
        calls.clear();
        context.timers().clear();
        clientConnections.clear();
        serviceConnections.clear();
        peers.clear();
    }

    /** @return calls not yet complete, or complete but still holding unread data */
    public int liveCalls() {
        prune();
        return calls.size();
    }

    /** @return connections the endpoint holds */
    public int liveConnections() {
        return clientConnections.size() + serviceConnections.size();
    }

    /** @return peers the endpoint holds */
    public int livePeers() {
        return peers.size();
    }

    // ---- for the router and the connections

    ByteBufAllocator allocator() {
        return context.allocator();
    }

    ServiceConnections serviceConnections() {
        return serviceConnections;
    }

    ClientConnections clientConnections() {
        return clientConnections;
    }

    PacketTally tally() {
        return tally;
    }

    Iterable<Service> services() {
        return services.values();
    }

    PeerTable peers() {
        return peers;
    }

    /** @return the peer at {@code addr}, made on first use */
    Peer peer(InetSocketAddress addr) {
        return peers.getOrCreate(addr);
    }

    /** Every datagram the engine sends leaves through here, counted. */
    void transmit(InetSocketAddress to, ByteBuf datagram) {
        if (shutDown) {
            datagram.release();
            return;
        }
        counters.inc(Counter.DATAGRAMS_SENT);
        tally.sent(datagram);
        sink.send(to, datagram);
    }

    /** Sends a raw ABORT answering {@code cause}; never in reply to an ABORT. */
    void sendRawAbort(InetSocketAddress to, RxHeader cause, int code) {
        if (cause.type() == PacketType.ABORT) {
            counters.inc(Counter.DROP_ABORT_NOT_ANSWERED);
            return;
        }
        counters.inc(Counter.ABORTS_SENT);
        transmit(to, RawReplies.abort(context.allocator(), cause, code));
    }

    /** Sends a raw BUSY answering {@code cause}. */
    void sendRawBusy(InetSocketAddress to, RxHeader cause) {
        counters.inc(Counter.BUSIES_SENT);
        transmit(to, RawReplies.busy(context.allocator(), cause));
    }

    List<Connection> allConnections() {
        List<Connection> all = new ArrayList<>(clientConnections.all());
        all.addAll(serviceConnections.all());
        return all;
    }

    private void prune() {
        completionsSincePrune = 0;
        for (Iterator<Call> it = calls.iterator(); it.hasNext(); ) {
            Call c = it.next();
            if (!c.holdsBuffers()) {
                it.remove();
            }
        }
    }

    private void requireOpen() {
        if (shutDown) {
            throw new IllegalStateException("endpoint is shut down");
        }
    }

    /** What the connections tell the endpoint. */
    private final class Events implements ConnectionEvents {

        @Override
        public boolean hasRoom(int serviceId) {
            Service s = services.get(serviceId);
            return s != null && s.hasRoom();
        }

        @Override
        public void newServiceCall(Call call, long nowNs) {
            Service s = services.get(call.host().serviceId());
            calls.add(call);
            s.offer(call);
            s.handler().onIncomingCall(LocalEndpoint.this, s.id());
        }

        @Override
        public void callCompleted(Call call) {
            if (!call.holdsBuffers()) {
                calls.remove(call);
            }
            if (++completionsSincePrune >= PRUNE_EVERY) {
                prune();
            }
        }
    }
}
