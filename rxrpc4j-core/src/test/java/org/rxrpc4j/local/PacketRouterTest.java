package org.rxrpc4j.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.rxrpc4j.local.EndpointHarness.REMOTE;

import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.rxrpc4j.trace.Counter;
import org.rxrpc4j.wire.AbortBody;
import org.rxrpc4j.wire.AbortCodes;
import org.rxrpc4j.wire.AckBody;
import org.rxrpc4j.wire.AckReason;
import org.rxrpc4j.wire.DataBody;
import org.rxrpc4j.wire.DebugRequest;
import org.rxrpc4j.wire.DecodeException;
import org.rxrpc4j.wire.EmptyBody;
import org.rxrpc4j.wire.PacketBody;
import org.rxrpc4j.wire.PacketType;
import org.rxrpc4j.wire.RxFlags;
import org.rxrpc4j.wire.RxHeader;
import org.rxrpc4j.wire.RxPacket;
import org.rxrpc4j.wire.VersionBody;

/** Each step of the inbound router chain and each answer it gives without a connection. */
class PacketRouterTest {

    private static final int EPOCH = 0x9abc_def0;
    private static final int CID = 0x0123_4564 | 2;
    private static final int CI = RxFlags.CLIENT_INITIATED;

    private final EndpointHarness t = new EndpointHarness();

    @AfterEach
    void everyDatagramReleased() {
        assertThat(t.bytesInUse()).as("bytes still allocated").isZero();
    }

    private static RxHeader header(PacketType type, int flags, int callNumber, int seq,
            int securityIndex, int serviceId) {
        return new RxHeader(EPOCH, CID, callNumber, seq, 77, type, flags, 0, securityIndex, 0,
                serviceId);
    }

    private static DataBody data(int n) {
        return new DataBody(Unpooled.wrappedBuffer(new byte[n]));
    }

    private static AckBody ack() {
        return new AckBody(0, 0, 1, 0, 0, AckReason.IDLE, new byte[0], null);
    }

    private void assertNothingSent() {
        assertThat(t.sent).isEmpty();
    }

    @Test
    void theChainRunsItsNamedStepsInOrder() {
        assertThat(t.endpoint.routerSteps()).containsExactly("decode-header", "answer-version",
                "answer-debug", "drop-params", "check-direction", "check-call-number-and-seq",
                "decode-body", "route-to-service-connection", "route-to-client-connection");
    }

    @Test
    void versionRequestIsAnsweredWithTheExactReplyBytes() {
        // rxdebug -version: epoch 999, cid 0, call 101, flags CLIENT_INITIATED|LAST, 1 zero byte.
        RxHeader req = new RxHeader(999, 0, 101, 0, 0, PacketType.VERSION,
                RxFlags.CLIENT_INITIATED | RxFlags.LAST_PACKET, 0, 0, 0, 0);
        t.receive(req, VersionBody.request());

        EndpointHarness.Sent reply = t.onlySent();
        byte[] expected = new byte[28 + 65];
        byte[] head = {
            0, 0, 0x03, (byte) 0xe7, // epoch 999
            0, 0, 0, 0, // cid
            0, 0, 0, 101, // call number echoed
            0, 0, 0, 0, // seq 0
            0, 0, 0, 0, // serial 0
            13, RxFlags.LAST_PACKET, 0, 0, // VERSION, LAST only, userStatus, securityIndex 0
            0, 0, 0, 0, // cksum, serviceId
        };
        System.arraycopy(head, 0, expected, 0, 28);
        byte[] text = ("rxrpc4j " + LocalEndpoint.VERSION).getBytes(StandardCharsets.ISO_8859_1);
        System.arraycopy(text, 0, expected, 28, text.length);
        assertThat(reply.to()).isEqualTo(REMOTE);
        assertThat(reply.bytes()).isEqualTo(expected);
        assertThat(LocalEndpoint.VERSION_STRING).isEqualTo("rxrpc4j " + LocalEndpoint.VERSION);
        assertThat(t.count(Counter.VERSION_REPLIES_SENT)).isEqualTo(1);
        assertThat(t.count(Counter.DATAGRAMS_SENT)).isEqualTo(1);
        assertThat(t.count(Counter.DATAGRAMS_RECEIVED)).isEqualTo(1);
    }

    @Test
    void versionReplyCopiesTheIdsAndClearsSecurityIndexAndUserStatus() {
        RxHeader req = new RxHeader(EPOCH, CID, 5, 3, 9, PacketType.VERSION,
                RxFlags.CLIENT_INITIATED | RxFlags.REQUEST_ACK, 7, 2, 0x1234, 4321);
        t.receive(req, VersionBody.request());
        RxHeader h = t.onlySent().decode().header();
        assertThat(h).isEqualTo(new RxHeader(EPOCH, CID, 5, 0, 0, PacketType.VERSION,
                RxFlags.LAST_PACKET, 0, 0, 0, 4321));
    }

    @Test
    void versionWithoutClientInitiatedIsNeverAnswered() {
        // The kernel's peer keepalive: flags LAST only, one zero byte.
        t.receive(header(PacketType.VERSION, RxFlags.LAST_PACKET, 0, 0, 0, 0), VersionBody.request());
        // And a version reply arriving here.
        t.receive(header(PacketType.VERSION, RxFlags.LAST_PACKET, 0, 0, 0, 0),
                VersionBody.reply("someone 1.0"));
        assertNothingSent();
        assertThat(t.count(Counter.DROP_VERSION_NOT_REQUEST)).isEqualTo(2);
    }

    @Test
    void versionRequestWhoseFirstByteIsNotZeroOrMissingIsNotAnswered() {
        t.receive(header(PacketType.VERSION, CI, 0, 0, 0, 0), VersionBody.of(new byte[] {1}));
        t.receive(header(PacketType.VERSION, CI, 0, 0, 0, 0), VersionBody.of(new byte[0]));
        assertNothingSent();
        assertThat(t.count(Counter.DROP_VERSION_NOT_REQUEST)).isEqualTo(2);
    }

    @Test
    void debugRequestIsAnsweredWithItsHeaderEchoedAndClientInitiatedCleared() {
        t.receive(header(PacketType.DEBUG, CI | RxFlags.LAST_PACKET, 1, 0, 0, 0),
                new DebugRequest(DebugRequest.GETSTATS, 0));
        RxPacket reply = t.onlySent().decode();
        assertThat(reply.header()).isEqualTo(header(PacketType.DEBUG, RxFlags.LAST_PACKET, 1, 0, 0, 0));
        assertThat(reply.body().encodedLength()).isEqualTo(56);
        assertThat(t.count(Counter.DEBUG_REPLIES_SENT)).isEqualTo(1);
    }

    @Test
    void debugPacketWithoutClientInitiatedOrTooShortIsDroppedAndCounted() {
        t.receive(header(PacketType.DEBUG, RxFlags.LAST_PACKET, 1, 0, 0, 0),
                new DebugRequest(DebugRequest.GETSTATS, 0));
        t.receive(header(PacketType.DEBUG, CI, 1, 0, 0, 0), VersionBody.of(new byte[7]));
        assertNothingSent();
        assertThat(t.count(Counter.DROP_DEBUG_NOT_REQUEST)).isEqualTo(1);
        assertThat(t.count(Counter.DROP_DEBUG_MALFORMED)).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(value = PacketType.class, names = {"PARAMS", "PARAMS_2", "PARAMS_3"})
    void paramsPacketsAreDropped(PacketType type) {
        t.receive(header(type, CI, 0, 0, 0, 0), EmptyBody.EMPTY);
        assertNothingSent();
        assertThat(t.count(Counter.DROP_PARAMS)).isEqualTo(1);
    }

    @Test
    void busyOrChallengeSentToAServerAndResponseSentToAClientAreDropped() {
        byte[] body = new byte[64];
        t.receive(withBody(header(PacketType.BUSY, CI, 1, 0, 0, 1), new byte[0]));
        t.receive(withBody(header(PacketType.CHALLENGE, CI, 0, 0, 0, 1), body));
        t.receive(withBody(header(PacketType.RESPONSE, 0, 0, 0, 0, 1), body));
        assertNothingSent();
        assertThat(t.count(Counter.DROP_WRONG_DIRECTION)).isEqualTo(3);
    }

    private static byte[] withBody(RxHeader h, byte[] body) {
        byte[] out = new byte[RxHeader.SIZE + body.length];
        io.netty.buffer.ByteBuf b = Unpooled.wrappedBuffer(out);
        b.writerIndex(0);
        h.encode(b);
        b.writeBytes(body);
        return out;
    }

    @ParameterizedTest
    @EnumSource(value = PacketType.class, names = {"DATA", "ACK", "BUSY", "ACKALL"})
    void callPacketWithCallNumberZeroGetsARawProtocolErrorAbort(PacketType type) {
        // BUSY goes server -> client, the others either way; send each in a legal direction.
        int flags = type == PacketType.BUSY ? 0 : CI;
        PacketBody body = switch (type) {
            case DATA -> data(3);
            case ACK -> ack();
            default -> EmptyBody.EMPTY;
        };
        t.receive(header(type, flags | RxFlags.REQUEST_ACK, 0, 1, 2, 52), body);

        RxPacket abort = t.onlySent().decode();
        int invertedFlags = flags == CI ? 0 : CI;
        assertThat(abort.header()).isEqualTo(new RxHeader(EPOCH, CID, 0, 0, 0, PacketType.ABORT,
                invertedFlags, 0, 0, 0, 52));
        assertThat(abort.body()).isEqualTo(new AbortBody(AbortCodes.RX_PROTOCOL_ERROR));
        assertThat(t.count(Counter.DROP_ZERO_CALL_NUMBER)).isEqualTo(1);
        assertThat(t.count(Counter.ABORT_PROTOCOL_ERROR)).isEqualTo(1);
        assertThat(t.count(Counter.ABORTS_SENT)).isEqualTo(1);
    }

    @Test
    void dataWithSeqZeroGetsARawProtocolErrorAbortWithSerialZero() {
        t.receive(header(PacketType.DATA, 0, 9, 0, 0, 52), data(10));
        RxPacket abort = t.onlySent().decode();
        assertThat(abort.header()).isEqualTo(new RxHeader(EPOCH, CID, 9, 0, 0, PacketType.ABORT,
                CI, 0, 0, 0, 52));
        assertThat(abort.body()).isEqualTo(new AbortBody(AbortCodes.RX_PROTOCOL_ERROR));
        assertThat(t.count(Counter.DROP_ZERO_SEQ)).isEqualTo(1);
    }

    @Test
    void anAbortIsNeverAnsweredWithAnAbort() {
        t.endpoint.addService(1, 4, (e, s) -> { });
        // connection abort, call abort for an unknown service, and one for an offered service
        t.receive(header(PacketType.ABORT, CI, 0, 0, 0, 1), new AbortBody(-1));
        t.receive(header(PacketType.ABORT, CI, 3, 0, 0, 999), new AbortBody(-1));
        t.receive(header(PacketType.ABORT, CI, 3, 0, 2, 1), new AbortBody(-1));
        // from a server, to a client connection we do not have
        t.receive(header(PacketType.ABORT, 0, 3, 0, 0, 1), new AbortBody(-1));
        assertNothingSent();
        assertThat(t.count(Counter.DROP_ABORT_NOT_ANSWERED)).isEqualTo(3);
        assertThat(t.count(Counter.DROP_UNKNOWN_CONNECTION)).isEqualTo(1);
    }

    @Test
    void truncatedHeadersAndUnknownTypesAreDroppedByReason() {
        t.receive(new byte[27]);
        byte[] unknown = withBody(header(PacketType.DATA, CI, 1, 1, 0, 1), new byte[4]);
        unknown[20] = 12;
        t.receive(unknown);
        assertNothingSent();
        assertThat(t.count(Counter.DROP_TRUNCATED_HEADER)).isEqualTo(1);
        assertThat(t.count(Counter.DROP_UNKNOWN_TYPE)).isEqualTo(1);
        assertThat(t.endpoint.decodeFailures(DecodeException.Reason.TRUNCATED_HEADER)).isEqualTo(1);
        assertThat(t.endpoint.decodeFailures(DecodeException.Reason.UNKNOWN_TYPE)).isEqualTo(1);
    }

    @Test
    void malformedBodiesAreDroppedAndCountedByDecodeReason() {
        t.endpoint.addService(1, 4, (e, s) -> { });
        t.receive(withBody(header(PacketType.ACK, CI, 1, 0, 0, 1), new byte[10]));
        byte[] nacks = new byte[18];
        nacks[17] = 50; // nAcks 50 with no table
        t.receive(withBody(header(PacketType.ACK, 0, 1, 0, 0, 1), nacks));
        t.receive(withBody(header(PacketType.ABORT, CI, 1, 0, 0, 1), new byte[2]));
        t.receive(withBody(header(PacketType.ABORT, 0, 0, 0, 0, 1), new byte[3]));
        assertNothingSent();
        assertThat(t.count(Counter.DROP_MALFORMED_BODY)).isEqualTo(4);
        assertThat(t.endpoint.decodeFailures(DecodeException.Reason.BODY_TRUNCATED)).isEqualTo(1);
        assertThat(t.endpoint.decodeFailures(DecodeException.Reason.NACKS_BEYOND_END)).isEqualTo(1);
        assertThat(t.endpoint.decodeFailures(DecodeException.Reason.ABORT_TRUNCATED)).isEqualTo(2);
    }

    @Test
    void unknownServiceIsAbortedOnlyForDataSeqOne() {
        t.receive(header(PacketType.DATA, CI | RxFlags.LAST_PACKET, 7, 1, 0, 999), data(20));
        RxPacket abort = t.onlySent().decode();
        assertThat(abort.header()).isEqualTo(new RxHeader(EPOCH, CID, 7, 0, 0, PacketType.ABORT,
                0, 0, 0, 0, 999));
        assertThat(abort.body()).isEqualTo(new AbortBody(AbortCodes.RX_INVALID_OPERATION));
        assertThat(t.count(Counter.ABORT_UNKNOWN_SERVICE)).isEqualTo(1);

        t.receive(header(PacketType.DATA, CI, 7, 2, 0, 999), data(20));
        t.receive(header(PacketType.ACK, CI, 7, 0, 0, 999), ack());
        t.receive(header(PacketType.ACKALL, CI, 7, 0, 0, 999), EmptyBody.EMPTY);
        assertNothingSent();
        assertThat(t.count(Counter.ABORT_UNKNOWN_SERVICE)).isEqualTo(1);
        assertThat(t.count(Counter.DROP_NO_CALL)).isEqualTo(3);
        assertThat(t.endpoint.liveConnections()).isZero();
        assertThat(t.endpoint.livePeers()).isZero();
    }

    @Test
    void unsupportedSecurityIndexIsAbortedWithInvalidOperationAndSecurityIndexZero() {
        t.endpoint.addService(1, 4, (e, s) -> { });
        t.receive(header(PacketType.DATA, CI, 7, 1, 2, 1), data(20));
        RxPacket abort = t.onlySent().decode();
        assertThat(abort.header()).isEqualTo(new RxHeader(EPOCH, CID, 7, 0, 0, PacketType.ABORT,
                0, 0, 0, 0, 1));
        assertThat(abort.body()).isEqualTo(new AbortBody(AbortCodes.RX_INVALID_OPERATION));
        assertThat(t.count(Counter.ABORT_UNSUPPORTED_SECURITY)).isEqualTo(1);
        assertThat(t.endpoint.liveConnections()).isZero();
    }

    @Test
    void aFullBacklogAnswersBusyWithAHeaderOnlyPacketAndMakesNoCall() {
        t.endpoint.addService(1, 0, (e, s) -> { throw new AssertionError("no call expected"); });
        t.receive(header(PacketType.DATA, CI | RxFlags.REQUEST_ACK, 7, 1, 0, 1), data(20));
        EndpointHarness.Sent busy = t.onlySent();
        assertThat(busy.bytes()).hasSize(RxHeader.SIZE);
        assertThat(busy.decode().header()).isEqualTo(new RxHeader(EPOCH, CID, 7, 0, 0,
                PacketType.BUSY, 0, 0, 0, 0, 1));
        assertThat(t.count(Counter.BUSY_BACKLOG_FULL)).isEqualTo(1);
        assertThat(t.count(Counter.BUSIES_SENT)).isEqualTo(1);
        assertThat(t.endpoint.liveConnections()).isZero();
        assertThat(t.endpoint.livePeers()).isZero();
        assertThat(t.endpoint.liveCalls()).isZero();
    }

    @Test
    void aNewServiceCallIsNotStartedByAckAckallBusyOrLaterData() {
        t.endpoint.addService(1, 4, (e, s) -> { throw new AssertionError("no call expected"); });
        t.receive(header(PacketType.ACK, CI, 7, 0, 0, 1), ack());
        t.receive(header(PacketType.ACKALL, CI, 7, 0, 0, 1), EmptyBody.EMPTY);
        t.receive(header(PacketType.DATA, CI, 7, 2, 0, 1), data(20));
        t.receive(header(PacketType.DATA, CI, 7, 200, 0, 1), data(20));
        assertNothingSent();
        assertThat(t.count(Counter.DROP_NO_CALL)).isEqualTo(4);
        assertThat(t.endpoint.liveConnections()).isZero();
        assertThat(t.endpoint.livePeers()).isZero();
    }

    @Test
    void packetsForAClientConnectionWeDoNotHaveAreDropped() {
        // Another epoch, and our own epoch with an unknown connection ID.
        t.receive(header(PacketType.DATA, 0, 1, 1, 0, 1), data(5));
        t.receive(new RxHeader(t.endpoint.epoch(), 0x40, 1, 0, 5, PacketType.ACK, 0, 0, 0, 0, 1), ack());
        t.receive(new RxHeader(t.endpoint.epoch(), 0x40, 1, 0, 0, PacketType.BUSY, 0, 0, 0, 0, 1),
                EmptyBody.EMPTY);
        assertNothingSent();
        assertThat(t.count(Counter.DROP_UNKNOWN_CONNECTION)).isEqualTo(3);
    }

    @Test
    void connectionLevelPacketsForNoConnectionAreDropped() {
        t.receive(withBody(header(PacketType.RESPONSE, CI, 0, 0, 0, 1), new byte[200]));
        assertNothingSent();
        assertThat(t.count(Counter.DROP_UNKNOWN_CONNECTION)).isEqualTo(1);
    }

    @Test
    void theEpochHasBit31SetAndBit30Clear() {
        assertThat(t.endpoint.epoch() & 0x80000000).isNotZero();
        assertThat(t.endpoint.epoch() & 0x40000000).isZero();
    }

    @Test
    void addServiceRejectsDuplicatesAndOutOfRangeIds() {
        t.endpoint.addService(1, 4, (e, s) -> { });
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> t.endpoint.addService(1, 4, (e, s) -> { }))
                .isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> t.endpoint.addService(0, 4, (e, s) -> { }))
                .isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> t.endpoint.addService(65536, 4, (e, s) -> { }))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(t.endpoint.accept(1, null)).isNull();
        assertThat(t.endpoint.service(1).backlog()).isEqualTo(4);
    }

    @Test
    void afterShutdownDatagramsAreReleasedAndIgnoredAndNothingIsLive() {
        t.endpoint.addService(1, 4, (e, s) -> { });
        t.endpoint.shutdown(t.nowNs);
        t.endpoint.shutdown(t.nowNs); // idempotent
        t.receive(header(PacketType.VERSION, CI, 1, 0, 0, 0), VersionBody.request());
        assertNothingSent();
        assertThat(t.count(Counter.DATAGRAMS_RECEIVED)).isZero();
        assertThat(t.endpoint.liveCalls()).isZero();
        assertThat(t.endpoint.liveConnections()).isZero();
        assertThat(t.endpoint.livePeers()).isZero();
        assertThat(t.endpoint.nextDeadlineNs()).isEqualTo(Long.MAX_VALUE);
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> t.endpoint.makeCall(REMOTE, 1, null, t.nowNs))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void rawAbortsInvertTheClientInitiatedFlagBothWays() {
        t.receive(header(PacketType.DATA, CI, 0, 1, 0, 3), data(1));
        t.receive(header(PacketType.DATA, 0, 0, 1, 0, 3), data(1));
        assertThat(t.sent).hasSize(2);
        assertThat(t.sent.get(0).decode().header().flags()).isEqualTo(0);
        assertThat(t.sent.get(1).decode().header().flags()).isEqualTo(CI);
        assertThat(Arrays.asList(t.sent.get(0).to(), t.sent.get(1).to())).containsOnly(REMOTE);
        t.sent.clear();
    }
}
