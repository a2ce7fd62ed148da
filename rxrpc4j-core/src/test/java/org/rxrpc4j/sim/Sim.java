package org.rxrpc4j.sim;

import java.util.ArrayList;
import java.util.List;

/**
 * One simulation test's world, made by {@link SimSeedExtension}: the seed, a scheduler and a
 * network on it. Extra networks made through {@link #newNetwork(SimScheduler, long)} are
 * reported and closed along with the main one.
 */
public final class Sim {

    private final long seed;
    private final SimScheduler scheduler;
    private final SimNetwork network;
    private final List<SimNetwork> networks = new ArrayList<>();

    /** @param seed the seed of the main network */
    public Sim(long seed) {
        this.seed = seed;
        this.scheduler = new SimScheduler();
        this.network = newNetwork(scheduler, seed);
    }

    /** @return the test's seed */
    public long seed() {
        return seed;
    }

    /** @return the main scheduler */
    public SimScheduler scheduler() {
        return scheduler;
    }

    /** @return the main network, seeded with {@link #seed()} */
    public SimNetwork network() {
        return network;
    }

    /** Makes another network (for instance to compare two runs) that failure reports include. */
    public SimNetwork newNetwork(SimScheduler on, long networkSeed) {
        SimNetwork n = new SimNetwork(on, networkSeed);
        networks.add(n);
        return n;
    }

    /** @return the seed and the last {@code lastEvents} events of every network */
    public String report(int lastEvents) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < networks.size(); i++) {
            SimNetwork n = networks.get(i);
            sb.append("network ").append(i).append(" (seed ").append(n.seed()).append(", ")
                    .append(n.scheduler().elapsedNs()).append(" ns elapsed): ")
                    .append(n.trace().dump(lastEvents));
        }
        return sb.toString();
    }

    /** Closes every network, releasing datagrams still in flight. */
    void close() {
        for (SimNetwork n : networks) {
            n.close();
        }
    }
}
