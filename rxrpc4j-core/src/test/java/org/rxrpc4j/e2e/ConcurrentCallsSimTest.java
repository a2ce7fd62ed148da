package org.rxrpc4j.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.rxrpc4j.sim.LinkModel;
import org.rxrpc4j.sim.Sim;
import org.rxrpc4j.sim.SimTest;

/**
 * A thousand calls between the same two endpoints, all started at the same virtual instant,
 * with small requests and replies of mixed sizes (0 to about 2 DATA packets each way): every
 * one completes SUCCEEDED on both sides with every byte delivered, on a clean link and on
 * lossy ones. 1,000 calls need 250 client connections of 4 channels.
 */
class ConcurrentCallsSimTest {

    static final int CALLS = 1000;
    static final long LIMIT_NS = 3_600_000_000_000L; // an hour of virtual time

    private SimPair pair;

    @AfterEach
    void shutDownAndCheckForLeaks() {
        if (pair != null) {
            pair.shutdownAndAssertNoLeaks();
        }
    }

    /** Starts {@link #CALLS} calls of mixed small sizes at once. */
    private void startMixedCalls() {
        for (int i = 0; i < CALLS; i++) {
            long request = i % 10 == 0 ? i % 8 : PerfData.HEADER + (i * 37L) % 3000;
            long reply = request < PerfData.HEADER ? 0 : (i * 53L) % 3000;
            pair.startCall(request, reply);
        }
    }

    private void runAndCheck() {
        pair.runUntilDone(LIMIT_NS);
        pair.assertAllSucceeded();
        assertThat(pair.serverCalls()).hasSize(CALLS);
    }

    @SimTest
    void thousandConcurrentCallsAllSucceed(Sim sim) {
        pair = SimPair.clean(sim);
        startMixedCalls();
        runAndCheck();
    }

    @SimTest
    void thousandConcurrentCallsAllSucceedWithTheApplicationInsideCallbacks(Sim sim) {
        pair = SimPair.builder(sim).inlineApp(true).build();
        startMixedCalls();
        runAndCheck();
    }

    @SimTest
    void thousandConcurrentCallsAllSucceedDespiteOnePercentLoss(Sim sim) {
        pair = SimPair.builder(sim).links(LinkModel.perfect().loss(0.01)).build();
        startMixedCalls();
        runAndCheck();
    }

    @SimTest
    void thousandConcurrentCallsAllSucceedDespiteTenPercentLossReorderingAndDuplication(Sim sim) {
        pair = SimPair.builder(sim)
                .links(LinkModel.perfect().loss(0.10).reorder(0.05, 1_000_000L).duplicate(0.05))
                .build();
        startMixedCalls();
        runAndCheck();
    }

    @SimTest
    void thousandConcurrentCallsAllSucceedThroughATenGigabitBottleneckWithLoss(Sim sim) {
        pair = SimPair.builder(sim).bandwidthBps(10_000_000_000L).links(LinkModel.perfect().loss(0.05)).build();
        startMixedCalls();
        runAndCheck();
    }
}
