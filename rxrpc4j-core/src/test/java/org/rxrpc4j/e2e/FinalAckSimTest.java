package org.rxrpc4j.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.rxrpc4j.config.RxConfig;
import org.rxrpc4j.sim.Sim;
import org.rxrpc4j.sim.SimSeedExtension;
import org.rxrpc4j.trace.Counter;
import org.rxrpc4j.trace.Counters;

/**
 * The deferred final ACK (rx-protocol.md §6.4, §6.5): a client holds back the final ACK of a call
 * for {@code finalAckDelayNs}; a next call on the channel within that time implies it, and the
 * server completes the old call on that call's first DATA. Otherwise the ACK goes out late.
 */
@ExtendWith(SimSeedExtension.class)
class FinalAckSimTest {

    static final int CALLS = 20;

    private SimPair pair;

    @AfterEach
    void shutDownAndCheckForLeaks() {
        if (pair != null) {
            pair.shutdownAndAssertNoLeaks();
        }
    }

    /** Makes CALLS calls one after the other, each as soon as the previous one completed. */
    private void backToBack() {
        for (int i = 0; i < CALLS; i++) {
            PerfClientCall c = pair.startCall(PerfData.HEADER, 100);
            while (c.completion == null) {
                assertThat(pair.scheduler().step()).as("simulation ran dry").isTrue();
            }
        }
        pair.runUntilDone(Duration.ofSeconds(5).toNanos());
        pair.assertAllSucceeded();
    }

    @Test
    void theNextCallOnTheChannelImpliesTheFinalAck(Sim sim) {
        pair = SimPair.builder(sim).build();
        backToBack();
        Counters client = pair.client().engine().counters();
        assertThat(client.get(Counter.FINAL_ACKS_IMPLICIT)).as("final ACKs implied").isEqualTo(CALLS - 1);
        assertThat(client.get(Counter.FINAL_ACKS_DEFERRED)).as("final ACKs sent late").isEqualTo(1);
        assertThat(pair.server().engine().counters().get(Counter.CALLS_SUCCEEDED)).isEqualTo(CALLS);
    }

    @Test
    void withoutADelayEveryCallSendsItsFinalAck(Sim sim) {
        RxConfig atOnce = RxConfig.defaults().withFinalAckDelay(Duration.ZERO);
        pair = SimPair.builder(sim).clientConfig(atOnce).build();
        backToBack();
        Counters client = pair.client().engine().counters();
        assertThat(client.get(Counter.FINAL_ACKS_IMPLICIT)).isZero();
        assertThat(client.get(Counter.FINAL_ACKS_DEFERRED)).isZero();
        assertThat(pair.server().engine().counters().get(Counter.CALLS_SUCCEEDED)).isEqualTo(CALLS);
    }

    @Test
    void aLostDeferredFinalAckIsAnsweredFromTheChannelCache(Sim sim) {
        // the server resends its last reply packet until the client's final ACK arrives
        pair = SimPair.builder(sim).clientToServer(org.rxrpc4j.sim.LinkModel.perfect().loss(0.3)).build();
        backToBack();
        assertThat(pair.server().engine().counters().get(Counter.CALLS_SUCCEEDED)).isEqualTo(CALLS);
    }
}
