package org.rxrpc4j.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.rxrpc4j.wire.Fixtures.assertEncodesTo;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import org.junit.jupiter.api.Test;

/** Byte-exact fixtures of every packet kind: bytes, decode, every field, encode, same bytes. */
class RxPacketFixtureTest {

    private static final int PTS_EPOCH = 0xa6142a04;
    private static final int PTS_CID = 0xec518878;
    private static final int PTS = 73;

    /**
     * Decodes a non-DATA fixture, checks that it consumed the whole datagram and re-encodes
     * identically.
     */
    private static RxPacket roundTrip(String name) throws DecodeException {
        byte[] bytes = Fixtures.bytes(name);
        ByteBuf in = Fixtures.buf(name);
        try {
            RxPacket p = RxPacket.decode(in);
            assertThat(in.readableBytes()).isZero();
            assertEncodesTo(p, bytes);
            // a DATA payload would be a slice of `in`, which is released below
            assertThat(p.body()).isNotInstanceOf(DataBody.class);
            return p;
        } finally {
            in.release();
        }
    }

    private static RxHeader header(int epoch, int cid, int call, int seq, int serial,
            PacketType type, int flags, int userStatus, int securityIndex, int cksum,
            int serviceId) {
        return new RxHeader(epoch, cid, call, seq, serial, type, flags, userStatus, securityIndex,
                cksum, serviceId);
    }

    @Test
    void dataRequest() throws DecodeException {
        ByteBuf in = Fixtures.buf("data-request");
        try {
            RxPacket p = RxPacket.decode(in);
            assertThat(p.header()).isEqualTo(header(PTS_EPOCH, PTS_CID, 1, 1, 1, PacketType.DATA,
                    RxFlags.CLIENT_INITIATED | RxFlags.LAST_PACKET, 0, 0, 0, PTS));
            ByteBuf payload = ((DataBody) p.body()).payload();
            assertThat(ByteBufUtil.hexDump(payload)).isEqualTo("000002090000000100000000");
            // a slice of the datagram, not a copy and not retained
            assertThat(payload.unwrap()).isSameAs(in);
            assertThat(payload.refCnt()).isEqualTo(1);
            assertEncodesTo(p, Fixtures.bytes("data-request"));
            assertThat(payload.readerIndex()).isZero();
        } finally {
            in.release();
        }
    }

    @Test
    void ackWithVectorAndFullTrailer() throws DecodeException {
        RxPacket p = roundTrip("ack-full-trailer");
        assertThat(p.header()).isEqualTo(header(PTS_EPOCH, PTS_CID, 1, 0, 6, PacketType.ACK,
                RxFlags.CLIENT_INITIATED | RxFlags.SLOW_START_OK, 0, 0, 0, PTS));
        AckBody a = (AckBody) p.body();
        assertThat(a.bufferSpace()).isZero();
        assertThat(a.maxSkew()).isZero();
        assertThat(a.firstPacket()).isEqualTo(4);
        assertThat(a.previousPacket()).isEqualTo(7);
        assertThat(a.serial()).isEqualTo(7);
        assertThat(a.reason()).isEqualTo(AckReason.IDLE);
        assertThat(a.acks()).containsExactly(1, 1, 1, 1);
        assertThat(a.trailerWords()).isEqualTo(4);
        assertThat(a.trailer()).isEqualTo(new AckTrailer(5692, 1444, 32, 4));
        assertThat(a.trailingZeros()).isZero();
    }

    @Test
    void ackWithoutTrailer() throws DecodeException {
        AckBody a = (AckBody) roundTrip("ack-no-trailer").body();
        assertThat(a).isEqualTo(new AckBody(0, 0, 5, 7, 8, AckReason.OUT_OF_SEQUENCE,
                new byte[] {1, 0, 1}, null));
        assertThat(a.nAcks()).isEqualTo(3);
        assertThat(a.ack(1)).isEqualTo((byte) AckBody.ACK_TYPE_NACK);
        assertThat(a.trailerWords()).isZero();
    }

    @Test
    void ackWithTwoWordTrailer() throws DecodeException {
        RxPacket p = roundTrip("ack-trailer-8");
        assertThat(p.header()).isEqualTo(header(PTS_EPOCH, PTS_CID, 2, 0, 10, PacketType.ACK,
                0x21, 0, 0, 0, PTS));
        assertThat(p.body()).isEqualTo(new AckBody(0, 0, 1, 0, 0, AckReason.DELAY, new byte[0],
                new AckTrailer(1444, 1444, 0, 0), 2, 0));
    }

    @Test
    void ackWithThreeWordTrailerAndOddAckByte() throws DecodeException {
        RxPacket p = roundTrip("ack-trailer-12");
        assertThat(p.header()).isEqualTo(header(PTS_EPOCH, PTS_CID, 3, 0, 11, PacketType.ACK,
                RxFlags.CLIENT_INITIATED, 0, 0, 0, PTS));
        AckBody a = (AckBody) p.body();
        assertThat(a).isEqualTo(new AckBody(1, 2, 3, 4, 5, AckReason.REQUESTED,
                new byte[] {1, 2}, new AckTrailer(5692, 1444, 16, 0), 3, 0));
        assertThat(a.ack(1)).isEqualTo((byte) 2);
    }

    @Test
    void paddedPmtuProbeKeepsItsZeros() throws DecodeException {
        RxPacket p = roundTrip("ack-pmtu-probe");
        assertThat(p.header()).isEqualTo(header(0x80001234, 4, 1, 0, 0x20, PacketType.ACK,
                RxFlags.REQUEST_ACK | RxFlags.SLOW_START_OK, 0, 0, 0, 52));
        assertThat(p.body()).isEqualTo(new AckBody(0, 0, 1, 0, 0, AckReason.PING, new byte[0],
                new AckTrailer(65160, 1444, 255, 0), 4, 24));
    }

    @Test
    void abortInvalidOperation() throws DecodeException {
        RxPacket p = roundTrip("abort-invalid-operation");
        assertThat(p.header()).isEqualTo(header(0x80380bad, 0x250584c0, 1, 0, 0,
                PacketType.ABORT, 0, 0, 0, 0, 0));
        assertThat(p.body()).isEqualTo(new AbortBody(AbortCodes.RX_INVALID_OPERATION));
        assertThat(AbortCodes.name(((AbortBody) p.body()).code()))
                .isEqualTo("RX_INVALID_OPERATION");
    }

    @Test
    void abortVlNoent() throws DecodeException {
        RxPacket p = roundTrip("abort-vl-noent");
        assertThat(p.header()).isEqualTo(header(0xab06c062, 0x0fa6a88c, 1, 0, 1,
                PacketType.ABORT, 0, 0, 0, 0, 52));
        assertThat(p.body()).isEqualTo(new AbortBody(AbortCodes.VL_NOENT));
    }

    @Test
    void busy() throws DecodeException {
        RxPacket p = roundTrip("busy");
        assertThat(p.header()).isEqualTo(header(PTS_EPOCH, PTS_CID | 1, 2, 0, 0, PacketType.BUSY,
                0, 0, 0, 0, PTS));
        assertThat(p.body()).isSameAs(EmptyBody.EMPTY);
    }

    @Test
    void ackAll() throws DecodeException {
        RxPacket p = roundTrip("ackall");
        assertThat(p.header()).isEqualTo(header(PTS_EPOCH, PTS_CID, 1, 0, 0x4d,
                PacketType.ACKALL, RxFlags.CLIENT_INITIATED, 0, 0, 0, PTS));
        assertThat(p.body()).isSameAs(EmptyBody.EMPTY);
    }

    @Test
    void versionRequest() throws DecodeException {
        RxPacket p = roundTrip("version-request");
        assertThat(p.header()).isEqualTo(header(999, 0, 101, 0, 0, PacketType.VERSION,
                RxFlags.CLIENT_INITIATED | RxFlags.LAST_PACKET, 0, 0, 0, 0));
        assertThat(p.body()).isEqualTo(VersionBody.request());
        assertThat(((VersionBody) p.body()).versionString()).isEmpty();
    }

    @Test
    void versionReply() throws DecodeException {
        RxPacket p = roundTrip("version-reply");
        assertThat(p.header()).isEqualTo(header(999, 0, 101, 0, 0, PacketType.VERSION,
                RxFlags.LAST_PACKET, 0, 0, 0, 0));
        VersionBody v = (VersionBody) p.body();
        assertThat(v.length()).isEqualTo(VersionBody.REPLY_LENGTH);
        assertThat(v.versionString()).isEqualTo("OpenAFS 1.8.9-1+deb12u1-debian 2024-12-25");
        assertThat(v).isEqualTo(VersionBody.reply("OpenAFS 1.8.9-1+deb12u1-debian 2024-12-25"));
    }

    @Test
    void kernelKeepalive() throws DecodeException {
        RxPacket p = roundTrip("version-keepalive");
        assertThat(p.header()).isEqualTo(header(0x80001234, 0, 0, 0, 0, PacketType.VERSION,
                RxFlags.LAST_PACKET, 0, 0, 0, 0));
        assertThat(p.body()).isEqualTo(VersionBody.request());
    }

    @Test
    void challengeDecodesAsChallengeBody() throws DecodeException {
        RxPacket p = roundTrip("challenge-rxkad");
        assertThat(p.header()).isEqualTo(header(0xa3381197, 0x9859e2b4, 0, 0, 1,
                PacketType.CHALLENGE, 0, 0, 2, 0, PTS));
        assertThat(p.body()).isEqualTo(ChallengeBody.v2(0x0308b682, 0));
    }

    @Test
    void debugRequestDecodesAsDebugRequest() throws DecodeException {
        RxPacket p = roundTrip("debug-request");
        assertThat(p.header()).isEqualTo(header(999, 0, 101, 0, 0, PacketType.DEBUG,
                RxFlags.CLIENT_INITIATED | RxFlags.LAST_PACKET, 0, 0, 0, 0));
        assertThat(p.body()).isEqualTo(new DebugRequest(DebugRequest.GETSTATS, 0));
    }
}
