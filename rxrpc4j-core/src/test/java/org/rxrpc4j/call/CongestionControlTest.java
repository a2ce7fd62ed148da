package org.rxrpc4j.call;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.rxrpc4j.call.CongestionControl.Mode;

class CongestionControlTest {

    @Test
    void startsInSlowStartWithTheInitialWindow() {
        CongestionControl cc = new CongestionControl(4, 128);
        assertThat(cc.cwnd()).isEqualTo(4);
        assertThat(cc.ssthresh()).isEqualTo(128);
        assertThat(cc.mode()).isEqualTo(Mode.SLOW_START);
    }

    @Test
    void slowStartGrowsByOnePerNewlyAckedPacket() {
        CongestionControl cc = new CongestionControl(4, 128);
        assertThat(cc.onAck(3, false, 3, 1, 4)).isFalse();
        assertThat(cc.cwnd()).isEqualTo(7);
        cc.onAck(0, false, 3, 1, 4);
        assertThat(cc.cwnd()).isEqualTo(7);
    }

    @Test
    void congestionAvoidanceGrowsByOnePerWindowAcked() {
        CongestionControl cc = new CongestionControl(4, 128);
        cc.onRto(10); // ssthresh 5, cwnd 1
        assertThat(cc.ssthresh()).isEqualTo(5);
        assertThat(cc.cwnd()).isEqualTo(1);
        cc.onAck(4, false, 4, 0, 4); // 1 → 5 (= ssthresh)
        assertThat(cc.cwnd()).isEqualTo(5);
        assertThat(cc.mode()).isEqualTo(Mode.AVOIDANCE);
        cc.onAck(4, false, 8, 0, 8);
        assertThat(cc.cwnd()).isEqualTo(5);
        cc.onAck(1, false, 9, 0, 9); // 5 acked in avoidance → +1
        assertThat(cc.cwnd()).isEqualTo(6);
        cc.onAck(3, false, 12, 0, 12); // slow start overshoot is carried into avoidance
        cc.onAck(3, false, 15, 0, 15);
        assertThat(cc.cwnd()).isEqualTo(7);
    }

    @Test
    void rtoHalvesTheFlightIntoSsthreshWithAFloorOfTwo() {
        CongestionControl cc = new CongestionControl(4, 128);
        cc.onRto(3);
        assertThat(cc.ssthresh()).isEqualTo(2);
        assertThat(cc.cwnd()).isEqualTo(1);
    }

    @Test
    void threeAcksInARowWithNacksStartFastRetransmit() {
        CongestionControl cc = new CongestionControl(20, 128);
        assertThat(cc.onAck(1, true, 0, 20, 20)).isFalse();
        assertThat(cc.onAck(1, true, 0, 20, 20)).isFalse();
        assertThat(cc.onAck(0, false, 0, 20, 20)).isFalse(); // a clean ACK resets the run
        assertThat(cc.nackRun()).isZero();
        assertThat(cc.onAck(1, true, 0, 20, 20)).isFalse();
        assertThat(cc.onAck(1, true, 0, 20, 20)).isFalse();
        assertThat(cc.onAck(1, true, 0, 20, 24)).isTrue();
        assertThat(cc.mode()).isEqualTo(Mode.RECOVERY);
        assertThat(cc.ssthresh()).isEqualTo(10);
        assertThat(cc.cwnd()).isEqualTo(13);
    }

    @Test
    void recoveryInflatesPerAckedPacketAndEndsAtTheRecoveryPoint() {
        CongestionControl cc = new CongestionControl(20, 128);
        for (int i = 0; i < 3; i++) {
            cc.onAck(1, true, 0, 20, 24);
        }
        assertThat(cc.cwnd()).isEqualTo(13);
        assertThat(cc.onAck(2, true, 0, 20, 26)).isFalse(); // no second fast retransmit
        assertThat(cc.cwnd()).isEqualTo(15);
        cc.onAck(5, false, 23, 3, 26); // below the recovery point (24)
        assertThat(cc.mode()).isEqualTo(Mode.RECOVERY);
        cc.onAck(1, false, 24, 2, 26);
        assertThat(cc.mode()).isEqualTo(Mode.AVOIDANCE);
        assertThat(cc.cwnd()).isEqualTo(10);
    }

    @Test
    void cwndNeverExceedsTheMaximumWindow() {
        CongestionControl cc = new CongestionControl(4, 8);
        cc.onAck(100, false, 100, 0, 100);
        assertThat(cc.cwnd()).isEqualTo(8);
        for (int i = 0; i < 50; i++) {
            cc.onAck(8, false, 100 + 8 * i, 0, 100 + 8 * i);
        }
        assertThat(cc.cwnd()).isEqualTo(8);
    }
}
