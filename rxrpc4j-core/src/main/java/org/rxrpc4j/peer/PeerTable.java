package org.rxrpc4j.peer;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.rxrpc4j.config.RxConfig;
import org.rxrpc4j.trace.Counter;
import org.rxrpc4j.trace.Counters;

/**
 * A local endpoint's peers, keyed by UDP address. Engine thread only. Creating and removing a
 * peer bumps {@link Counter#PEERS_CREATED} / {@link Counter#PEERS_DESTROYED}.
 */
public final class PeerTable {

    private final Map<InetSocketAddress, Peer> peers = new HashMap<>();
    private final RxConfig config;
    private final Counters counters;

    /**
     * @param config the tunables new peers take
     * @param counters where creations and removals are counted
     */
    public PeerTable(RxConfig config, Counters counters) {
        this.config = Objects.requireNonNull(config, "config");
        this.counters = Objects.requireNonNull(counters, "counters");
    }

    /** @return the peer at {@code address}, or null */
    public Peer get(InetSocketAddress address) {
        return peers.get(address);
    }

    /** @return the peer at {@code address}, created if there was none */
    public Peer getOrCreate(InetSocketAddress address) {
        Peer p = peers.get(address);
        if (p == null) {
            p = new Peer(address, config);
            peers.put(address, p);
            counters.inc(Counter.PEERS_CREATED);
        }
        return p;
    }

    /** @return the removed peer, or null if none was at {@code address} */
    public Peer remove(InetSocketAddress address) {
        Peer p = peers.remove(address);
        if (p != null) {
            counters.inc(Counter.PEERS_DESTROYED);
        }
        return p;
    }

    /** @return how many peers the table holds */
    public int size() {
        return peers.size();
    }

    /** Calls {@code action} for each peer; the action may remove peers. */
    public void forEach(Consumer<Peer> action) {
        for (Peer p : new ArrayList<>(peers.values())) {
            action.accept(p);
        }
    }

    /** Removes every peer (counted). */
    public void clear() {
        counters.add(Counter.PEERS_DESTROYED, peers.size());
        peers.clear();
    }
}
