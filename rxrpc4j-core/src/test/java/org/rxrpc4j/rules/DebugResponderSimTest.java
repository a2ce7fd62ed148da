package org.rxrpc4j.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import org.rxrpc4j.config.RxConfig;
import org.rxrpc4j.debug.DebugClient;
import org.rxrpc4j.debug.DebugReply;
import org.rxrpc4j.sim.LinkModel;
import org.rxrpc4j.sim.Sim;
import org.rxrpc4j.sim.SimEndpoint;
import org.rxrpc4j.sim.SimTest;
import org.rxrpc4j.trace.Counter;
import org.rxrpc4j.view.PeerView;
import org.rxrpc4j.wire.DebugConn;
import org.rxrpc4j.wire.DebugPeer;
import org.rxrpc4j.wire.DebugRequest;
import org.rxrpc4j.wire.PacketType;
import org.rxrpc4j.wire.RxFlags;
import org.rxrpc4j.wire.RxHeader;
import org.rxrpc4j.wire.RxPacket;
import org.rxrpc4j.wire.RxStatistics;

/**
 * The rxdebug responder (rx-protocol.md §10) on an endpoint whose connections and peers were made
 * by real calls: each request kind gets the byte-exact reply OpenAFS would send, iterations end
 * with the end marker, an unknown type gets the BADTYPE echo, and a truncated request is dropped.
 * Requests are built by {@link DebugClient}, so its encoder and parser are exercised too.
 */
class DebugResponderSimTest extends RulesSimBase {

    private static final HexFormat HEX = HexFormat.of();
    /** What our ACK trailers advertise as the largest packet, less the Rx header. */
    private static final int ADVERTISED_NAT_MTU = RxConfig.defaults().maxMtu() - RxHeader.SIZE;

    private SimEndpoint server;
    private SimEndpoint busyClient;
    private SimEndpoint idleClient;
    private ScriptedPeer tool;
    private final DebugClient debug = new DebugClient();

    /**
     * The server serves SERVICE. {@code idleClient} made one complete call (its connection is
     * idle); then {@code busyClient} started a call whose request has no LAST packet yet (its
     * connection is "interesting": a call ACTIVE, RECEIVING on the server).
     */
    private void setUp(Sim sim) {
        world(sim);
        server = world.endpoint();
        world.echoService(server, SERVICE, req -> req);
        idleClient = world.endpoint();
        busyClient = world.endpoint();
        world.linkBoth(idleClient.address(), server.address(), LinkModel.perfect().delay(3 * MS));
        world.linkBoth(busyClient.address(), server.address(), LinkModel.perfect().delay(3 * MS));
        AppCall done = world.call(idleClient, server.address(), SERVICE, world.bytes(3000));
        world.runUntilOrFail(done::isComplete, 5 * S, "the idle client's call");
        world.call(busyClient, server.address(), SERVICE, world.bytes(2000), false);
        world.runFor(200 * MS);
        tool = world.scripted().target(server.address(), 0);
    }

    /** Sends {@code request} from the tool and returns the one datagram that answers it. */
    private byte[] ask(DebugClient.Request request) {
        return ask(server, request);
    }

    /** Sends {@code request} from the tool to {@code endpoint} and returns the one reply. */
    private byte[] ask(SimEndpoint endpoint, DebugClient.Request request) {
        tool.clearInbox();
        tool.sendRawTo(endpoint.address(), ByteBufUtil.getBytes(request.datagram()));
        request.datagram().release();
        world.runFor(50 * MS);
        assertThat(tool.inbox()).as("one reply").hasSize(1);
        return tool.inbox().get(0).raw();
    }

    private DebugReply parse(DebugClient.Request request, byte[] raw) {
        return DebugClient.parse(request, Unpooled.wrappedBuffer(raw)).orElseThrow(
                () -> new AssertionError("reply not accepted: " + HEX.formatHex(raw)));
    }

    private DebugClient.Request request(int type, int index) {
        return debug.debug(UnpooledByteBufAllocator.DEFAULT, type, index);
    }

    /** The reply header OpenAFS sends: the request's, with CLIENT_INITIATED cleared. */
    private static String replyHeaderHex(int callNumber, int type) {
        return "000003e7" + "00000000" + String.format("%08x", callNumber) + "00000000" + "00000000"
                + String.format("%02x", type) + "04" + "0000" + "0000" + "0000";
    }

    private static byte[] encode(RxHeader header, org.rxrpc4j.wire.PacketBody body) {
        return ScriptedPeer.encode(new RxPacket(header, body));
    }

    private static RxHeader replyHeader(DebugClient.Request r) {
        return new RxHeader(DebugClient.EPOCH, 0, r.callNumber(), 0, 0, PacketType.DEBUG, RxFlags.LAST_PACKET,
                0, 0, 0, 0);
    }

    private static int host(InetSocketAddress a) {
        byte[] b = a.getAddress().getAddress();
        return (b[0] & 0xff) << 24 | (b[1] & 0xff) << 16 | (b[2] & 0xff) << 8 | (b[3] & 0xff);
    }

    /** The highest serial the server sent to {@code client}: the connection's last serial. */
    private int lastSerialTo(SimEndpoint client) {
        return world.tap().from(server.address()).stream()
                .filter(p -> p.to().equals(client.address()) && p.header() != null)
                .mapToInt(p -> p.header().serial()).max().orElse(0);
    }

    @SimTest
    void getStatsIsAnsweredWithVersionSAndLiveCounts(Sim sim) {
        setUp(sim);
        DebugClient.Request r = request(DebugRequest.GETSTATS, 0);
        byte[] raw = ask(r);

        String stats = "00000000" // nFreePackets: no packet pool
                + "00000000" // packetReclaims
                + "00000002" // callsExecuted: the two incoming calls accepted
                + "00" + "01" + "53" + "00" // waitingForPackets, usedFDs 1, version 'S', spare1
                + "00000000" // nWaiting: the backlog is empty
                + "00000000" + "00000000" + "00000000" // idleThreads, nWaited, nPackets
                + "00".repeat(24);
        assertThat(HEX.formatHex(raw)).isEqualTo(replyHeaderHex(r.callNumber(), 8) + stats);
        DebugReply.Stats reply = (DebugReply.Stats) parse(r, raw);
        assertThat(DebugRequest.supportedValues(reply.stats().version())).isEqualTo(0x3df);
        world.assertCount(server, Counter.DEBUG_REPLIES_SENT, 1);
    }

    @SimTest
    void getAllConnWalksEveryConnectionThenSendsTheEndMarker(Sim sim) {
        setUp(sim);
        DebugConn idle = expectedConn(idleClient, 1, 0, 0, ADVERTISED_NAT_MTU);
        DebugConn busy = expectedConn(busyClient, 1, OpenAfs.STATE_ACTIVE, OpenAfs.MODE_RECEIVING, 1412);

        DebugClient.Request r0 = request(DebugRequest.GETALLCONN, 0);
        assertThat(HEX.formatHex(ask(r0))).isEqualTo(HEX.formatHex(encode(replyHeader(r0), idle)));
        DebugClient.Request r1 = request(DebugRequest.GETALLCONN, 1);
        byte[] raw1 = ask(r1);
        assertThat(HEX.formatHex(raw1)).isEqualTo(HEX.formatHex(encode(replyHeader(r1), busy)));
        assertThat(((DebugReply.Conn) parse(r1, raw1)).conn()).isEqualTo(busy);

        DebugClient.Request end = request(DebugRequest.GETALLCONN, 2);
        byte[] rawEnd = ask(end);
        // The end marker as OpenAFS sends it: cid 0xFFFFFFFF, every other byte zero.
        byte[] marker = new byte[DebugConn.SIZE];
        Arrays.fill(marker, 4, 8, (byte) 0xff);
        assertThat(HEX.formatHex(rawEnd)).isEqualTo(replyHeaderHex(end.callNumber(), 8) + HEX.formatHex(marker));
        assertThat(((DebugReply.Conn) parse(end, rawEnd)).isEnd()).isTrue();
        DebugClient.Request other = request(DebugRequest.GETALLCONN, 99);
        other.datagram().release();
        assertThat(DebugClient.parse(other, Unpooled.wrappedBuffer(rawEnd))).as("parse checks the call number")
                .isEmpty();
    }

    @SimTest
    void getConnSkipsConnectionsThatAreNotInteresting(Sim sim) {
        setUp(sim);
        DebugConn busy = expectedConn(busyClient, 1, OpenAfs.STATE_ACTIVE, OpenAfs.MODE_RECEIVING, 1412);

        DebugClient.Request r0 = request(DebugRequest.GETCONN, 0);
        assertThat(HEX.formatHex(ask(r0))).isEqualTo(HEX.formatHex(encode(replyHeader(r0), busy)));
        DebugClient.Request r1 = request(DebugRequest.GETCONN, 1);
        assertThat(((DebugReply.Conn) parse(r1, ask(r1))).isEnd()).isTrue();
        DebugClient.Request negative = request(DebugRequest.GETCONN, -5);
        assertThat(HEX.formatHex(ask(negative))).as("a negative index means the first, as in OpenAFS")
                .isEqualTo(HEX.formatHex(encode(replyHeader(negative), busy)));
    }

    /**
     * The connection from {@code client}: a server connection on port 7000 with call number
     * {@code callNumber} on channel 0 in the given OpenAFS state and mode, no packets queued.
     * {@code natMtu} is what the client advertised in an ACK trailer, or our own packet size if
     * the server has had no ACK from it yet.
     */
    private DebugConn expectedConn(SimEndpoint client, int callNumber, int state, int mode, int natMtu) {
        int cid = client.call(e -> e.snapshot().connections().get(0).cid());
        List<Integer> four = List.of(0, 0, 0, 0);
        return new DebugConn(host(client.address()), cid, lastSerialTo(client), List.of(callNumber, 0, 0, 0), 0,
                client.address().getPort(), 0, 1, 0, List.of(0, 0, 0), List.of(state, 0, 0, 0),
                List.of(mode, 0, 0, 0), four, four, DebugConn.SecurityObjectStats.none(),
                client.engine().epoch(), natMtu, Collections.nCopies(9, 0));
    }

    @SimTest
    void getPeerReportsEachPeerThenTheEndMarker(Sim sim) {
        setUp(sim);
        List<PeerView> views = server.call(e -> e.snapshot().peers());
        assertThat(views).hasSize(2);
        for (int i = 0; i < 2; i++) {
            PeerView v = views.get(i);
            DebugClient.Request r = request(DebugRequest.GETPEER, i);
            byte[] raw = ask(r);
            DebugPeer p = ((DebugReply.Peer) parse(r, raw)).peer();
            assertThat(p.host()).isEqualTo(host(v.address()));
            assertThat(p.port()).isEqualTo(7000);
            assertThat(p.refCount()).as("one connection each").isEqualTo(1);
            assertThat(p.ifMTU()).isEqualTo(1412);
            assertThat(p.mtu()).isEqualTo(1412);
            assertThat(p.natMTU()).as("advertised by an ACK trailer, else our own size")
                    .isEqualTo(v.address().equals(idleClient.address()) ? ADVERTISED_NAT_MTU : 1412);
            assertThat(p.cwind()).isPositive();
            assertThat(p.nSent()).isEqualTo((int) v.dataPacketsSent());
            assertThat(p.bytesReceived()).isEqualTo(v.bytesReceived()).isPositive();
            assertThat(HEX.formatHex(raw)).isEqualTo(HEX.formatHex(encode(replyHeader(r), p)));
        }
        PeerView idle = views.stream().filter(v -> v.address().equals(idleClient.address())).findFirst().orElseThrow();
        assertThat(idle.dataPacketsSent()).as("the 3000-byte echo went back in 3 DATA packets").isEqualTo(3);
        assertThat(idle.dataPacketsResent()).isZero();
        assertThat(idle.bytesReceived()).as("3000 request bytes and the final ACK's body").isGreaterThan(3000);
        assertThat(idle.bytesSent()).as("3000 reply bytes and an ACK's body").isGreaterThan(3000);

        DebugClient.Request end = request(DebugRequest.GETPEER, 2);
        byte[] rawEnd = ask(end);
        byte[] marker = new byte[DebugPeer.SIZE];
        Arrays.fill(marker, 0, 4, (byte) 0xff);
        assertThat(HEX.formatHex(rawEnd)).isEqualTo(replyHeaderHex(end.callNumber(), 8) + HEX.formatHex(marker));
    }

    @SimTest
    void getPeerReportsRttInOpenAfsUnits(Sim sim) {
        setUp(sim);
        // The idle client's call measured the RTT to the server (6 ms of virtual time).
        PeerView v = idleClient.call(e -> e.snapshot().peers()).get(0);
        assertThat(v.rttSamples()).isPositive();
        DebugClient.Request r = request(DebugRequest.GETPEER, 0);
        DebugPeer p = ((DebugReply.Peer) parse(r, ask(idleClient, r))).peer();
        assertThat(p.host()).isEqualTo(host(server.address()));
        assertThat(p.rtt()).as("1/8 ms").isEqualTo((int) (v.srttNs() * 8 / MS)).isEqualTo(6 * 8);
        assertThat(p.rttDev()).as("1/4 ms").isEqualTo((int) (v.rttVarNs() * 4 / MS));
        assertThat(p.timeoutSec() * 1_000_000_000L + p.timeoutUsec() * 1000L).isEqualTo(v.rtoNs() / 1000 * 1000);

        DebugClient.Request stats = request(DebugRequest.RXSTATS, 0);
        RxStatistics s = ((DebugReply.RxStats) parse(stats, ask(idleClient, stats))).statistics();
        assertThat(s.nRttSamples()).isEqualTo((int) v.rttSamples());
        assertThat(s.minRttSec() * 1_000_000L + s.minRttUsec()).isEqualTo(v.rttMinNs() / 1000).isEqualTo(6_000);
        assertThat(s.maxRttSec() * 1_000_000L + s.maxRttUsec()).isEqualTo(v.rttMaxNs() / 1000);
        assertThat(s.totalRttSec() * 1_000_000L + s.totalRttUsec()).isEqualTo(v.rttTotalNs() / 1000);
        assertThat(s.nClientConns()).isEqualTo(1);
    }

    @SimTest
    void rxStatsCountsPacketsByTypeAndTheEndpointsObjects(Sim sim) {
        setUp(sim);
        long dataIn = world.tap().where(p -> p.to().equals(server.address()) && p.is(PacketType.DATA)).size();
        long ackIn = world.tap().where(p -> p.to().equals(server.address()) && p.is(PacketType.ACK)).size();
        long dataOut = world.tap().where(p -> p.from().equals(server.address()) && p.is(PacketType.DATA)).size();
        long ackOut = world.tap().where(p -> p.from().equals(server.address()) && p.is(PacketType.ACK)).size();
        DebugClient.Request r = request(DebugRequest.RXSTATS, 0);
        byte[] raw = ask(r);
        assertThat(raw).hasSize(RxHeader.SIZE + RxStatistics.SIZE);
        RxStatistics s = ((DebugReply.RxStats) parse(r, raw)).statistics();
        assertThat(s.packetsRead(PacketType.DATA.code())).isEqualTo(dataIn);
        assertThat(s.packetsRead(PacketType.ACK.code())).isEqualTo(ackIn);
        assertThat(s.packetsRead(PacketType.DEBUG.code())).as("this request").isEqualTo(1);
        assertThat(s.packetsSent(PacketType.DATA.code())).isEqualTo(dataOut);
        assertThat(s.packetsSent(PacketType.ACK.code())).isEqualTo(ackOut);
        assertThat(s.dataPacketsRead()).isEqualTo(dataIn);
        assertThat(s.dataPacketsSent()).isEqualTo(dataOut);
        assertThat(s.ackPacketsSent()).isEqualTo(ackOut);
        assertThat(s.dataPacketsReSent()).isZero();
        assertThat(s.nServerConns()).isEqualTo(2);
        assertThat(s.nClientConns()).isZero();
        assertThat(s.nPeerStructs()).isEqualTo(2);
        assertThat(s.nCallStructs()).as("the busy client's call").isEqualTo(1);
        assertThat(s.nRttSamples()).as("the ping that went with its one reply, while it knew no RTT").isEqualTo(1);
    }

    @SimTest
    void unknownTypeGetsTheBadTypeEchoAsOpenAfsSendsIt(Sim sim) {
        setUp(sim);
        for (int type : new int[] {0, 6, 42, -8}) {
            DebugClient.Request r = request(type, 7);
            byte[] raw = ask(r);
            assertThat(HEX.formatHex(raw)).isEqualTo(replyHeaderHex(r.callNumber(), 8) + "fffffff8" + "fffffff8");
            assertThat(parse(r, raw)).isInstanceOf(DebugReply.BadType.class);
        }
    }

    @SimTest
    void truncatedOrNotClientInitiatedRequestIsDroppedAndCounted(Sim sim) {
        setUp(sim);
        DebugClient.Request r = request(DebugRequest.GETSTATS, 0);
        byte[] full = ByteBufUtil.getBytes(r.datagram());
        r.datagram().release();
        tool.clearInbox();
        tool.sendRaw(Arrays.copyOf(full, RxHeader.SIZE + 7));
        tool.sendRaw(Arrays.copyOf(full, RxHeader.SIZE));
        byte[] reply = full.clone();
        reply[21] = RxFlags.LAST_PACKET; // CLIENT_INITIATED clear: a reply, never answered
        tool.sendRaw(reply);
        world.runFor(50 * MS);

        assertThat(tool.inbox()).isEmpty();
        world.assertCount(server, Counter.DROP_DEBUG_MALFORMED, 2);
        world.assertCount(server, Counter.DROP_DEBUG_NOT_REQUEST, 1);
        world.assertCount(server, Counter.DEBUG_REPLIES_SENT, 0);
    }

    @SimTest
    void versionIsAnsweredToTheClientsRequest(Sim sim) {
        setUp(sim);
        DebugClient.Request r = debug.version(UnpooledByteBufAllocator.DEFAULT);
        byte[] raw = ask(r);
        assertThat(parse(r, raw)).isEqualTo(new DebugReply.Version("rxrpc4j 0.1.0"));
    }

    /** OpenAFS's call state and mode numbers (rx.h), written out independently of the responder. */
    private static final class OpenAfs {
        static final int STATE_ACTIVE = 2;
        static final int MODE_RECEIVING = 2;
    }
}
