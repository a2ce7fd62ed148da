package org.rxrpc4j.conn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.rxrpc4j.env.Entropy;

/** Epoch and connection-ID allocation (rx-protocol.md §1.1, §1.2, Appendix A). */
class ConnectionIdsTest {

    @Test
    void theEpochHasBit31SetAndBit30ClearWhateverTheDraw() {
        for (int draw : new int[] {0, -1, 0x40000000, 0x7fffffff, 0x80000000, 0x12345678}) {
            int epoch = new ConnectionIds(draw, 0).epoch();
            assertThat(epoch & 0x80000000).as("bit 31 of %x", draw).isNotZero();
            assertThat(epoch & 0x40000000).as("bit 30 of %x", draw).isZero();
            assertThat(epoch & 0x3fffffff).isEqualTo(draw & 0x3fffffff);
        }
        Entropy e = Entropy.seeded(7);
        for (int i = 0; i < 1000; i++) {
            int epoch = new ConnectionIds(e).epoch();
            assertThat(epoch >>> 30).isEqualTo(2);
        }
    }

    @Test
    void theEpochIsDrawnOnceAndStays() {
        ConnectionIds ids = new ConnectionIds(Entropy.seeded(3));
        int epoch = ids.epoch();
        for (int i = 0; i < 10; i++) {
            ids.next(id -> false);
        }
        assertThat(ids.epoch()).isEqualTo(epoch);
    }

    @Test
    void connectionIdsStartAtTheDrawWithChannelBitsClearAndStepByFour() {
        ConnectionIds ids = new ConnectionIds(0, 0x12345677);
        assertThat(ids.next(id -> false)).isEqualTo(0x12345674);
        assertThat(ids.next(id -> false)).isEqualTo(0x12345678);
        assertThat(ids.next(id -> false)).isEqualTo(0x1234567c);
    }

    @Test
    void connectionIdsWrapAndNeverAreZero() {
        ConnectionIds ids = new ConnectionIds(0, 0xfffffff9);
        assertThat(ids.next(id -> false)).isEqualTo(0xfffffff8);
        assertThat(ids.next(id -> false)).isEqualTo(0xfffffffc);
        assertThat(ids.next(id -> false)).isEqualTo(4);
        assertThat(ids.next(id -> false)).isEqualTo(8);
    }

    @Test
    void aZeroDrawStartsAtFour() {
        for (int draw = 0; draw < 4; draw++) {
            assertThat(new ConnectionIds(0, draw).next(id -> false)).isEqualTo(4);
        }
    }

    @Test
    void idsStillInUseAreSkipped() {
        ConnectionIds ids = new ConnectionIds(0, 0x100);
        Set<Integer> inUse = new HashSet<>(Set.of(0x100, 0x104, 0x10c));
        assertThat(ids.next(inUse::contains)).isEqualTo(0x108);
        assertThat(ids.next(inUse::contains)).isEqualTo(0x110);
    }

    @Test
    void randomStartsAreMultiplesOfFourAndNonZero() {
        Entropy e = Entropy.seeded(11);
        for (int i = 0; i < 1000; i++) {
            int cid = new ConnectionIds(e).next(id -> false);
            assertThat(cid & 3).isZero();
            assertThat(cid).isNotZero();
        }
    }
}
