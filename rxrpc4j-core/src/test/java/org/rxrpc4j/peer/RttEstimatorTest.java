package org.rxrpc4j.peer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.rxrpc4j.config.RxConfig;

/** The kernel RTT estimator, checked against sequences computed by hand (ms → ns). */
class RttEstimatorTest {

    private static final long MS = 1_000_000L;

    /** Defaults, but with a 1 ms RTO floor so that the raw formula is visible. */
    private static RxConfig lowFloor() {
        RxConfig d = RxConfig.defaults();
        return new RxConfig(d.rxWindow(), d.txMaxWindow(), d.initialCwnd(), d.maxDataPerPacket(),
                d.jumboMax(), d.maxMtu(), d.ifMtu(), d.softAckDelayNs(), d.idleAckDelayNs(),
                d.normalTimeoutNs(), d.initialRtoNs(), MS, d.maxRtoNs(), d.txBufferPackets(),
                d.defaultBacklog(), d.finalAckDelayNs());
    }

    @Test
    void beforeAnySampleTheRtoIsTheInitialOne() {
        RttEstimator e = new RttEstimator(RxConfig.defaults());
        assertThat(e.samples()).isZero();
        assertThat(e.srttNs()).isZero();
        assertThat(e.rtoNs()).isEqualTo(1000 * MS);
    }

    @Test
    void handComputedSequence() {
        RttEstimator e = new RttEstimator(lowFloor());
        // m = 10: srtt8 = 80, mdev4 = 20, rttvar = mdevMax = 20; RTO = 10 + 20 + 100 = 130
        e.sample(10 * MS);
        assertThat(e.srttNs()).isEqualTo(10 * MS);
        assertThat(e.rttvarNs()).isEqualTo(20 * MS);
        assertThat(e.rtoNs()).isEqualTo(130 * MS);
        // m = 20: err 10, srtt8 = 90 (srtt 11.25); 10 - 20/4 = 5, mdev4 = 25 → rttvar 25
        e.sample(20 * MS);
        assertThat(e.srttNs()).isEqualTo(11_250_000L);
        assertThat(e.rttvarNs()).isEqualTo(25 * MS);
        assertThat(e.rtoNs()).isEqualTo(11_250_000L + 25 * MS + 100 * MS);
        // m = 5: err -6.25, srtt8 = 83.75 (srtt 10.46875); 6.25 - 25/4 = 0 → mdev4 stays 25
        e.sample(5 * MS);
        assertThat(e.srttNs()).isEqualTo(10_468_750L);
        assertThat(e.rttvarNs()).isEqualTo(25 * MS);
        assertThat(e.rtoNs()).isEqualTo(10_468_750L + 125 * MS);
        assertThat(e.samples()).isEqualTo(3);
    }

    @Test
    void negativeErrorsMoveMdevByAnEighthAndRttvarNeverDecays() {
        RttEstimator e = new RttEstimator(lowFloor());
        e.sample(100 * MS); // srtt8 800, mdev4 200, rttvar 200
        e.sample(20 * MS); // err -80: srtt8 720 (90); m = 80 - 50 = 30 → /8 = 3.75; mdev4 203.75
        assertThat(e.srttNs()).isEqualTo(90 * MS);
        assertThat(e.rttvarNs()).isEqualTo(203_750_000L);
        for (int i = 0; i < 50; i++) {
            e.sample(90 * MS); // steady: mdev shrinks, but rttvar keeps its maximum (kernel)
        }
        assertThat(e.rttvarNs()).isEqualTo(203_750_000L);
    }

    @Test
    void firstRttvarHasA200MicrosecondFloor() {
        RttEstimator e = new RttEstimator(lowFloor());
        e.sample(50_000L); // 50 µs: mdev4 = 100 µs < 200 µs
        assertThat(e.rttvarNs()).isEqualTo(RttEstimator.MDEV_FLOOR_NS);
    }

    @Test
    void rtoIsClampedToTheConfiguredRange() {
        RttEstimator e = new RttEstimator(RxConfig.defaults());
        e.sample(MS);
        assertThat(e.rtoNs()).isEqualTo(RxConfig.defaults().minRtoNs()); // 103 ms → 200 ms
        RttEstimator slow = new RttEstimator(RxConfig.defaults());
        slow.sample(300_000 * MS);
        assertThat(slow.rtoNs()).isEqualTo(RxConfig.defaults().maxRtoNs());
    }

    @Test
    void nonPositiveSamplesAreIgnored() {
        RttEstimator e = new RttEstimator(RxConfig.defaults());
        e.sample(0);
        e.sample(-5);
        assertThat(e.samples()).isZero();
        assertThat(e.rtoNs()).isEqualTo(RxConfig.defaults().initialRtoNs());
    }

    @Test
    void backoffDoublesUpToTheMaximum() {
        RttEstimator e = new RttEstimator(RxConfig.defaults());
        assertThat(e.rtoWithBackoff(0)).isEqualTo(1000 * MS);
        assertThat(e.rtoWithBackoff(1)).isEqualTo(2000 * MS);
        assertThat(e.rtoWithBackoff(6)).isEqualTo(64_000 * MS);
        assertThat(e.rtoWithBackoff(7)).isEqualTo(120_000 * MS);
        assertThat(e.rtoWithBackoff(63)).isEqualTo(120_000 * MS);
        assertThat(e.rtoWithBackoff(1000)).isEqualTo(120_000 * MS);
    }
}
