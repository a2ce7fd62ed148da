package org.rxrpc4j.conn;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rxrpc4j.call.EngineContext;
import org.rxrpc4j.peer.Peer;
import org.rxrpc4j.trace.Counter;
import org.rxrpc4j.wire.RxHeader;

/**
 * An endpoint's client connections: found by connection ID for inbound packets, and chosen for
 * new calls by (peer, service). This policy is the simplest one: reuse a connection to
 * the same (peer, service, security index 0) that has a free channel, else make a new one. The
 * kernel's cache with limits and expiry comes later. Engine thread only.
 */
public final class ClientConnections {

    private record Target(InetSocketAddress peer, int serviceId) {}

    private final EngineContext context;
    private final Outbound out;
    private final ConnectionEvents events;
    private final ConnectionIds ids;
    private final Map<Integer, Connection> byId = new LinkedHashMap<>();
    private final Map<Target, List<Connection>> byTarget = new LinkedHashMap<>();

    /** @param ids the endpoint's epoch and connection-ID allocator */
    public ClientConnections(EngineContext context, Outbound out, ConnectionEvents events,
            ConnectionIds ids) {
        this.context = context;
        this.out = out;
        this.events = events;
        this.ids = ids;
    }

    /** @return the epoch of every client connection of this endpoint */
    public int epoch() {
        return ids.epoch();
    }

    /**
     * @return a free channel on a connection to {@code peer} for {@code serviceId} (security
     *     index 0), making a new connection if none has one
     */
    public Channel channelFor(Peer peer, int serviceId) {
        Target target = new Target(peer.address(), serviceId);
        List<Connection> list = byTarget.computeIfAbsent(target, t -> new ArrayList<>(1));
        for (Connection c : list) {
            Channel ch = c.freeChannel();
            if (ch != null) {
                return ch;
            }
        }
        int cid = ids.next(byId::containsKey);
        Connection c = new Connection(context, out, events, peer, true, ids.epoch(), cid, serviceId, 0);
        byId.put(cid, c);
        list.add(c);
        context.counters().inc(Counter.CONNECTIONS_CREATED);
        return c.freeChannel();
    }

    /**
     * @param epoch the packet's epoch
     * @param cid the packet's cid (channel bits ignored)
     * @return the client connection the packet belongs to, or null. Replies are accepted from
     *     any address: our random epoch and the ID name the connection (Appendix A).
     */
    public Connection find(int epoch, int cid) {
        if (epoch != ids.epoch()) {
            return null;
        }
        return byId.get(cid & RxHeader.CID_MASK);
    }

    /** @return the number of client connections */
    public int size() {
        return byId.size();
    }

    /** @return every client connection, in creation order (read-only) */
    public Collection<Connection> all() {
        return Collections.unmodifiableCollection(byId.values());
    }

    /** Forgets every connection, counting each as destroyed. */
    public void clear() {
        context.counters().add(Counter.CONNECTIONS_DESTROYED, byId.size());
        byId.clear();
        byTarget.clear();
    }
}
