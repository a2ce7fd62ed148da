package org.rxrpc4j.wire;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SeqMathTest {

    @Test
    void comparesAcrossTheWrap() {
        int last = 0xffffffff;
        assertThat(SeqMath.before(last, 0)).isTrue();
        assertThat(SeqMath.after(0, last)).isTrue();
        assertThat(SeqMath.before(0x7ffffffe, 0x80000001)).isTrue();
        assertThat(SeqMath.diff(2, last)).isEqualTo(3);
        assertThat(SeqMath.diff(last, 2)).isEqualTo(-3);
    }

    @Test
    void orderingIsStrictOrInclusiveAsNamed() {
        assertThat(SeqMath.before(5, 5)).isFalse();
        assertThat(SeqMath.after(5, 5)).isFalse();
        assertThat(SeqMath.beforeOrEqual(5, 5)).isTrue();
        assertThat(SeqMath.afterOrEqual(5, 5)).isTrue();
        assertThat(SeqMath.beforeOrEqual(6, 5)).isFalse();
        assertThat(SeqMath.afterOrEqual(4, 5)).isFalse();
    }

    @Test
    void nextSerialSkipsZero() {
        assertThat(SeqMath.nextSerial(1)).isEqualTo(2);
        assertThat(SeqMath.nextSerial(0x7fffffff)).isEqualTo(0x80000000);
        assertThat(SeqMath.nextSerial(0xffffffff)).isEqualTo(1);
    }
}
