package org.rxrpc4j.debug;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.HexFormat;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.rxrpc4j.wire.DebugRequest;
import org.rxrpc4j.wire.DebugStats;
import org.rxrpc4j.wire.PacketBody;
import org.rxrpc4j.wire.PacketType;
import org.rxrpc4j.wire.RxFlags;
import org.rxrpc4j.wire.RxHeader;
import org.rxrpc4j.wire.RxPacket;
import org.rxrpc4j.wire.VersionBody;

/** The sans-I/O DEBUG client: request bytes as rxdebug sends them, and what a reply must match. */
class DebugClientTest {

    private static final HexFormat HEX = HexFormat.of();

    private final DebugClient client = new DebugClient();

    private static String hex(DebugClient.Request r) {
        try {
            return HEX.formatHex(ByteBufUtil.getBytes(r.datagram()));
        } finally {
            r.datagram().release();
        }
    }

    private static ByteBuf reply(int callNumber, int flags, PacketType type, PacketBody body) {
        RxPacket p = new RxPacket(new RxHeader(DebugClient.EPOCH, 0, callNumber, 0, 0, type, flags, 0, 0, 0, 0), body);
        ByteBuf b = Unpooled.buffer();
        p.encode(b);
        return b;
    }

    @Test
    void requestsAreBuiltAsRxdebugBuildsThemWithACallNumberCounterFrom101() {
        String header = "000003e7" + "00000000" + "%08x" + "00000000" + "00000000" + "08050000" + "00000000";
        assertThat(hex(client.debug(UnpooledByteBufAllocator.DEFAULT, DebugRequest.GETSTATS, 0)))
                .isEqualTo(String.format(header, 101) + "00000001" + "00000000");
        assertThat(hex(client.debug(UnpooledByteBufAllocator.DEFAULT, DebugRequest.GETPEER, 11)))
                .isEqualTo(String.format(header, 102) + "00000005" + "0000000b");
        assertThat(hex(client.version(UnpooledByteBufAllocator.DEFAULT)))
                .isEqualTo(String.format(header, 103).replace("08050000", "0d050000") + "00");
    }

    @Test
    void retriesWaitOneTwoFourEightSixteenSeconds() {
        assertThat(DebugClient.MAX_TRIES).isEqualTo(5);
        for (int i = 0; i < 5; i++) {
            assertThat(DebugClient.retryDelayNs(i)).isEqualTo((1L << i) * 1_000_000_000L);
        }
    }

    @Test
    void aReplyCountsOnlyWithTheRequestsCallNumberAndClientInitiatedClear() {
        DebugClient.Request r = client.debug(UnpooledByteBufAllocator.DEFAULT, DebugRequest.GETSTATS, 0);
        r.datagram().release();
        DebugStats stats = DebugStats.of(-8, 0, 1, false, 1, 0, 0, 0, 0);
        ByteBuf good = reply(r.callNumber(), RxFlags.LAST_PACKET, PacketType.DEBUG, stats);
        ByteBuf otherCall = reply(r.callNumber() + 1, RxFlags.LAST_PACKET, PacketType.DEBUG, stats);
        ByteBuf request = reply(r.callNumber(), RxFlags.CLIENT_INITIATED, PacketType.DEBUG, stats);
        ByteBuf truncated = reply(r.callNumber(), RxFlags.LAST_PACKET, PacketType.DEBUG,
                DebugStats.of(5, 0, 1, false, 1, 0, 0, 0, 0)).capacity(RxHeader.SIZE + DebugStats.SIZE - 1);
        assertThat(DebugClient.parse(r, good)).as("nFreePackets -8 is not a BADTYPE echo")
                .isEqualTo(Optional.of(new DebugReply.Stats(stats)));
        assertThat(good.readerIndex()).isZero();
        assertThat(DebugClient.parse(r, otherCall)).isEmpty();
        assertThat(DebugClient.parse(r, request)).isEmpty();
        assertThat(DebugClient.parse(r, truncated)).isEmpty();
        assertThat(DebugClient.parse(r, Unpooled.wrappedBuffer(new byte[5]))).isEmpty();
        ByteBuf badType = reply(r.callNumber(), RxFlags.LAST_PACKET, PacketType.DEBUG,
                new DebugRequest(DebugRequest.BADTYPE, DebugRequest.BADTYPE));
        assertThat(DebugClient.parse(r, badType)).contains(new DebugReply.BadType());
    }

    @Test
    void versionReplyIsParsed() {
        DebugClient.Request r = client.version(UnpooledByteBufAllocator.DEFAULT);
        r.datagram().release();
        ByteBuf reply = reply(r.callNumber(), RxFlags.LAST_PACKET, PacketType.VERSION,
                VersionBody.reply("OpenAFS 1.8.9"));
        assertThat(DebugClient.parse(r, reply)).contains(new DebugReply.Version("OpenAFS 1.8.9"));
    }
}
