package org.rxrpc4j.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.rxrpc4j.sim.Sim;
import org.rxrpc4j.sim.SimSeedExtension;

/**
 * Per-peer congestion-window memory: a call to a peer that a recent call filled its window to
 * starts from that call's window instead of slow-starting from the initial one; once the memory
 * is older than a second it slow-starts again.
 */
@ExtendWith(SimSeedExtension.class)
class CwndMemorySimTest {

    static final long WARM = 1024 * 1024;
    static final long PROBE = 200 * 1024;

    private SimPair pair;

    @AfterEach
    void shutDownAndCheckForLeaks() {
        if (pair != null) {
            pair.shutdownAndAssertNoLeaks();
        }
    }

    private long virtualNsOf(long size) {
        PerfClientCall c = pair.startCall(size, 0);
        pair.runUntilDone(Duration.ofSeconds(10).toNanos());
        pair.assertAllSucceeded();
        PerfServerCall s = pair.serverCalls().get(pair.serverCalls().size() - 1);
        return s.eofAtNs - c.startedAtNs;
    }

    @Test
    void aCallAfterABulkCallStartsWithTheRememberedWindow(Sim sim) {
        pair = SimPair.builder(sim).build();
        long cold = virtualNsOf(PROBE);
        virtualNsOf(WARM);
        long warm = virtualNsOf(PROBE);
        assertThat(warm).as("warm %d ns vs cold %d ns", warm, cold).isLessThan(cold * 3 / 4);
    }

    @Test
    void theMemoryFadesAfterASecond(Sim sim) {
        pair = SimPair.builder(sim).build();
        long cold = virtualNsOf(PROBE);
        virtualNsOf(WARM);
        pair.scheduler().runFor(Duration.ofMillis(1500).toNanos());
        long later = virtualNsOf(PROBE);
        assertThat(later).as("after 1.5 s idle %d ns vs cold %d ns", later, cold).isGreaterThanOrEqualTo(cold * 9 / 10);
    }
}
