package org.rxrpc4j.conn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.rxrpc4j.wire.AbortBody;
import org.rxrpc4j.wire.DecodeException;
import org.rxrpc4j.wire.EmptyBody;
import org.rxrpc4j.wire.PacketType;
import org.rxrpc4j.wire.RxFlags;
import org.rxrpc4j.wire.RxHeader;
import org.rxrpc4j.wire.RxPacket;
import org.rxrpc4j.wire.VersionBody;

/** Raw replies (rx-protocol.md §5.1, §5.2, §5.4): fields copied, flag inverted, serial 0. */
class RawRepliesTest {

    private final UnpooledByteBufAllocator alloc = new UnpooledByteBufAllocator(false);

    private static final RxHeader CAUSE = new RxHeader(0x81234567, 0x1000 | 3, 9, 4, 1234,
            PacketType.DATA, RxFlags.CLIENT_INITIATED | RxFlags.REQUEST_ACK | RxFlags.LAST_PACKET,
            5, 2, 0xbeef, 711);

    @AfterEach
    void released() {
        assertThat(alloc.metric().usedHeapMemory()).isZero();
    }

    private RxPacket decodeAndRelease(ByteBuf b) throws DecodeException {
        try {
            return RxPacket.decode(b);
        } finally {
            b.release();
        }
    }

    @Test
    void abortCopiesIdsInvertsTheClientFlagAndZeroesSeqSerialAndSecurity() throws Exception {
        RxPacket p = decodeAndRelease(RawReplies.abort(alloc, CAUSE, -5));
        assertThat(p.header()).isEqualTo(new RxHeader(0x81234567, 0x1003, 9, 0, 0, PacketType.ABORT,
                0, 0, 0, 0, 711));
        assertThat(p.body()).isEqualTo(new AbortBody(-5));
    }

    @Test
    void aReplyToAServerPacketGetsTheClientFlag() {
        RxHeader fromServer = CAUSE.withFlags(RxFlags.LAST_PACKET);
        assertThat(RawReplies.replyHeader(fromServer, PacketType.ABORT).flags())
                .isEqualTo(RxFlags.CLIENT_INITIATED);
    }

    @Test
    void busyIsHeaderOnly() throws Exception {
        ByteBuf b = RawReplies.busy(alloc, CAUSE);
        assertThat(b.readableBytes()).isEqualTo(RxHeader.SIZE);
        RxPacket p = decodeAndRelease(b);
        assertThat(p.header()).isEqualTo(new RxHeader(0x81234567, 0x1003, 9, 0, 0, PacketType.BUSY,
                0, 0, 0, 0, 711));
        assertThat(p.body()).isEqualTo(EmptyBody.EMPTY);
    }

    @Test
    void anAbortIsNeverTheCauseOfARawReply() {
        RxHeader abort = CAUSE.withSeq(0);
        RxHeader a = new RxHeader(abort.epoch(), abort.cid(), 9, 0, 1, PacketType.ABORT,
                RxFlags.CLIENT_INITIATED, 0, 0, 0, 711);
        assertThatThrownBy(() -> RawReplies.abort(alloc, a, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RawReplies.busy(alloc, a)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void versionReplyIs65BytesOfNulPaddedText() throws Exception {
        ByteBuf b = RawReplies.versionReply(alloc, CAUSE, "rxrpc4j test");
        assertThat(b.readableBytes()).isEqualTo(RxHeader.SIZE + 65);
        RxPacket p = decodeAndRelease(b);
        assertThat(p.header().flags()).isEqualTo(RxFlags.LAST_PACKET);
        assertThat(p.header().serial()).isZero();
        assertThat(p.body()).isEqualTo(VersionBody.reply("rxrpc4j test"));
    }
}
