package org.rxrpc4j.conn;

import java.net.InetSocketAddress;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.rxrpc4j.call.EngineContext;
import org.rxrpc4j.peer.Peer;
import org.rxrpc4j.trace.Counter;
import org.rxrpc4j.wire.RxHeader;

/**
 * An endpoint's service connections, keyed by (peer address, epoch, cid with the channel bits
 * clear) as the kernel keys them per peer (rx-protocol.md §1.2, Appendix A). The client picks
 * the epoch and cid; a service connection is made when the first DATA packet of a new call
 * arrives for an offered service. Engine thread only.
 */
public final class ServiceConnections {

    /** What names a service connection. */
    public record Key(InetSocketAddress peer, int epoch, int cid) {
        /** @return the key of the connection a packet from {@code from} with {@code h} is on */
        public static Key of(InetSocketAddress from, RxHeader h) {
            return new Key(from, h.epoch(), h.connectionId());
        }
    }

    private final EngineContext context;
    private final Outbound out;
    private final ConnectionEvents events;
    private final Map<Key, Connection> byKey = new LinkedHashMap<>();

    public ServiceConnections(EngineContext context, Outbound out, ConnectionEvents events) {
        this.context = context;
        this.out = out;
        this.events = events;
    }

    /** @return the service connection a packet from {@code from} with header {@code h} is on, or null */
    public Connection find(InetSocketAddress from, RxHeader h) {
        return byKey.get(Key.of(from, h));
    }

    /**
     * Makes the service connection for a packet that starts a call; the caller has checked that
     * none exists and that the service and security index are acceptable.
     *
     * @param from the address the packet came from ({@code peer}'s address)
     */
    public Connection create(InetSocketAddress from, Peer peer, RxHeader h) {
        Key key = Key.of(from, h);
        Connection c = new Connection(context, out, events, peer, false, h.epoch(), h.connectionId(),
                h.serviceId(), h.securityIndex());
        if (byKey.putIfAbsent(key, c) != null) {
            throw new IllegalStateException("service connection exists: " + key);
        }
        context.counters().inc(Counter.CONNECTIONS_CREATED);
        return c;
    }

    /** @return the number of service connections */
    public int size() {
        return byKey.size();
    }

    /** @return every service connection, in creation order (read-only) */
    public Collection<Connection> all() {
        return Collections.unmodifiableCollection(byKey.values());
    }

    /** Forgets every connection, counting each as destroyed. */
    public void clear() {
        context.counters().add(Counter.CONNECTIONS_DESTROYED, byKey.size());
        byKey.clear();
    }
}
