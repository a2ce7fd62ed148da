package org.rxrpc4j.tools.debug;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.rxrpc4j.wire.DebugConn;
import org.rxrpc4j.wire.DebugPeer;
import org.rxrpc4j.wire.DebugStats;
import org.rxrpc4j.wire.RxStatistics;

/**
 * The rxdebug text for fixed replies, byte for byte. The expected lines have the layout an
 * OpenAFS 1.8.9 rxdebug prints for the same values (seen against the ptserver of
 * ../shared/interop).
 */
class RxdebugFormatTest {

    private static final int LOOPBACK = 0x7f000001;

    private static List<Integer> zeros(int n) {
        return Collections.nCopies(n, 0);
    }

    private static DebugStats stats(int version) {
        return new DebugStats(323, 0, 402, 0, 13, version, 0, 0, 11, 0, 737, zeros(6));
    }

    @Test
    void statsOfACurrentServer() {
        assertThat(RxdebugFormat.stats(stats('S'))).isEqualTo("""
                Free packets: 323/737, packet reclaims: 0, calls: 402, used FDs: 13
                not waiting for packets.
                0 calls waiting for a thread
                11 threads are idle
                0 calls have waited for a thread
                """);
    }

    @Test
    void statsOfAnOlderServerLeaveOutWhatItDoesNotFill() {
        DebugStats old = new DebugStats(40, 2, 7, 1, 5, 'N', 0, 3, 9, 9, 9, zeros(6));
        assertThat(RxdebugFormat.stats(old)).isEqualTo("""
                Free packets: 40, packet reclaims: 2, calls: 7, used FDs: 5
                waiting for packets.
                3 calls waiting for a thread
                """);
    }

    @Test
    void tryingAndVersionLines() {
        assertThat(RxdebugFormat.trying("127.0.0.1", 7002) + RxdebugFormat.version("OpenAFS 1.8.9 2024-12-25"))
                .isEqualTo("Trying 127.0.0.1 (port 7002):\nAFS version: OpenAFS 1.8.9 2024-12-25\n");
    }

    private static RxStatistics rxStatistics() {
        List<Integer> w = new ArrayList<>(zeros(RxStatistics.WORDS));
        w.set(0, 1208);                 // packetRequests
        w.set(1, 1);                    // receivePktAllocFailures
        w.set(2, 2);                    // sendPktAllocFailures
        w.set(3, 3);                    // specialPktAllocFailures
        w.set(6, 0x0a000001);           // bogusHost
        w.set(11, 518);                 // packetsRead[data]
        w.set(12, 518);                 // packetsRead[ack]
        w.set(18, 33);                  // packetsRead[debug]
        w.set(24, 518);                 // dataPacketsRead
        w.set(25, 518);                 // ackPacketsRead
        w.set(28, 662);                 // packetsSent[data]
        w.set(29, 97);                  // packetsSent[ack]
        w.set(31, 12);                  // packetsSent[abort]
        w.set(40, -1);                  // packetsSent[version]: printed unsigned
        w.set(41, 97);                  // ackPacketsSent
        w.set(45, 662);                 // dataPacketsSent
        w.set(48, 384);                 // ignoreAckedPacket
        w.set(49, 2);                   // totalRtt 2.46 s ...
        w.set(50, 460_000);
        w.set(51, 0);                   // minRtt 0.0001 s
        w.set(52, 100);
        w.set(53, 0);                   // maxRtt 0.136 s
        w.set(54, 136_000);
        w.set(55, 615);                 // nRttSamples
        w.set(56, 7);
        w.set(58, 12);
        w.set(59, 9);
        w.set(60, 9);
        w.set(63, 4);                   // ignorePacketDally
        w.set(64, 5);                   // receiveCbufPktAllocFailures
        w.set(65, 6);                   // sendCbufPktAllocFailures
        return new RxStatistics(w);
    }

    @Test
    void rxStatsBlock() {
        assertThat(RxdebugFormat.rxStats(rxStatistics(), 323, 'S')).isEqualTo(
                "rx stats: free packets 323, allocs 1208, alloc-failures(rcv 1/5,send 2/6,ack 3)\n"
                + "   greedy 0, bogusReads 0 (last from host a000001), noPackets 0, noBuffers 0, selects 0, sendSelects 0\n"
                + "   packets read: data 518 ack 518 busy 0 abort 0 ackall 0 challenge 0 response 0 debug 33 params 0"
                + " unused 0 unused 0 unused 0 version 0 \n"
                + "   other read counters: data 518, ack 518, dup 0 spurious 0 dally 4\n"
                + "   packets sent: data 662 ack 97 busy 0 abort 12 ackall 0 challenge 0 response 0 debug 0 params 0"
                + " unused 0 unused 0 unused 0 version 4294967295 \n"
                + "   other send counters: ack 97, data 662 (not resends), resends 0, pushed 0, acked&ignored 384\n"
                + "   \t(these should be small) sendFailed 0, fatalErrors 0\n"
                + "   Average rtt is 0.004, with 615 samples\n"
                + "   Minimum rtt is 0.000, maximum is 0.136\n"
                + "   7 server connections, 0 client connections, 12 peer structs, 9 call structs, 9 free call structs\n");
    }

    @Test
    void rxStatsWithoutSamplesOrNewPacketCounters() {
        String text = RxdebugFormat.rxStats(RxStatistics.zero(), 0, 'O');
        assertThat(text).startsWith("rx stats: free packets 0, allocs 0, alloc-failures(rcv 0,send 0,ack 0)\n")
                .doesNotContain("rtt is");
    }

    private static DebugConn conn(int flags, int securityIndex, int type, List<Integer> state, List<Integer> mode,
            List<Integer> callFlags, List<Integer> other, DebugConn.SecurityObjectStats sec, int epoch, int error) {
        return new DebugConn(LOOPBACK, 0x00f5612c, 579, List.of(349, 0, 7, 1), error, 53142, flags, type,
                securityIndex, zeros(3), state, mode, callFlags, other, sec, epoch, 1444, zeros(9));
    }

    @Test
    void idleRxnullServerConnection() {
        DebugConn c = conn(0, 0, 1, zeros(4), zeros(4), zeros(4), zeros(4), DebugConn.SecurityObjectStats.none(),
                0x82353e11, 0);
        assertThat(RxdebugFormat.conn(c, true, 0)).isEqualTo("""
                Connection from host 127.0.0.1, port 53142, Cuid 82353e11/f5612c
                  serial 579,  natMTU 1444, security index 0, server conn
                    call 0: # 349, state not initialized
                    call 1: # 0, state not initialized
                    call 2: # 7, state not initialized
                    call 3: # 1, state not initialized
                """);
    }

    @Test
    void busyRxkadClientConnectionWithEveryDetail() {
        DebugConn.SecurityObjectStats kad = new DebugConn.SecurityObjectStats(3, 2, zeros(10), 2 | 8,
                1_000_000 + 36 * 3600, 2, 3, 32, 16, zeros(4), zeros(8));
        DebugConn c = conn(4 | 8, 2, 0, List.of(2, 3, 1, 6), List.of(1, 4, 2, 9), List.of(1 | 32, 32, 0, 64),
                List.of(1, 0, 3, 2), kad, 0, -3);
        assertThat(RxdebugFormat.conn(c, true, 1_000_000)).isEqualTo("""
                Connection from host 127.0.0.1, port 53142, cid f5612c, error -3
                  serial 579,  natMTU 1444, flags pktCksum knowWindow, security index 2, client conn
                  rxkad: level crypt, flags authenticated pktCksum, expires in 36.0 hours
                  Received 32 bytes in 2 packets
                  Sent 16 bytes in 3 packets
                    call 0: # 349, state active, mode: sending, flags: reader_wait receive_done, has_input_packets
                    call 1: # 0, state dally, mode: eof, flags: receive_done
                    call 2: # 7, state precall, mode: receiving, has_input_packets, has_output_packets
                    call 3: # 1, state mode: unknown, flags: call_cleared, has_output_packets
                """);
    }

    @Test
    void securityLinesOnlyWhenTheServerSendsThem() {
        DebugConn.SecurityObjectStats unalloc = new DebugConn.SecurityObjectStats(3, 0, zeros(10), 1, 0, 0, 0, 0,
                0, zeros(4), zeros(8));
        DebugConn kad = conn(0, 2, 1, zeros(4), zeros(4), zeros(4), zeros(4), unalloc, 1, 0);
        assertThat(RxdebugFormat.conn(kad, true, 0)).contains("\n  rxkad: level clear, flags unalloc\n    call 0");
        assertThat(RxdebugFormat.conn(kad, false, 0)).doesNotContain("rxkad");
        DebugConn noStats = conn(0, 2, 1, zeros(4), zeros(4), zeros(4), zeros(4),
                DebugConn.SecurityObjectStats.none(), 1, 0);
        assertThat(RxdebugFormat.conn(noStats, true, 0))
                .contains("server conn\n  no GetStats procedure for security object\n");
    }

    private static DebugPeer peer() {
        return new DebugPeer(LOOPBACK, 53142, 1444, 0, 1, 0, 0, 0, 0, 21024, 2972, 1, 250_999, 481, 2, 0, 0, 0,
                1444, 1444, 1, 1, 1444, 32, 1, 0, 0, 207254, 1, 190846, zeros(10));
    }

    @Test
    void peerShortAndLong() {
        String shortForm = """
                Peer at host 127.0.0.1, port 53142
                \tifMTU 1444\tnatMTU 1444\tmaxMTU 1444
                \tpackets sent 481\tpacket resends 2
                \tbytes sent high 0 low 207254
                \tbytes received high 1 low 190846
                \trtt 2628 msec, rtt_dev 743 msec
                \ttimeout 1.250 sec
                """;
        assertThat(RxdebugFormat.peer(peer(), false)).isEqualTo(shortForm);
        assertThat(RxdebugFormat.peer(peer(), true)).isEqualTo(shortForm + """
                \tin/out packet skew: 0/0
                \tcongestion window 32, MTU 1444
                \tcurrent/if/max jumbogram size: 1/1/1
                """);
    }
}
