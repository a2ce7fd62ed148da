package org.rxrpc4j.debug;

import java.util.ArrayList;
import java.util.List;
import org.rxrpc4j.trace.Counter;
import org.rxrpc4j.trace.Counters;
import org.rxrpc4j.view.EndpointView;
import org.rxrpc4j.view.PeerView;
import org.rxrpc4j.wire.DebugStats;
import org.rxrpc4j.wire.RxStatistics;

/**
 * The endpoint-wide replies, {@code rx_debugStats} (GETSTATS) and {@code rx_statistics}
 * (RXSTATS), from an endpoint view and its counters. This engine has no packet pool and no
 * server threads, so the fields about those are zero, as they would be in an idle OpenAFS
 * process; every other field is the nearest live value (see {@link #rxStatistics}).
 */
final class DebugTotals {

    private static final long NS_PER_S = 1_000_000_000L;
    private static final long NS_PER_US = 1_000L;

    private DebugTotals() {}

    /**
     * @return the GETSTATS reply: version 'S'; callsExecuted counts the client calls started
     *     and the incoming calls accepted; nWaiting counts the incoming calls in service
     *     backlogs; usedFDs is 1 (the endpoint's socket)
     */
    static DebugStats stats(EndpointView view, Counters counters) {
        int calls = (int) (counters.get(Counter.CALLS_STARTED) + counters.get(Counter.CALLS_ACCEPTED));
        return DebugStats.of(0, 0, calls, false, 1, view.waitingCalls(), 0, 0, 0);
    }

    /**
     * @return the RXSTATS reply: per-type packets read and sent from the endpoint's tallies; the
     *     DATA, ACK, duplicate, out-of-window, resend, ABORT, BUSY and ping counts from its
     *     counters; the RTT totals over its peers; its connection, peer and call counts
     */
    static RxStatistics rxStatistics(EndpointView view, List<PeerView> peers, Counters counters) {
        int[] w = new int[RxStatistics.WORDS];
        w[0] = (int) (counters.get(Counter.DATAGRAMS_RECEIVED) + counters.get(Counter.DATAGRAMS_SENT));
        w[5] = (int) (counters.get(Counter.DROP_TRUNCATED_HEADER) + counters.get(Counter.NET_RECEIVE_TRUNCATED));
        w[7] = (int) counters.get(Counter.NET_RECEIVE_ERRORS);
        w[9] = (int) counters.get(Counter.NET_READ_BATCHES);
        for (int t = 0; t < RxStatistics.PACKET_TYPES; t++) {
            w[11 + t] = view.packetsRead().get(t).intValue();
            w[28 + t] = view.packetsSent().get(t).intValue();
        }
        w[24] = (int) counters.get(Counter.DATA_PACKETS_RECEIVED);
        w[25] = (int) counters.get(Counter.ACKS_RECEIVED);
        w[26] = (int) counters.get(Counter.DROP_DUPLICATE);
        w[27] = (int) counters.get(Counter.DROP_BEYOND_WINDOW);
        w[41] = (int) counters.get(Counter.ACKS_SENT);
        w[42] = (int) counters.get(Counter.PINGS_SENT);
        w[43] = (int) counters.get(Counter.ABORTS_SENT);
        w[44] = (int) counters.get(Counter.BUSIES_SENT);
        w[45] = (int) counters.get(Counter.DATA_PACKETS_SENT);
        w[46] = (int) counters.get(Counter.DATA_PACKETS_RESENT);
        long samples = 0;
        long total = 0;
        long min = 0;
        long max = 0;
        for (PeerView p : peers) {
            if (p.rttSamples() == 0) {
                continue;
            }
            min = samples == 0 ? p.rttMinNs() : Math.min(min, p.rttMinNs());
            max = Math.max(max, p.rttMaxNs());
            samples += p.rttSamples();
            total += p.rttTotalNs();
        }
        clock(w, 49, total);
        clock(w, 51, min);
        clock(w, 53, max);
        w[55] = (int) samples;
        w[56] = view.serviceConnections();
        w[57] = view.clientConnections();
        w[58] = view.peers();
        w[59] = view.liveCalls();
        w[61] = (int) counters.get(Counter.NET_SEND_FAILURES);
        w[62] = (int) counters.get(Counter.ENGINE_CALLBACK_ERRORS);
        w[63] = (int) counters.get(Counter.DROP_AFTER_COMPLETION);
        w[66] = (int) counters.get(Counter.BUSIES_RECEIVED);
        List<Integer> words = new ArrayList<>(RxStatistics.WORDS);
        for (int v : w) {
            words.add(v);
        }
        return new RxStatistics(words);
    }

    /** Writes {@code ns} as OpenAFS's {@code struct clock} {sec, usec} at word {@code at}. */
    private static void clock(int[] w, int at, long ns) {
        w[at] = (int) (ns / NS_PER_S);
        w[at + 1] = (int) (ns % NS_PER_S / NS_PER_US);
    }
}
