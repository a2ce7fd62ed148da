package org.rxrpc4j.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The rxperf-like application's content and digest, which every end-to-end check rests on. */
class PerfDataTest {

    @Test
    void fillingInPiecesGivesTheSameBytesAsFillingAtOnce() {
        byte[] whole = new byte[1000];
        PerfData.fill(42, 3, whole, 0, whole.length);
        byte[] pieces = new byte[1000];
        for (int off = 0, len = 1; off < pieces.length; off += len, len = len * 2 + 1) {
            PerfData.fill(42, 3 + off, pieces, off, Math.min(len, pieces.length - off));
        }
        assertThat(pieces).isEqualTo(whole);
        for (int i = 0; i < whole.length; i++) {
            assertThat(whole[i]).isEqualTo(PerfData.streamByte(42, 3 + i));
        }
    }

    @Test
    void differentSeedsGiveDifferentStreams() {
        byte[] a = new byte[64];
        byte[] b = new byte[64];
        PerfData.fill(1, 0, a, 0, 64);
        PerfData.fill(2, 0, b, 0, 64);
        assertThat(a).isNotEqualTo(b);
    }

    @Test
    void firstMismatchFindsTheFirstWrongByteAndOnlyIt() {
        byte[] a = new byte[300];
        PerfData.fill(7, 1000, a, 0, a.length);
        assertThat(PerfData.firstMismatch(7, 1000, a, 0, a.length)).isEqualTo(-1);
        a[123] ^= 1;
        a[200] ^= 1;
        assertThat(PerfData.firstMismatch(7, 1000, a, 0, a.length)).isEqualTo(123);
        assertThat(PerfData.firstMismatch(7, 1000 + 124, a, 124, 50)).isEqualTo(-1);
        assertThat(PerfData.firstMismatch(7, 1001, a, 0, 10)).isZero(); // off by one position
    }

    @Test
    void requestCarriesTheReplySizeInItsFirstEightBytesBigEndian() {
        byte[] a = new byte[20];
        PerfData.fillRequest(9, 20, 0x0102030405060708L, 0, a, 0, a.length);
        assertThat(Arrays.copyOf(a, 8)).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
        assertThat(PerfData.firstMismatch(9, 8, a, 8, 12)).isEqualTo(-1);
        byte[] tail = new byte[5];
        PerfData.fillRequest(9, 20, 0x0102030405060708L, 6, tail, 0, tail.length);
        assertThat(tail[0]).isEqualTo((byte) 7);
        assertThat(tail[1]).isEqualTo((byte) 8);
        assertThat(tail[2]).isEqualTo(PerfData.streamByte(9, 8));
        byte[] shortRequest = new byte[5];
        PerfData.fillRequest(9, 5, 77, 0, shortRequest, 0, 5);
        assertThat(PerfData.firstMismatch(9, 0, shortRequest, 0, 5)).as("too short to carry a size").isEqualTo(-1);
    }

    @Test
    void digestSeesOrderAndEveryByteAndCanBeComputedInPieces() {
        byte[] a = {1, 2, 3, 4};
        long whole = PerfData.digest(PerfData.DIGEST_INIT, a, 0, 4);
        long pieces = PerfData.digest(PerfData.digest(PerfData.DIGEST_INIT, a, 0, 1), a, 1, 3);
        assertThat(pieces).isEqualTo(whole);
        assertThat(PerfData.digest(PerfData.DIGEST_INIT, new byte[] {2, 1, 3, 4}, 0, 4)).isNotEqualTo(whole);
        assertThat(PerfData.digest(PerfData.DIGEST_INIT, new byte[] {1, 2, 3, 4, 4}, 0, 5)).isNotEqualTo(whole);
        assertThat(PerfData.digest(PerfData.DIGEST_INIT, a, 0, 0)).isEqualTo(PerfData.DIGEST_INIT);
    }
}
