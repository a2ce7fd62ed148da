package org.rxrpc4j.local;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.rxrpc4j.call.Call;
import org.rxrpc4j.call.CallState;
import org.rxrpc4j.conn.Channel;
import org.rxrpc4j.conn.Connection;
import org.rxrpc4j.peer.Peer;
import org.rxrpc4j.view.CallView;
import org.rxrpc4j.view.ConnectionView;
import org.rxrpc4j.view.EndpointSnapshot;
import org.rxrpc4j.view.EndpointView;
import org.rxrpc4j.view.PeerView;
import org.rxrpc4j.wire.RxHeader;

/** Builds the {@link EndpointSnapshot} views of one {@link LocalEndpoint}. Engine thread only. */
final class EndpointViews implements EndpointSnapshot {

    private final LocalEndpoint endpoint;

    EndpointViews(LocalEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    @Override
    public EndpointView endpoint() {
        int waiting = 0;
        for (Service s : endpoint.services()) {
            waiting += s.waiting();
        }
        PacketTally tally = endpoint.tally();
        return new EndpointView(endpoint.address(), LocalEndpoint.VERSION_STRING,
                endpoint.clientConnections().size(), endpoint.serviceConnections().size(),
                endpoint.livePeers(), endpoint.liveCalls(), waiting, tally.readList(),
                tally.sentList());
    }

    @Override
    public List<ConnectionView> connections() {
        List<ConnectionView> out = new ArrayList<>(endpoint.liveConnections());
        for (Connection c : endpoint.clientConnections().all()) {
            out.add(connection(c));
        }
        for (Connection c : endpoint.serviceConnections().all()) {
            out.add(connection(c));
        }
        return out;
    }

    @Override
    public List<PeerView> peers() {
        Map<Peer, int[]> uses = new HashMap<>();
        Map<Peer, Integer> cwnd = new HashMap<>();
        for (Connection c : endpoint.allConnections()) {
            uses.computeIfAbsent(c.peer(), p -> new int[1])[0]++;
            for (int i = 0; i < RxHeader.MAX_CALLS; i++) {
                Call call = c.channel(i).call();
                if (call != null) {
                    cwnd.merge(c.peer(), call.cwnd(), Math::max);
                }
            }
        }
        int initialCwnd = endpoint.context().config().initialCwnd();
        List<PeerView> out = new ArrayList<>(endpoint.livePeers());
        endpoint.peers().forEach(p -> out.add(peer(p, uses.getOrDefault(p, new int[1])[0],
                cwnd.getOrDefault(p, initialCwnd))));
        return out;
    }

    private static ConnectionView connection(Connection c) {
        List<Integer> callNumbers = new ArrayList<>(RxHeader.MAX_CALLS);
        List<CallView> calls = new ArrayList<>(RxHeader.MAX_CALLS);
        for (int i = 0; i < RxHeader.MAX_CALLS; i++) {
            Channel ch = c.channel(i);
            callNumbers.add(ch.callCounter());
            Call call = ch.call();
            if (call != null) {
                calls.add(new CallView(i, call.callNumber(), call.isService(), phase(call.state()),
                        call.state().name(), call.hasQueuedReceive(), call.hasQueuedTransmit(),
                        call.receiveDone(), call.cwnd()));
            }
        }
        return new ConnectionView(c.peer().address(), c.isClient(), c.epoch(), c.connectionId(),
                c.serviceId(), c.securityIndex(), c.serial(), c.isAborted() ? c.abortCode() : 0,
                callNumbers, calls, natMtu(c.peer()));
    }

    private static CallView.Phase phase(CallState state) {
        return switch (state) {
            case CLIENT_SEND_REQUEST, SERVER_SEND_REPLY -> CallView.Phase.SENDING;
            case CLIENT_AWAIT_REPLY, CLIENT_RECV_REPLY, SERVER_RECV_REQUEST, SERVER_ACK_REQUEST ->
                    CallView.Phase.RECEIVING;
            case SERVER_AWAIT_ACK -> CallView.Phase.AWAITING_FINAL_ACK;
            case COMPLETE -> CallView.Phase.COMPLETE;
        };
    }

    private static int natMtu(Peer p) {
        int advertised = p.advertisedMaxMtu();
        return advertised > 0 ? advertised - RxHeader.SIZE : p.configuredMaxDataPerPacket();
    }

    private static PeerView peer(Peer p, int connections, int cwnd) {
        var rtt = p.rtt();
        return new PeerView(p.address(), p.configuredMaxDataPerPacket(), natMtu(p),
                p.maxDataPerPacket(), connections, rtt.srttNs(), rtt.rttvarNs(), rtt.rtoNs(),
                rtt.samples(), rtt.totalNs(), rtt.minNs(), rtt.maxNs(), p.dataPacketsSent(),
                p.dataPacketsResent(), p.bytesSent(), p.bytesReceived(), cwnd);
    }
}
