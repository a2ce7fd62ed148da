package org.rxrpc4j.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.rxrpc4j.config.RxConfig;
import org.rxrpc4j.sim.LinkModel;
import org.rxrpc4j.sim.Sim;
import org.rxrpc4j.sim.SimSeedExtension;
import org.rxrpc4j.trace.Counter;
import org.rxrpc4j.trace.Counters;
import org.rxrpc4j.wire.PacketType;

/**
 * Jumbogram sending: a sender joins consecutive full first transmissions into one datagram once
 * the peer's ACK trailer advertised jumbogram support, and never otherwise (rx-protocol.md §3.3,
 * §3.4). The receiving engine splits them back, and every byte arrives.
 */
@ExtendWith(SimSeedExtension.class)
class JumboSendSimTest {

    static final long SIZE = 4L * 1024 * 1024;

    private SimPair pair;

    @AfterEach
    void shutDownAndCheckForLeaks() {
        if (pair != null) {
            pair.shutdownAndAssertNoLeaks();
        }
    }

    @Test
    void aPeerThatAdvertisesJumbogramsGetsThem(Sim sim) {
        pair = SimPair.builder(sim).build();
        pair.startCall(SIZE, 0);
        pair.runUntilDone(TransferSimTest.virtualTimeLimitNs(SIZE));
        pair.assertAllSucceeded();

        Counters client = pair.client().engine().counters();
        Counters server = pair.server().engine().counters();
        long packets = client.get(Counter.DATA_PACKETS_SENT);
        long jumbos = client.get(Counter.JUMBOGRAMS_SENT);
        long datagrams = pair.clientSent().count(PacketType.DATA);
        assertThat(jumbos).as("jumbograms sent").isPositive();
        assertThat(server.get(Counter.JUMBOGRAMS_RECEIVED)).as("jumbograms received").isEqualTo(jumbos);
        assertThat(server.get(Counter.DATA_PACKETS_RECEIVED)).isEqualTo(packets);
        // at most jumboMax (4 by default) packets a datagram, and most datagrams carry several
        assertThat(datagrams).isLessThan(packets / 2).isGreaterThanOrEqualTo(packets / RxConfig.defaults().jumboMax());
    }

    @Test
    void aPeerThatAdvertisesNoJumbogramsGetsOnePacketADatagram(Sim sim) {
        pair = SimPair.builder(sim).serverConfig(RxConfig.defaults().withJumboMax(1)).build();
        pair.startCall(SIZE, 0);
        pair.runUntilDone(TransferSimTest.virtualTimeLimitNs(SIZE));
        pair.assertAllSucceeded();

        Counters client = pair.client().engine().counters();
        assertThat(client.get(Counter.JUMBOGRAMS_SENT)).isZero();
        assertThat(pair.clientSent().count(PacketType.DATA)).isEqualTo(client.get(Counter.DATA_PACKETS_SENT));
    }

    @Test
    void jumbogramsSurviveLossAndResendsGoAlone(Sim sim) {
        pair = SimPair.builder(sim).links(LinkModel.perfect().loss(0.02)).build();
        pair.startCall(PerfData.HEADER, SIZE);
        pair.runUntilDone(TransferSimTest.virtualTimeLimitNs(SIZE));
        pair.assertAllSucceeded();

        Counters server = pair.server().engine().counters();
        assertThat(server.get(Counter.JUMBOGRAMS_SENT)).isPositive();
        assertThat(server.get(Counter.DATA_PACKETS_RESENT)).isPositive();
    }
}
