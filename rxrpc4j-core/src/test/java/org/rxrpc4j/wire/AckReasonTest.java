package org.rxrpc4j.wire;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AckReasonTest {

    @Test
    void namesEveryReasonAndNothingElse() {
        assertThat(AckReason.name(AckReason.REQUESTED)).isEqualTo("REQUESTED");
        assertThat(AckReason.name(AckReason.PING)).isEqualTo("PING");
        assertThat(AckReason.name(AckReason.IDLE)).isEqualTo("IDLE");
        assertThat(AckReason.name(0)).isNull();
        assertThat(AckReason.name(10)).isNull();
        assertThat(AckReason.name(-1)).isNull();
    }
}
