package org.rxrpc4j.call;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.rxrpc4j.wire.AckReason;

class AckPolicyTest {

    @Test
    void immediateReasonsFollowTheOutcome() {
        AckPolicy p = new AckPolicy();
        assertThat(p.onData(RxQueue.DUPLICATE, false)).isEqualTo(AckReason.DUPLICATE);
        assertThat(p.onData(RxQueue.EXCEEDS_WINDOW, true)).isEqualTo(AckReason.EXCEEDS_WINDOW);
        assertThat(p.onData(RxQueue.OUT_OF_SEQUENCE, true)).isEqualTo(AckReason.OUT_OF_SEQUENCE);
        assertThat(p.onData(RxQueue.FILLED_HOLE, false)).isEqualTo(AckReason.DELAY);
        assertThat(p.onData(RxQueue.FILLED_HOLE, true)).isEqualTo(AckReason.REQUESTED);
        assertThat(p.onData(RxQueue.IN_ORDER, true)).isEqualTo(AckReason.REQUESTED);
        assertThat(p.unacked()).isZero();
    }

    @Test
    void thirdUnackedPacketForcesIdleOrPingWhileTheRttIsUnknown() {
        AckPolicy p = new AckPolicy();
        assertThat(p.onData(RxQueue.IN_ORDER, false)).isZero();
        assertThat(p.afterUnacked(5)).isZero();
        p.onData(RxQueue.IN_ORDER, false);
        assertThat(p.afterUnacked(5)).isZero();
        p.onData(RxQueue.IN_ORDER, false);
        assertThat(p.afterUnacked(5)).isEqualTo(AckReason.IDLE);
        assertThat(p.afterUnacked(2)).isEqualTo(AckReason.PING);
        p.onAckSent(10);
        assertThat(p.unacked()).isZero();
        assertThat(p.afterUnacked(5)).isZero();
    }

    @Test
    void delayedAckIsAboutOneSrttBetweenOneMillisecondAndTheCap() {
        assertThat(AckPolicy.delayedAckNs(0, 100_000_000L)).isEqualTo(1_000_000L);
        assertThat(AckPolicy.delayedAckNs(30_000_000L, 100_000_000L)).isEqualTo(30_000_000L);
        assertThat(AckPolicy.delayedAckNs(900_000_000L, 100_000_000L)).isEqualTo(100_000_000L);
    }

    @Test
    void consumptionAcksAfterMoreThanEightPacketsOrWhenTheWindowReopens() {
        AckPolicy p = new AckPolicy();
        p.onAckSent(50);
        assertThat(p.onConsumed(8, 58)).isZero();
        assertThat(p.onConsumed(1, 59)).isEqualTo(AckReason.IDLE);
        p.onAckSent(0); // advertised a closed window
        assertThat(p.onConsumed(1, 1)).isEqualTo(AckReason.IDLE);
    }

    @Test
    void priorityFollowsTheKernelOrder() {
        int[] order = {AckReason.IDLE, AckReason.DELAY, AckReason.REQUESTED, AckReason.DUPLICATE,
            AckReason.EXCEEDS_WINDOW, AckReason.NOSPACE, AckReason.OUT_OF_SEQUENCE};
        for (int i = 1; i < order.length; i++) {
            assertThat(AckPolicy.priority(order[i])).isGreaterThan(AckPolicy.priority(order[i - 1]));
        }
        assertThat(AckPolicy.priority(0)).isZero();
    }
}
