package org.rxrpc4j.wire.pcap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.rxrpc4j.wire.AbortBody;
import org.rxrpc4j.wire.AckBody;
import org.rxrpc4j.wire.AckTrailer;
import org.rxrpc4j.wire.ChallengeBody;
import org.rxrpc4j.wire.DataBody;
import org.rxrpc4j.wire.DebugConn;
import org.rxrpc4j.wire.DebugPeer;
import org.rxrpc4j.wire.DebugRequest;
import org.rxrpc4j.wire.DebugStats;
import org.rxrpc4j.wire.DecodeException;
import org.rxrpc4j.wire.Jumbogram;
import org.rxrpc4j.wire.OpaqueBody;
import org.rxrpc4j.wire.PacketBody;
import org.rxrpc4j.wire.PacketType;
import org.rxrpc4j.wire.ResponseBody;
import org.rxrpc4j.wire.RxFlags;
import org.rxrpc4j.wire.RxHeader;
import org.rxrpc4j.wire.RxPacket;
import org.rxrpc4j.wire.RxStatistics;
import org.rxrpc4j.wire.VersionBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Acceptance test of the wire codecs: every packet of every capture in the shared folder
 * ({@code <rxrpc4j.shared.dir>/pcaps}, real OpenAFS 1.8.9 traffic) decodes with
 * {@link RxPacket#decode}, its fields equal what tshark 4.0.17 shows for it, and it re-encodes
 * byte for byte. One dynamic test per (capture, frame), so the report counts every packet.
 *
 * <p>Where each expectation comes from:
 * <ul>
 *   <li><b>[tshark]</b> {@code pcap-expected/<capture>.tsv}, made once by
 *       {@code pcap-expected/generate.sh} from tshark's PDML: every header field and flag bit,
 *       the ACK body, soft-ACK table and trailer, the ABORT code, the CHALLENGE and RESPONSE
 *       fields, and udp.length. {@link FrameCheck#allRxFieldsCompared} fails a frame if any rx
 *       field tshark showed was not compared.
 *   <li><b>[doc]</b> rx-protocol.md, for what Wireshark does not decode: the VERSION payload
 *       (§5.4), the DEBUG request and reply structs (§10), the CHALLENGE/RESPONSE spare words
 *       (§8.2). What rxdebug does with a reply (stop at the end marker) is §10.2.
 *   <li><b>[capture]</b> facts of this traffic recorded in INDEX.md: loopback (127.0.0.1),
 *       OpenAFS 1.8.9.
 *   <li><b>[bytes]</b> the packet itself: the re-encode must give back the captured bytes.
 * </ul>
 */
class PcapFixtureTest {

    private static final Logger LOG = LoggerFactory.getLogger(PcapFixtureTest.class);
    private static final Map<String, LongAdder> ASSERTIONS = new ConcurrentHashMap<>();
    private static final Map<String, LongAdder> FRAMES = new ConcurrentHashMap<>();
    private static final int LOOPBACK = 0x7f000001;
    private static final int RX = RxHeader.SIZE;

    @TestFactory
    Stream<DynamicContainer> everyPacketOfEveryCapture() {
        return SharedCaptures.NAMES.stream().map(name -> {
            PcapReader.Capture capture = SharedCaptures.read(name);
            ExpectedValues expected = ExpectedValues.load(name);
            assertThat(expected.frames()).as("%s: frames in the expected-values file", name)
                    .hasSize(capture.frames().size());
            DebugExchanges debug = DebugExchanges.of(capture.frames());
            LongAdder counter = ASSERTIONS.computeIfAbsent(name, k -> new LongAdder());
            LongAdder frames = FRAMES.computeIfAbsent(name, k -> new LongAdder());
            return dynamicContainer(name, capture.frames().stream().map(f -> dynamicTest(
                    "frame " + f.number() + " " + f.source().getPort() + "->"
                            + f.destination().getPort() + " " + typeName(f.payload()) + " ("
                            + f.payload().length + " bytes)",
                    () -> {
                        checkFrame(new FrameCheck(name, f.number(), expected, counter), f, debug);
                        frames.increment();
                    })));
        });
    }

    @AfterAll
    static void report() {
        Map<String, String> summary = new TreeMap<>();
        ASSERTIONS.forEach((k, v) -> summary.put(k,
                FRAMES.getOrDefault(k, new LongAdder()).sum() + " frames, " + v.sum()
                        + " assertions"));
        LOG.info("pcap fixtures: {}", summary);
    }

    private static String typeName(byte[] payload) {
        PacketType t = payload.length > 20 ? PacketType.fromCode(payload[20] & 0xff) : null;
        return t == null ? "?" : t.name();
    }

    private static void checkFrame(FrameCheck c, PcapReader.Frame frame, DebugExchanges debug)
            throws DecodeException {
        byte[] payload = frame.payload();
        c.number("udp.length", -1, frame.udpLength()); // [tshark] (checks PcapReader)
        ByteBuf in = Unpooled.wrappedBuffer(payload);
        try {
            RxPacket p = RxPacket.decode(in);
            assertThat(in.readableBytes()).as("%s: bytes left after decode", c.where()).isZero();
            c.counted();
            RxHeader h = p.header();
            checkHeader(c, h);
            switch (h.type()) {
                case DATA -> checkData(c, h, (DataBody) p.body(), payload.length);
                case ACK -> checkAck(c, (AckBody) p.body());
                case ABORT -> {
                    AbortBody a = (AbortBody) p.body();
                    c.u32("rx.abort_code", RX, a.code()); // [tshark]
                    assertThat(a.trailing().length()).as("%s: bytes after the code", c.where())
                            .isZero(); // [doc §5.1] real peers send exactly 4 bytes
                    c.counted();
                }
                case CHALLENGE -> checkChallenge(c, p.body());
                case RESPONSE -> checkResponse(c, p.body());
                case VERSION -> checkVersion(c, h, (VersionBody) p.body());
                case DEBUG -> checkDebug(c, h, frame, p.body(), debug);
                default -> throw new AssertionError(c.where() + ": no " + h.type()
                        + " packets expected in the captures");
            }
            // [bytes] the whole packet re-encodes to the captured datagram
            assertThat(p.encodedLength()).as("%s: encodedLength", c.where())
                    .isEqualTo(payload.length);
            assertThat(encode(p::encode, p.encodedLength())).as("%s: re-encode", c.where())
                    .isEqualTo(payload);
            c.counted(2);
        } finally {
            in.release();
        }
        c.allRxFieldsCompared();
    }

    private interface Encoder {
        void encode(ByteBuf out);
    }

    /** Encodes into a fresh buffer and returns its bytes; the buffer is released. */
    private static byte[] encode(Encoder e, int expectedLength) {
        ByteBuf out = Unpooled.buffer(expectedLength);
        try {
            e.encode(out);
            return ByteBufUtil.getBytes(out);
        } finally {
            out.release();
        }
    }

    /** A typed body that RxPacket.decode may still hand over as raw bytes. */
    private interface BodyDecoder<T extends PacketBody> {
        T decode(ByteBuf in) throws DecodeException;
    }

    /**
     * Decodes {@code body} with {@code decoder} if RxPacket left it opaque (CHALLENGE, RESPONSE
     * and DEBUG bodies need context it does not have), checks the typed body consumed every byte
     * and re-encodes to them.
     */
    private static <T extends PacketBody> T typed(FrameCheck c, PacketBody body, Class<T> type,
            BodyDecoder<T> decoder) throws DecodeException {
        if (type.isInstance(body)) {
            return type.cast(body);
        }
        assertThat(body).as("%s: body", c.where()).isInstanceOf(OpaqueBody.class);
        byte[] bytes = ((OpaqueBody) body).bytes();
        ByteBuf in = Unpooled.wrappedBuffer(bytes);
        try {
            T t = decoder.decode(in);
            assertThat(in.readableBytes()).as("%s: %s left bytes", c.where(),
                    type.getSimpleName()).isZero();
            assertThat(t.encodedLength()).isEqualTo(bytes.length);
            assertThat(encode(t::encode, t.encodedLength())).as("%s: %s re-encode", c.where(),
                    type.getSimpleName()).isEqualTo(bytes); // [bytes]
            c.counted(3);
            return t;
        } finally {
            in.release();
        }
    }

    /** [tshark] The 28-byte header: every rx.* field at offsets 0..27. */
    static void checkHeader(FrameCheck c, RxHeader h) {
        c.u32("rx.epoch", 0, h.epoch()); // raw value: tshark shows the epoch as a date
        c.u32("rx.cid", 4, h.cid());
        c.u32("rx.callnumber", 8, h.callNumber());
        c.u32("rx.seq", 12, h.seq());
        c.u32("rx.serial", 16, h.serial());
        c.number("rx.type", 20, h.type().code());
        c.number("rx.flags", 21, h.flags());
        c.bit("rx.flags.client_init", h.flags(), RxFlags.CLIENT_INITIATED);
        c.bit("rx.flags.request_ack", h.flags(), RxFlags.REQUEST_ACK);
        c.bit("rx.flags.last_packet", h.flags(), RxFlags.LAST_PACKET);
        c.bit("rx.flags.more_packets", h.flags(), RxFlags.MORE_PACKETS);
        c.bit("rx.flags.free_packet", h.flags(), RxFlags.FREE_PACKET);
        c.number("rx.userstatus", 22, h.userStatus());
        c.number("rx.securityindex", 23, h.securityIndex());
        c.number("rx.spare", 24, h.cksum());
        c.number("rx.serviceid", 26, h.serviceId());
    }

    private static void checkData(FrameCheck c, RxHeader h, DataBody d, int datagramLength)
            throws DecodeException {
        // [tshark] udp.length - 8 - 28: tshark shows no DATA fields beyond the header
        assertThat(d.length()).as("%s: DATA payload length", c.where())
                .isEqualTo(datagramLength - RX);
        List<RxPacket> sub = Jumbogram.split(h, d.payload());
        if (h.hasFlags(RxFlags.JUMBO_PACKET)) {
            // [doc §3.3] every subpacket but the last carries 1412 bytes; seq/serial step by 1.
            // (No capture holds a jumbogram: tshark shows no DATA with flag 0x20.)
            int n = 1 + (datagramLength - RX - Jumbogram.JUMBO_DATALEN) / Jumbogram.JUMBO_SUBPKTLEN;
            assertThat(sub).as("%s: jumbo subpackets", c.where()).hasSize(n);
            for (int i = 0; i < sub.size(); i++) {
                assertThat(sub.get(i).header().seq()).isEqualTo(h.seq() + i);
                assertThat(sub.get(i).header().serial()).isEqualTo(h.serial() + i);
            }
            c.counted(1 + 2 * sub.size());
        } else {
            assertThat(sub).as("%s: split of a plain DATA packet", c.where()).hasSize(1);
            assertThat(sub.get(0).header()).isEqualTo(h);
            c.counted(2);
        }
        c.counted();
    }

    /** [tshark] ACK body, soft-ACK table and trailer (offsets from the start of the packet). */
    private static void checkAck(FrameCheck c, AckBody a) {
        c.number("rx.bufferspace", RX, a.bufferSpace());
        c.number("rx.maxskew", RX + 2, a.maxSkew());
        c.u32("rx.first", RX + 4, a.firstPacket());
        c.u32("rx.prev", RX + 8, a.previousPacket());
        c.u32("rx.serial", RX + 12, a.serial()); // the ACK's serial; the header's is at 16
        c.number("rx.reason", RX + 16, a.reason());
        c.number("rx.num_acks", RX + 17, a.nAcks());
        List<ExpectedValues.Field> types = c.remaining("rx.ack_type");
        assertThat(types).as("%s: soft-ACK entries tshark shows", c.where()).hasSize(a.nAcks());
        for (int i = 0; i < a.nAcks(); i++) {
            c.number("rx.ack_type", RX + 18 + i, a.ack(i) & 0xff);
        }
        int trailerAt = RX + AckBody.FIXED_SIZE + a.nAcks() + AckBody.PAD_SIZE;
        AckTrailer t = a.trailer();
        // every ACK in the captures comes from OpenAFS and carries the full AFS 3.5 trailer
        assertThat(a.trailerWords()).as("%s: trailer words", c.where()).isEqualTo(4);
        assertThat(a.trailingZeros()).isZero();
        c.counted(2);
        c.u32("rx.max_mtu", trailerAt, t.maxMtu());
        c.u32("rx.if_mtu", trailerAt + 4, t.ifMtu());
        c.u32("rx.rwind", trailerAt + 8, t.rwind());
        c.u32("rx.max_packets", trailerAt + 12, t.jumboMax());
    }

    private static void checkChallenge(FrameCheck c, PacketBody body) throws DecodeException {
        ChallengeBody ch = typed(c, body, ChallengeBody.class, ChallengeBody::decode);
        assertThat(ch.v2()).as("%s: v2 challenge", c.where()).isTrue();
        c.counted();
        c.u32("rx.version", RX, ch.version()); // [tshark]
        c.u32("rx.nonce", RX + 4, ch.nonce()); // [tshark]
        c.u32("rx.min_level", RX + 8, ch.minLevel()); // [tshark]
        assertThat(ch.spare()).as("%s: challenge spare", c.where()).isZero(); // [doc §8.2]
        c.counted();
    }

    private static void checkResponse(FrameCheck c, PacketBody body) throws DecodeException {
        ResponseBody r = typed(c, body, ResponseBody.class, ResponseBody::decode);
        c.u32("rx.version", RX, r.version()); // [tshark]
        assertThat(r.spare()).as("%s: response spare", c.where()).isZero(); // [doc §8.2]
        c.counted();
        // [tshark] Wireshark labels the 40 encrypted bytes as if they were clear (epoch, cid,
        // securityindex as one byte, 4 call numbers, inc_nonce, level) and skips the checksum
        // word. They are ciphertext (fcrypt PCBC under the session key); we keep them opaque,
        // so what must agree is the bytes at those positions of ResponseBody.encrypted().
        byte[] enc = r.encrypted();
        int encAt = RX + 8;
        for (String name : List.of("rx.epoch", "rx.cid", "rx.securityindex", "rx.callnumber",
                "rx.inc_nonce", "rx.level")) {
            for (ExpectedValues.Field f : c.remaining(name)) {
                assertThat(f.offset()).as("%s: %s inside the encrypted block", c.where(), name)
                        .isBetween(encAt, encAt + ResponseBody.ENCRYPTED_LENGTH - f.size());
                c.bytes(name, f.offset(),
                        Arrays.copyOfRange(enc, f.offset() - encAt, f.offset() - encAt + f.size()));
            }
        }
        c.u32("rx.kvno", RX + 48, r.kvno()); // [tshark]
        c.number("rx.ticket_len", RX + 52, r.ticketLength()); // [tshark]
        c.bytes("rx.ticket", RX + 56, r.ticket()); // [tshark]
    }

    /** [doc §5.4] Request: one zero byte. Reply: 65 bytes, NUL-padded version string. */
    private static void checkVersion(FrameCheck c, RxHeader h, VersionBody v) {
        if (h.isClientInitiated()) {
            assertThat(v.bytes()).as("%s: version request", c.where()).containsExactly(0);
            c.counted();
        } else {
            assertThat(v.length()).as("%s: version reply length", c.where())
                    .isEqualTo(VersionBody.REPLY_LENGTH);
            // [capture] INDEX.md: OpenAFS 1.8.9 (Debian 12)
            assertThat(v.versionString()).as("%s: version string", c.where())
                    .startsWith("OpenAFS 1.8.9");
            byte[] b = v.bytes();
            int nul = v.versionString().getBytes(StandardCharsets.ISO_8859_1).length;
            for (int i = nul; i < b.length; i++) {
                assertThat(b[i]).as("%s: NUL padding at %d", c.where(), i).isZero();
            }
            c.counted(3);
        }
    }

    /**
     * [doc §10] DEBUG. Wireshark does not decode the payload, so every expectation here comes
     * from rx-protocol.md §10 and what rxdebug does with the replies. Requests decode as
     * {@link DebugRequest}. A reply is decoded with the struct its request asked for, found by
     * pairing (client address and port, server address and port, callNumber).
     */
    private static void checkDebug(FrameCheck c, RxHeader h, PcapReader.Frame frame,
            PacketBody body, DebugExchanges debug) throws DecodeException {
        // [doc §10.1] header of debug requests and replies: epoch 999, cid 0, seq 0, serial 0,
        // flags 0x05 on requests and 0x04 on replies, service 0
        assertThat(h.epoch()).isEqualTo(999);
        assertThat(h.cid()).isZero();
        assertThat(h.seq()).isZero();
        assertThat(h.serial()).isZero();
        assertThat(h.serviceId()).isZero();
        assertThat(h.flags()).isEqualTo(h.isClientInitiated() ? 0x05 : 0x04);
        c.counted(6);
        if (h.isClientInitiated()) {
            DebugRequest rq = typed(c, body, DebugRequest.class, DebugRequest::decode);
            assertThat(rq.type()).as("%s: request type", c.where())
                    .isBetween(DebugRequest.GETSTATS, DebugRequest.GETPEER);
            assertThat(rq.index()).isNotNegative();
            c.counted(2);
            return;
        }
        DebugExchanges.Request rq = debug.requestOf(frame.number()).orElseThrow(
                () -> new AssertionError(c.where() + ": DEBUG reply without a request"));
        switch (rq.type()) {
            case DebugRequest.GETSTATS -> {
                DebugStats s = typed(c, body, DebugStats.class, DebugStats::decode);
                // [doc §10.3] current OpenAFS speaks debug version 'S'; spare2 is zero
                assertThat(s.version()).as("%s: debug version", c.where())
                        .isEqualTo(DebugRequest.VERSION).isEqualTo('S');
                assertThat(s.spare2()).containsOnly(0);
                c.counted(2);
            }
            case DebugRequest.RXSTATS -> {
                RxStatistics s = typed(c, body, RxStatistics.class, RxStatistics::decode);
                // [doc §10.6] 71 words; the server has read DEBUG packets (this request at least)
                assertThat(s.words()).hasSize(RxStatistics.WORDS);
                assertThat(s.packetsRead(PacketType.DEBUG.code())).isPositive();
                c.counted(2);
            }
            case DebugRequest.GETCONN, DebugRequest.GETALLCONN -> {
                DebugConn conn = typed(c, body, DebugConn.class, DebugConn::decode);
                // [doc §10.2] rxdebug asks for index 0, 1, ... until the end marker (cid ~0):
                // the reply to the last request is the end marker, and only that one is
                assertThat(conn.isEndMarker()).as("%s: end marker (index %d)", c.where(),
                        rq.index()).isEqualTo(rq.last());
                assertThat(conn.isEndMarker()).isEqualTo(conn.cid() == 0xFFFFFFFF);
                c.counted(2);
                if (!conn.isEndMarker()) {
                    // [capture] loopback; [doc §10.4] port is the peer's UDP port
                    assertThat(conn.host()).as("%s: conn host", c.where()).isEqualTo(LOOPBACK);
                    assertThat(conn.hostString()).isEqualTo("127.0.0.1");
                    assertThat(conn.port()).as("%s: conn port", c.where()).isBetween(1024, 65535);
                    if (!debug.peerPorts().isEmpty()) {
                        // every connection has a peer, and GETPEER listed the peers
                        assertThat(debug.peerPorts()).contains(conn.port());
                        c.counted();
                    }
                    // [doc §10.4] channel bits are 0 in the connection ID
                    assertThat(conn.cid() & RxHeader.CHANNEL_MASK).isZero();
                    assertThat(conn.callNumber()).hasSize(DebugConn.CHANNELS);
                    c.counted(5);
                }
            }
            case DebugRequest.GETPEER -> {
                DebugPeer peer = typed(c, body, DebugPeer.class, DebugPeer::decode);
                assertThat(peer.isEndMarker()).as("%s: end marker (index %d)", c.where(),
                        rq.index()).isEqualTo(rq.last()); // [doc §10.2]
                assertThat(peer.isEndMarker()).isEqualTo(peer.host() == 0xFFFFFFFF);
                c.counted(2);
                if (!peer.isEndMarker()) {
                    assertThat(peer.host()).as("%s: peer host", c.where()).isEqualTo(LOOPBACK);
                    assertThat(peer.port()).as("%s: peer port", c.where()).isBetween(1024, 65535);
                    // [doc §3.2/§4.3] the ifMTU OpenAFS uses for these peers is the one its ACK
                    // trailers advertise in the captures (tshark rx.if_mtu): 1444
                    assertThat(peer.ifMTU()).isEqualTo(1444);
                    c.counted(3);
                }
            }
            default -> {
                // [doc §10.2] an unknown type comes back as an rx_debugIn echo with type -8
                DebugRequest echo = typed(c, body, DebugRequest.class, DebugRequest::decode);
                assertThat(echo.type()).isEqualTo(DebugRequest.BADTYPE);
                assertThat(echo.index()).isEqualTo(rq.index());
                c.counted(2);
            }
        }
    }

    /**
     * [doc §10.6, §10.2] rxdebug-7002 asked the same idle ptserver for -rxstats, -peers and
     * -allconnections: the counts in rx_statistics agree with the lists. The RXSTATS words are
     * read from the frame through the codec, the lists counted by walking the replies.
     */
    @Test
    void rxdebugStatisticsAgreeWithTheListedConnectionsAndPeers() throws Exception {
        String name = "rxdebug-7002";
        PcapReader.Capture capture = SharedCaptures.read(name);
        DebugExchanges debug = DebugExchanges.of(capture.frames());
        RxStatistics stats = null;
        int conns = 0;
        int peers = 0;
        for (PcapReader.Frame f : capture.frames()) {
            var rq = debug.requestOf(f.number());
            if (rq.isEmpty()) {
                continue;
            }
            ByteBuf in = Unpooled.wrappedBuffer(f.payload());
            try {
                in.skipBytes(RX);
                switch (rq.get().type()) {
                    case DebugRequest.RXSTATS -> stats = RxStatistics.decode(in);
                    case DebugRequest.GETALLCONN -> conns += DebugConn.decode(in).isEndMarker() ? 0 : 1;
                    case DebugRequest.GETPEER -> peers += DebugPeer.decode(in).isEndMarker() ? 0 : 1;
                    default -> { }
                }
            } finally {
                in.release();
            }
        }
        assertThat(stats).isNotNull();
        assertThat(conns).isEqualTo(11);
        assertThat(peers).isEqualTo(11);
        assertThat(stats.nServerConns() + stats.nClientConns()).isEqualTo(conns);
        assertThat(stats.nPeerStructs()).isEqualTo(peers);
    }
}
