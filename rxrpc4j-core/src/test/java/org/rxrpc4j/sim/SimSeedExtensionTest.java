package org.rxrpc4j.sim;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SimSeedExtensionTest {

    @Test
    void propertyOverridesAnnotationWhichOverridesDerivation() {
        assertThat(SimSeedExtension.resolveSeed("12", 5, "a.B#c")).isEqualTo(12);
        assertThat(SimSeedExtension.resolveSeed("0x10", 5, "a.B#c")).isEqualTo(16);
        assertThat(SimSeedExtension.resolveSeed(null, 5, "a.B#c")).isEqualTo(5);
        assertThat(SimSeedExtension.resolveSeed("", 5, "a.B#c")).isEqualTo(5);
    }

    @Test
    void derivedSeedIsStablePerTestAndDiffersBetweenTests() {
        long one = SimSeedExtension.resolveSeed(null, SimTest.DERIVED, "a.B#c");
        assertThat(SimSeedExtension.resolveSeed(null, SimTest.DERIVED, "a.B#c")).isEqualTo(one);
        assertThat(SimSeedExtension.resolveSeed(null, SimTest.DERIVED, "a.B#d")).isNotEqualTo(one);
    }

    @SimTest(seed = 99)
    void simParameterCarriesTheSeed(Sim sim) {
        if (System.getProperty(SimSeedExtension.SEED_PROPERTY) == null) {
            assertThat(sim.seed()).isEqualTo(99);
        }
        assertThat(sim.network().seed()).isEqualTo(sim.seed());
        assertThat(sim.network().scheduler()).isSameAs(sim.scheduler());
    }

    @Test
    void failureReportNamesSeedAndShowsEvents() {
        Sim sim = new Sim(7);
        SimNode a = sim.network().addNode();
        SimNode b = sim.network().addNode();
        a.send(b.address(), io.netty.buffer.Unpooled.wrappedBuffer(new byte[] {1, 2, 3}));
        sim.scheduler().runUntilIdle();
        String report = sim.report(10);
        assertThat(report).contains("seed 7").contains("SENT").contains("no-receiver");
        sim.close();
    }
}
