package org.rxrpc4j.tools.perf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The request prefix, byte for byte as rx-protocol.md §11 and rxperf_peer.c lay it out. */
class PerfRequestTest {

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    @Test
    void parameterBlockIsFourBigEndianWords() {
        assertThat(PerfHeader.of(PerfMode.RPC, 0x80000, 0x1234).encode())
                .isEqualTo(hex("00000003 00000003 00080000 00001234"));
        PerfHeader h = PerfHeader.decode(hex("00000003 00000004 00000001 ffffffff"));
        assertThat(h).isEqualTo(new PerfHeader(3, 4, 1, 0xffffffffL));
        assertThat(h.mode()).isEqualTo(PerfMode.FILE);
        assertThat(PerfHeader.decode(hex("00000003 00000002 00000000 00000000")).mode()).isNull();
        assertThat(PerfHeader.decode(hex("00000003 ffffffff 00000000 00000000")).mode()).isNull();
        assertThatThrownBy(() -> PerfHeader.decode(new byte[15])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void modesHaveTheRxperfOperationCodes() {
        assertThat(PerfMode.SEND.code()).isZero();
        assertThat(PerfMode.RECV.code()).isEqualTo(1);
        assertThat(PerfMode.RPC.code()).isEqualTo(3);
        assertThat(PerfMode.FILE.code()).isEqualTo(4);
        assertThat(PerfMode.parse("RPC")).isEqualTo(PerfMode.RPC);
        assertThatThrownBy(() -> PerfMode.parse("get")).hasMessageContaining("send, recv, rpc or file");
    }

    @Test
    void sendCarriesOneSizeWordThenItsData() {
        PerfRequest r = PerfRequest.of(PerfMode.SEND, 1_048_576, 7, 9, 524_288);
        assertThat(r.prefix()).isEqualTo(hex("00000003 00000000 00080000 00080000 00100000"));
        assertThat(r.requestLength()).isEqualTo(20 + 1_048_576);
        assertThat(r.replyLength()).isEqualTo(4);
        assertThat(r.payloadBytes()).isEqualTo(1_048_576);
    }

    @Test
    void recvCarriesOneSizeWordAndNoData() {
        PerfRequest r = PerfRequest.of(PerfMode.RECV, 65_536, 0, 0, 1000);
        assertThat(r.prefix()).isEqualTo(hex("00000003 00000001 000003e8 000003e8 00010000"));
        assertThat(r.requestLength()).isEqualTo(20);
        assertThat(r.replyLength()).isEqualTo(65_536 + 4);
    }

    @Test
    void rpcCarriesSendSizeThenReadSize() {
        PerfRequest r = PerfRequest.of(PerfMode.RPC, 0, 3, 30, 524_288);
        assertThat(r.prefix()).isEqualTo(hex("00000003 00000003 00080000 00080000 00000003 0000001e"));
        assertThat(r.requestLength()).isEqualTo(24 + 3);
        assertThat(r.replyLength()).isEqualTo(34);
        assertThat(r.payloadBytes()).isEqualTo(33);
    }

    @Test
    void fileCarriesAScriptInWordsWithAZeroToTurnRound() {
        PerfRequest r = PerfRequest.of(PerfMode.FILE, 0, 400, 8000, 524_288);
        assertThat(r.script()).containsExactly(100, 0, 2000);
        assertThat(r.prefix()).isEqualTo(hex("00000003 00000004 00080000 00080000 00000003 00000064 00000000 000007d0"));
        assertThat(r.replyLength()).isEqualTo(8000);
        assertThat(PerfRequest.of(PerfMode.FILE, 0, 0, 8, 4).script()).containsExactly(0, 2);
        assertThat(PerfRequest.of(PerfMode.FILE, 0, 8, 0, 4).script()).containsExactly(2, 0);
    }

    @Test
    void rejectsWhatTheWireCannotCarry() {
        assertThatThrownBy(() -> PerfRequest.of(PerfMode.RPC, 0, 1, 1, 524_289)).hasMessageContaining("chunk");
        assertThatThrownBy(() -> PerfRequest.of(PerfMode.RPC, 0, 1, 1, 0)).hasMessageContaining("chunk");
        assertThatThrownBy(() -> PerfRequest.of(PerfMode.SEND, 1L << 31, 0, 0, 4)).hasMessageContaining("0..");
        assertThatThrownBy(() -> PerfRequest.of(PerfMode.RPC, 0, -1, 0, 4)).hasMessageContaining("0..");
        assertThatThrownBy(() -> PerfRequest.of(PerfMode.FILE, 0, 3, 0, 4)).hasMessageContaining("multiples of 4");
    }
}
