package org.rxrpc4j.tools.debug;

import java.util.Locale;
import org.rxrpc4j.wire.DebugConn;
import org.rxrpc4j.wire.DebugPeer;
import org.rxrpc4j.wire.DebugRequest;
import org.rxrpc4j.wire.DebugStats;
import org.rxrpc4j.wire.RxStatistics;

/**
 * The text OpenAFS's {@code rxdebug} prints for each DEBUG reply, reproduced field for field and
 * line for line so that output of {@code rxrpc4j debug} reads (and parses) like rxdebug's. Every
 * method returns whole lines ending in {@code '\n'}; nothing depends on the platform's line
 * separator or locale.
 */
public final class RxdebugFormat {

    /** The line that ends a connection or peer listing. */
    public static final String DONE = "Done.\n";

    private static final String[] PACKET_TYPES = {"data", "ack", "busy", "abort", "ackall", "challenge",
        "response", "debug", "params", "unused", "unused", "unused", "version"};
    private static final String[] CALL_STATES = {"", "precall, ", "active, ", "dally, ", "hold, ", "reset, "};
    private static final String[] CALL_MODES = {"unknown", "sending", "receiving", "error", "eof"};
    private static final String[] CONN_FLAGS = {" MAKECALL_WAITING", " DESTROYED", " pktCksum",
        " knowWindow", " reset", " busy", " attachWait"};
    private static final String[] CALL_FLAGS = {" reader_wait", " window_alloc", " window_send",
        " wait_packets", " waiting_for_process", " receive_done", " call_cleared"};
    private static final String[] KAD_FLAGS = {" unalloc", " authenticated", " expired", " pktCksum"};
    private static final String[] KAD_LEVELS = {"clear", "auth", "crypt"};

    private RxdebugFormat() {
    }

    /** @return the first line of every run: which address and port are asked */
    public static String trying(String address, int port) {
        return "Trying " + address + " (port " + port + "):\n";
    }

    /** @return the {@code -version} answer line */
    public static String version(String version) {
        return "AFS version: " + version + "\n";
    }

    /**
     * @param s the GETSTATS reply
     * @return the statistics lines every run without {@code -version} starts with; which lines
     *     appear depends on the server's debug version letter, as in rxdebug
     */
    public static String stats(DebugStats s) {
        int supported = DebugRequest.supportedValues(s.version());
        StringBuilder b = new StringBuilder("Free packets: ").append(s.nFreePackets());
        if ((supported & DebugRequest.SERVER_DEBUG_PACKETS_CNT) != 0) {
            b.append('/').append(s.nPackets());
        }
        b.append(", packet reclaims: ").append(s.packetReclaims()).append(", calls: ").append(s.callsExecuted())
                .append(", used FDs: ").append(s.usedFDs()).append('\n');
        b.append(s.waitingForPackets() != 0 ? "waiting for packets.\n" : "not waiting for packets.\n");
        if ((supported & DebugRequest.SERVER_DEBUG_WAITER_CNT) != 0) {
            b.append(s.nWaiting()).append(" calls waiting for a thread\n");
        }
        if ((supported & DebugRequest.SERVER_DEBUG_IDLE_THREADS) != 0) {
            b.append(s.idleThreads()).append(" threads are idle\n");
        }
        if ((supported & DebugRequest.SERVER_DEBUG_WAITED_CNT) != 0) {
            b.append(s.nWaited()).append(" calls have waited for a thread\n");
        }
        return b.toString();
    }

    /**
     * @param s the RXSTATS reply
     * @param freePackets the free-packet count of the GETSTATS reply (rxdebug prints that one)
     * @param version the server's debug version letter
     * @return the {@code -rxstats} block
     */
    public static String rxStats(RxStatistics s, int freePackets, int version) {
        StringBuilder b = new StringBuilder("rx stats: free packets ").append(freePackets)
                .append(", allocs ").append(s.packetRequests()).append(", ");
        if (version >= DebugRequest.VERSION_W_NEWPACKETTYPES) {
            b.append("alloc-failures(rcv ").append(u(s.receivePktAllocFailures())).append('/')
                    .append(u(s.receiveCbufPktAllocFailures())).append(",send ").append(u(s.sendPktAllocFailures()))
                    .append('/').append(u(s.sendCbufPktAllocFailures())).append(",ack ")
                    .append(u(s.specialPktAllocFailures())).append(")\n");
        } else {
            b.append("alloc-failures(rcv ").append(u(s.receivePktAllocFailures())).append(",send ")
                    .append(u(s.sendPktAllocFailures())).append(",ack ").append(u(s.specialPktAllocFailures()))
                    .append(")\n");
        }
        b.append("   greedy ").append(u(s.socketGreedy())).append(", bogusReads ").append(u(s.bogusPacketOnRead()))
                .append(" (last from host ").append(Integer.toHexString(s.bogusHost())).append("), noPackets ")
                .append(u(s.noPacketOnRead())).append(", noBuffers ").append(u(s.noPacketBuffersOnRead()))
                .append(", selects ").append(u(s.selects())).append(", sendSelects ").append(u(s.sendSelects()))
                .append('\n');
        perType(b.append("   packets read: "), s, true);
        b.append("   other read counters: data ").append(u(s.dataPacketsRead())).append(", ack ")
                .append(u(s.ackPacketsRead())).append(", dup ").append(u(s.dupPacketsRead())).append(" spurious ")
                .append(u(s.spuriousPacketsRead())).append(" dally ").append(u(s.ignorePacketDally())).append('\n');
        perType(b.append("   packets sent: "), s, false);
        b.append("   other send counters: ack ").append(u(s.ackPacketsSent())).append(", data ")
                .append(u(s.dataPacketsSent())).append(" (not resends), resends ").append(u(s.dataPacketsReSent()))
                .append(", pushed ").append(u(s.dataPacketsPushed())).append(", acked&ignored ")
                .append(u(s.ignoreAckedPacket())).append('\n');
        b.append("   \t(these should be small) sendFailed ").append(u(s.netSendFailures())).append(", fatalErrors ")
                .append(s.fatalErrors()).append('\n');
        if (s.nRttSamples() != 0) {
            double total = seconds(s.totalRttSec(), s.totalRttUsec());
            b.append("   Average rtt is ").append(fixed(3, total / s.nRttSamples())).append(", with ")
                    .append(s.nRttSamples()).append(" samples\n");
            b.append("   Minimum rtt is ").append(fixed(3, seconds(s.minRttSec(), s.minRttUsec())))
                    .append(", maximum is ").append(fixed(3, seconds(s.maxRttSec(), s.maxRttUsec()))).append('\n');
        }
        b.append("   ").append(s.nServerConns()).append(" server connections, ").append(s.nClientConns())
                .append(" client connections, ").append(s.nPeerStructs()).append(" peer structs, ")
                .append(s.nCallStructs()).append(" call structs, ").append(s.nFreeCallStructs())
                .append(" free call structs\n");
        return b.toString();
    }

    private static void perType(StringBuilder b, RxStatistics s, boolean read) {
        for (int type = 1; type <= RxStatistics.PACKET_TYPES; type++) {
            int n = read ? s.packetsRead(type) : s.packetsSent(type);
            b.append(PACKET_TYPES[type - 1]).append(' ').append(u(n)).append(' ');
        }
        b.append('\n');
    }

    /**
     * @param c a GETCONN or GETALLCONN reply (not the end marker)
     * @param withSecStats whether the server's version carries security statistics ('L' on)
     * @param nowEpochSeconds the current time, for the rxkad "expires in" figure
     * @return the connection block: address and ID, serial and flags, security, four channels
     */
    public static String conn(DebugConn c, boolean withSecStats, long nowEpochSeconds) {
        StringBuilder b = new StringBuilder("Connection from host ").append(c.hostString()).append(", port ")
                .append(c.port()).append(", ");
        if (c.epoch() != 0) {
            b.append("Cuid ").append(Integer.toHexString(c.epoch())).append('/').append(Integer.toHexString(c.cid()));
        } else {
            b.append("cid ").append(Integer.toHexString(c.cid()));
        }
        if (c.error() != 0) {
            b.append(", error ").append(c.error());
        }
        b.append("\n  serial ").append(c.serial()).append(", ").append(" natMTU ").append(c.natMTU()).append(", ");
        if (c.flags() != 0) {
            b.append("flags");
            bits(b, c.flags(), CONN_FLAGS);
            b.append(", ");
        }
        b.append("security index ").append(c.securityIndex()).append(", ")
                .append(c.type() == 0 ? "client conn\n" : "server conn\n");
        if (withSecStats) {
            security(b, c, nowEpochSeconds);
        }
        for (int ch = 0; ch < DebugConn.CHANNELS; ch++) {
            channel(b, c, ch);
        }
        return b.toString();
    }

    private static void security(StringBuilder b, DebugConn c, long now) {
        DebugConn.SecurityObjectStats sec = c.secStats();
        switch (sec.type()) {
            case 0 -> {
                if (c.securityIndex() == 2) {
                    b.append("  no GetStats procedure for security object\n");
                }
            }
            case 1 -> b.append("  rxnull\n");
            case 2 -> b.append("  rxvab\n");
            case 3 -> {
                b.append("  rxkad: level ").append(sec.level() < KAD_LEVELS.length ? KAD_LEVELS[sec.level()] : "unknown")
                        .append(", flags");
                bits(b, sec.flags(), KAD_FLAGS);
                if (sec.expires() != 0) {
                    double hours = (Integer.toUnsignedLong(sec.expires()) - now) / 3600.0;
                    b.append(", expires in ").append(fixed(1, hours)).append(" hours");
                }
                if ((sec.flags() & 1) == 0) {
                    b.append("\n  Received ").append(u(sec.bytesReceived())).append(" bytes in ")
                            .append(u(sec.packetsReceived())).append(" packets\n  Sent ").append(u(sec.bytesSent()))
                            .append(" bytes in ").append(u(sec.packetsSent())).append(" packets\n");
                } else {
                    b.append('\n');
                }
            }
            default -> b.append("  unknown\n");
        }
    }

    private static void channel(StringBuilder b, DebugConn c, int ch) {
        b.append("    call ").append(ch).append(": # ").append(c.callNumber().get(ch)).append(", state ");
        int state = c.callState().get(ch);
        if (state == 0) {
            b.append("not initialized\n");
            return;
        }
        b.append(state < CALL_STATES.length ? CALL_STATES[state] : "").append("mode: ");
        int mode = c.callMode().get(ch);
        b.append(mode < CALL_MODES.length ? CALL_MODES[mode] : CALL_MODES[0]);
        int flags = c.callFlags().get(ch);
        if (flags != 0) {
            b.append(", flags:");
            bits(b, flags, CALL_FLAGS);
        }
        int other = c.callOther().get(ch);
        if ((other & 1) != 0) {
            b.append(", has_input_packets");
        }
        if ((other & 2) != 0) {
            b.append(", has_output_packets");
        }
        b.append('\n');
    }

    /**
     * @param p a GETPEER reply (not the end marker)
     * @param showLong whether to add the skew, congestion window and jumbogram lines ({@code -long})
     * @return the peer block
     */
    public static String peer(DebugPeer p, boolean showLong) {
        StringBuilder b = new StringBuilder("Peer at host ").append(p.hostString()).append(", port ")
                .append(p.port()).append('\n');
        b.append("\tifMTU ").append(p.ifMTU()).append("\tnatMTU ").append(p.natMTU()).append("\tmaxMTU ")
                .append(p.maxMTU()).append('\n');
        b.append("\tpackets sent ").append(u(p.nSent())).append("\tpacket resends ").append(u(p.reSends())).append('\n');
        b.append("\tbytes sent high ").append(u(p.bytesSentHigh())).append(" low ").append(u(p.bytesSentLow()))
                .append('\n');
        b.append("\tbytes received high ").append(u(p.bytesReceivedHigh())).append(" low ")
                .append(u(p.bytesReceivedLow())).append('\n');
        b.append("\trtt ").append(p.rtt() >>> 3).append(" msec, rtt_dev ").append(p.rttDev() >>> 2).append(" msec\n");
        b.append("\ttimeout ").append(u(p.timeoutSec())).append('.')
                .append(String.format(Locale.ROOT, "%03d", Integer.toUnsignedLong(p.timeoutUsec()) / 1000))
                .append(" sec\n");
        if (showLong) {
            b.append("\tin/out packet skew: ").append(p.inPacketSkew()).append('/').append(p.outPacketSkew())
                    .append('\n');
            b.append("\tcongestion window ").append(p.cwind()).append(", MTU ").append(p.mtu()).append('\n');
            b.append("\tcurrent/if/max jumbogram size: ").append(p.nDgramPackets()).append('/')
                    .append(p.ifDgramPackets()).append('/').append(p.maxDgramPackets()).append('\n');
        }
        return b.toString();
    }

    private static void bits(StringBuilder b, int value, String[] names) {
        for (int i = 0; i < names.length; i++) {
            if ((value & (1 << i)) != 0) {
                b.append(names[i]);
            }
        }
    }

    private static String u(int v) {
        return Integer.toUnsignedString(v);
    }

    private static double seconds(int sec, int usec) {
        return sec + usec / 1e6;
    }

    private static String fixed(int decimals, double v) {
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }
}
