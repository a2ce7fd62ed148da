package org.rxrpc4j.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * DEBUG payloads captured from {@code rxdebug 127.0.0.1 7002 ...} against an OpenAFS 1.8.9
 * ptserver: decode, assert every field, encode, compare bytes. The comments give the lines rxdebug
 * prints for each reply, reconstructed from rxdebug.c's format strings applied to the same fields
 * (the capture holds the packets, not rxdebug's output).
 */
class DebugCodecTest {

    private static final int LOCALHOST = 0x7f000001;

    private static <T extends PacketBody> T roundTrip(String fixture, WireTesting.Decoder<T> decoder)
            throws DecodeException {
        byte[] bytes = Fixtures.bytes(fixture);
        ByteBuf in = Fixtures.buf(fixture);
        try {
            T value = decoder.decode(in);
            assertThat(in.readableBytes()).as("whole body consumed").isZero();
            assertThat(WireTesting.encode(value)).as("re-encoding of " + fixture).isEqualTo(bytes);
            return value;
        } finally {
            in.release();
        }
    }

    @Test
    void requests() throws Exception {
        assertThat(roundTrip("debug-request-getstats.hex", DebugRequest::decode))
                .isEqualTo(new DebugRequest(DebugRequest.GETSTATS, 0));
        assertThat(roundTrip("debug-request-rxstats.hex", DebugRequest::decode))
                .isEqualTo(new DebugRequest(DebugRequest.RXSTATS, 0));
        assertThat(roundTrip("debug-request-getallconn-0.hex", DebugRequest::decode))
                .isEqualTo(new DebugRequest(DebugRequest.GETALLCONN, 0));
        DebugRequest peer11 = roundTrip("debug-request-getpeer-11.hex", DebugRequest::decode);
        assertThat(peer11.type()).isEqualTo(DebugRequest.GETPEER);
        assertThat(peer11.index()).isEqualTo(11);
        assertThat(peer11.isBadType()).isFalse();
    }

    @Test
    void badTypeEcho() throws Exception {
        DebugRequest echo = roundTrip("debug-badtype-reply.hex", DebugRequest::decode);
        assertThat(echo.type()).isEqualTo(DebugRequest.BADTYPE).isEqualTo(-8);
        assertThat(echo.index()).as("OpenAFS does not echo the index").isEqualTo(DebugRequest.BADTYPE);
        assertThat(echo.isBadType()).isTrue();
        assertThat(new DebugRequest(42, 7).badTypeReply()).isEqualTo(echo);
    }

    @Test
    void stats() throws Exception {
        // rxdebug -noconns: what rxdebug prints for this reply, by its printf formats
        //   Free packets: 358/737, packet reclaims: 0, calls: 26, used FDs: 13
        //   not waiting for packets.
        //   0 calls waiting for a thread
        //   11 threads are idle
        //   0 calls have waited for a thread
        DebugStats s = roundTrip("debug-stats.hex", DebugStats::decode);
        assertThat(s.nFreePackets()).isEqualTo(358);
        assertThat(s.nPackets()).isEqualTo(737);
        assertThat(s.packetReclaims()).isZero();
        assertThat(s.callsExecuted()).isEqualTo(26);
        assertThat(s.usedFDs()).isEqualTo(13);
        assertThat(s.waitingForPackets()).isZero();
        assertThat(s.nWaiting()).isZero();
        assertThat(s.idleThreads()).isEqualTo(11);
        assertThat(s.nWaited()).isZero();
        assertThat(s.version()).isEqualTo('S').isEqualTo(DebugRequest.VERSION);
        assertThat(s.spare1()).isZero();
        assertThat(s.spare2()).containsExactly(0, 0, 0, 0, 0, 0);
        assertThat(DebugRequest.supportedValues(s.version())).isEqualTo(0x3df);
    }

    @Test
    void supportedValuesFollowTheVersionLetters() {
        assertThat(DebugRequest.supportedValues('K')).isZero();
        assertThat(DebugRequest.supportedValues('L')).isEqualTo(DebugRequest.SERVER_DEBUG_SEC_STATS);
        assertThat(DebugRequest.supportedValues('M')).isEqualTo(0x7);
        assertThat(DebugRequest.supportedValues('Q')).isEqualTo(0xdf);
        assertThat(DebugRequest.supportedValues('S') & DebugRequest.SERVER_DEBUG_OLD_CONN).isZero();
    }

    @Test
    void rxStatistics() throws Exception {
        // rxdebug -rxstats (rx_PrintTheseStats): what rxdebug prints for this reply, by its printf formats
        //   rx stats: free packets 358, allocs 53, alloc-failures(rcv 0/0,send 0/0,ack 0)
        //   packets read: data 26 ack 17 busy 0 abort 0 ackall 0 challenge 0 response 0 debug 2 ...
        //   other read counters: data 26, ack 17, dup 0 spurious 0 dally 0
        //   packets sent: data 17 ack 0 busy 0 abort 9 ...
        //   other send counters: ack 0, data 17 (not resends), resends 0, pushed 0, acked&ignored 0
        //   Average rtt is 0.000, with 0 samples
        //   Minimum rtt is 9999999.000, maximum is 0.000
        //   11 server connections, 0 client connections, 11 peer structs, 11 call structs, 0 free call structs
        RxStatistics r = roundTrip("debug-rxstats.hex", RxStatistics::decode);
        assertThat(r.packetRequests()).isEqualTo(53);
        assertThat(List.of(r.receivePktAllocFailures(), r.sendPktAllocFailures(),
                r.specialPktAllocFailures(), r.socketGreedy(), r.bogusPacketOnRead(), r.bogusHost(),
                r.noPacketOnRead(), r.noPacketBuffersOnRead(), r.selects(), r.sendSelects()))
                .containsOnly(0);
        assertThat(r.packetsRead()).containsExactly(26, 17, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0);
        assertThat(r.packetsRead(PacketType.DEBUG.code())).isEqualTo(2);
        assertThat(r.dataPacketsRead()).isEqualTo(26);
        assertThat(r.ackPacketsRead()).isEqualTo(17);
        assertThat(r.dupPacketsRead()).isZero();
        assertThat(r.spuriousPacketsRead()).isZero();
        assertThat(r.packetsSent()).containsExactly(17, 0, 0, 9, 0, 0, 0, 0, 0, 0, 0, 0, 0);
        assertThat(r.packetsSent(PacketType.ABORT.code())).isEqualTo(9);
        assertThat(r.ackPacketsSent()).isZero();
        assertThat(r.pingPacketsSent()).isZero();
        assertThat(r.abortPacketsSent()).isZero();
        assertThat(r.busyPacketsSent()).isZero();
        assertThat(r.dataPacketsSent()).isEqualTo(17);
        assertThat(r.dataPacketsReSent()).isZero();
        assertThat(r.dataPacketsPushed()).isZero();
        assertThat(r.ignoreAckedPacket()).isZero();
        assertThat(List.of(r.totalRttSec(), r.totalRttUsec(), r.minRttUsec(), r.maxRttSec(),
                r.maxRttUsec(), r.nRttSamples())).containsOnly(0);
        assertThat(r.minRttSec()).isEqualTo(9999999);
        assertThat(r.nServerConns()).isEqualTo(11);
        assertThat(r.nClientConns()).isZero();
        assertThat(r.nPeerStructs()).isEqualTo(11);
        assertThat(r.nCallStructs()).isEqualTo(11);
        assertThat(r.nFreeCallStructs()).isZero();
        assertThat(List.of(r.netSendFailures(), r.fatalErrors(), r.ignorePacketDally(),
                r.receiveCbufPktAllocFailures(), r.sendCbufPktAllocFailures(), r.nBusies()))
                .containsOnly(0);
        assertThat(r.spares()).containsExactly(0, 0, 0, 0);
    }

    @Test
    void peer() throws Exception {
        // rxdebug -peers: what rxdebug prints for this reply, by its printf formats
        //   Peer at host 127.0.0.1, port 60764
        //   	ifMTU 1444	natMTU 1444	maxMTU 1444
        //   	packets sent 7	packet resends 0
        //   	bytes sent high 0 low 856
        //   	bytes received high 0 low 1351
        //   	rtt 3000 msec, rtt_dev 0 msec
        //   	timeout 0.000 sec
        DebugPeer p = roundTrip("debug-peer.hex", DebugPeer::decode);
        assertThat(p.host()).isEqualTo(LOCALHOST);
        assertThat(p.hostString()).isEqualTo("127.0.0.1");
        assertThat(p.port()).isEqualTo(60764);
        assertThat(p.ifMTU()).isEqualTo(1444);
        assertThat(p.natMTU()).isEqualTo(1444);
        assertThat(p.maxMTU()).isEqualTo(1444);
        assertThat(p.mtu()).isEqualTo(1444);
        assertThat(p.idleWhen()).isZero();
        assertThat(p.refCount()).isEqualTo(2);
        assertThat(p.burstSize()).isZero();
        assertThat(p.burst()).isZero();
        assertThat(p.burstWaitSec()).isZero();
        assertThat(p.burstWaitUsec()).isZero();
        assertThat(p.rtt()).isEqualTo(24000);
        assertThat(p.rtt() >> 3).as("rtt msec as rxdebug prints it").isEqualTo(3000);
        assertThat(p.rttDev()).isZero();
        assertThat(p.timeoutSec()).isZero();
        assertThat(p.timeoutUsec()).isZero();
        assertThat(p.nSent()).isEqualTo(7);
        assertThat(p.reSends()).isZero();
        assertThat(p.inPacketSkew()).isZero();
        assertThat(p.outPacketSkew()).isZero();
        assertThat(p.rateFlag()).isZero();
        assertThat(p.maxDgramPackets()).isEqualTo(1);
        assertThat(p.ifDgramPackets()).isEqualTo(1);
        assertThat(p.cwind()).isEqualTo(2);
        assertThat(p.nDgramPackets()).isEqualTo(1);
        assertThat(p.congestSeq()).isZero();
        assertThat(p.bytesSentHigh()).isZero();
        assertThat(p.bytesSentLow()).isEqualTo(856);
        assertThat(p.bytesSent()).isEqualTo(856L);
        assertThat(p.bytesReceivedHigh()).isZero();
        assertThat(p.bytesReceivedLow()).isEqualTo(1351);
        assertThat(p.bytesReceived()).isEqualTo(1351L);
        assertThat(p.sparel()).hasSize(10).containsOnly(0);
        assertThat(p.isEndMarker()).isFalse();
    }

    @Test
    void peerEndMarker() throws Exception {
        DebugPeer end = roundTrip("debug-peer-end.hex", DebugPeer::decode);
        assertThat(end.isEndMarker()).isTrue();
        assertThat(end.host()).isEqualTo(DebugPeer.END_HOST);
        assertThat(end).isEqualTo(DebugPeer.endMarker());
    }

    @Test
    void connectionDallying() throws Exception {
        // rxdebug -allconnections: what rxdebug prints for this reply, by its printf formats
        //   Connection from host 127.0.0.1, port 55754, Cuid a6e15af7/67998e6c
        //     serial 2,  natMTU 1444, security index 0, server conn
        //       call 0: # 2, state dally, mode: error
        //       call 1: # 0, state not initialized
        //       call 2: # 0, state not initialized
        //       call 3: # 0, state not initialized
        DebugConn c = roundTrip("debug-conn.hex", DebugConn::decode);
        assertThat(c.host()).isEqualTo(LOCALHOST);
        assertThat(c.hostString()).isEqualTo("127.0.0.1");
        assertThat(c.port()).isEqualTo(55754);
        assertThat(c.epoch()).isEqualTo(0xa6e15af7);
        assertThat(c.cid()).isEqualTo(0x67998e6c);
        assertThat(c.serial()).isEqualTo(2);
        assertThat(c.natMTU()).isEqualTo(1444);
        assertThat(c.securityIndex()).isZero();
        assertThat(c.type()).isEqualTo(1);
        assertThat(c.error()).isZero();
        assertThat(c.flags()).isZero();
        assertThat(c.sparec()).containsExactly(0, 0, 0);
        assertThat(c.callNumber()).containsExactly(2, 0, 0, 0);
        assertThat(c.callState()).containsExactly(3, 0, 0, 0);
        assertThat(c.callMode()).containsExactly(3, 0, 0, 0);
        assertThat(c.callFlags()).containsExactly(0, 0, 0, 0);
        assertThat(c.callOther()).containsExactly(0, 0, 0, 0);
        assertThat(c.secStats()).isEqualTo(DebugConn.SecurityObjectStats.none());
        assertThat(c.sparel()).hasSize(9).containsOnly(0);
        assertThat(c.isEndMarker()).isFalse();
    }

    @Test
    void connectionAtEof() throws Exception {
        // rxdebug -allconnections: what rxdebug prints for this reply, by its printf formats
        //   Connection from host 127.0.0.1, port 56412, Cuid b946ee89/d321d130
        //     serial 1,  natMTU 1444, security index 0, server conn
        //       call 0: # 1, state dally, mode: eof, flags: receive_done
        DebugConn c = roundTrip("debug-conn-eof.hex", DebugConn::decode);
        assertThat(c.port()).isEqualTo(56412);
        assertThat(c.epoch()).isEqualTo(0xb946ee89);
        assertThat(c.cid()).isEqualTo(0xd321d130);
        assertThat(c.serial()).isEqualTo(1);
        assertThat(c.callNumber()).containsExactly(1, 0, 0, 0);
        assertThat(c.callState()).containsExactly(3, 0, 0, 0);
        assertThat(c.callMode()).containsExactly(4, 0, 0, 0);
        assertThat(c.callFlags()).containsExactly(0x20, 0, 0, 0);
        assertThat(c.callOther()).containsExactly(0, 0, 0, 0);
        assertThat(c.type()).isEqualTo(1);
        assertThat(c.natMTU()).isEqualTo(1444);
    }

    @Test
    void connectionEndMarker() throws Exception {
        DebugConn end = roundTrip("debug-conn-end.hex", DebugConn::decode);
        assertThat(end.isEndMarker()).isTrue();
        assertThat(end.cid()).isEqualTo(DebugConn.END_CID);
        assertThat(end).isEqualTo(DebugConn.endMarker());
    }

    @Test
    void longerRepliesAreAcceptedAndTheSurplusLeftUnread() throws Exception {
        byte[] padded = java.util.Arrays.copyOf(Fixtures.bytes("debug-stats.hex"), DebugStats.SIZE + 8);
        ByteBuf in = io.netty.buffer.Unpooled.wrappedBuffer(padded);
        try {
            DebugStats s = DebugStats.decode(in);
            assertThat(s.nPackets()).isEqualTo(737);
            assertThat(in.readableBytes()).isEqualTo(8);
        } finally {
            in.release();
        }
    }
}
