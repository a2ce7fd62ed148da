package org.rxrpc4j.call;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RxQueueTest {

    private final UnpooledByteBufAllocator alloc = new UnpooledByteBufAllocator(false);

    private int add(RxQueue q, int seq, boolean last) {
        ByteBuf b = alloc.buffer(4).writeInt(seq);
        try {
            return q.add(seq, last, b);
        } finally {
            b.release();
        }
    }

    private static String softAcks(RxQueue q) {
        ByteBuf b = Unpooled.buffer();
        q.writeSoftAcks(b);
        StringBuilder sb = new StringBuilder();
        while (b.isReadable()) {
            sb.append(b.readByte());
        }
        return sb.toString();
    }

    private static int readAll(RxQueue q) {
        ByteBuf dst = Unpooled.buffer(4096);
        int n = q.read(dst);
        return n;
    }

    @AfterEach
    void nothingLeaked() {
        assertThat(alloc.metric().usedHeapMemory()).isZero();
    }

    @Test
    void inOrderPacketsAdvanceTheHardAckAsTheyArrive() {
        RxQueue q = new RxQueue(8);
        assertThat(add(q, 1, false)).isEqualTo(RxQueue.IN_ORDER);
        assertThat(add(q, 2, false)).isEqualTo(RxQueue.IN_ORDER);
        assertThat(q.windowStart).isEqualTo(3);
        assertThat(q.readableBytes()).isEqualTo(8);
        assertThat(q.nAcks()).isZero();
        assertThat(add(q, 3, true)).isEqualTo(RxQueue.IN_ORDER);
        assertThat(q.complete()).isTrue();
        assertThat(q.endOfData()).isFalse();
        assertThat(readAll(q)).isEqualTo(12);
        assertThat(q.endOfData()).isTrue();
        assertThat(q.holdsBuffers()).isFalse();
    }

    @Test
    void skipConsumesInOrderBytesLikeReadWithoutCopying() {
        RxQueue q = new RxQueue(8);
        add(q, 1, false);
        add(q, 2, false);
        add(q, 4, true); // out of order: not skippable yet
        assertThat(q.skip(6)).isEqualTo(6);
        assertThat(q.readSeq).as("packet 1 consumed, packet 2 half").isEqualTo(2);
        assertThat(q.readableBytes()).isEqualTo(2);
        assertThat(q.skip(100)).as("only what arrived in order").isEqualTo(2);
        assertThat(q.skip(100)).isZero();
        add(q, 3, false);
        ByteBuf dst = Unpooled.buffer(16);
        assertThat(q.read(dst)).isEqualTo(8);
        assertThat(dst.readInt()).isEqualTo(3);
        assertThat(q.endOfData()).isTrue();
        assertThat(q.holdsBuffers()).isFalse();
    }

    @Test
    void reorderedPacketsWaitAboveTheGapThenFillIt() {
        RxQueue q = new RxQueue(8);
        add(q, 1, false);
        assertThat(add(q, 3, false)).isEqualTo(RxQueue.OUT_OF_SEQUENCE);
        assertThat(add(q, 5, true)).isEqualTo(RxQueue.OUT_OF_SEQUENCE);
        assertThat(q.lastSeq).isEqualTo(5);
        assertThat(q.windowStart).isEqualTo(2);
        assertThat(q.highest).isEqualTo(5);
        assertThat(softAcks(q)).isEqualTo("0101"); // seq 2..5
        assertThat(q.readableBytes()).isEqualTo(4);
        assertThat(add(q, 2, false)).isEqualTo(RxQueue.FILLED_HOLE);
        assertThat(q.windowStart).isEqualTo(4);
        assertThat(softAcks(q)).isEqualTo("01");
        assertThat(add(q, 4, false)).isEqualTo(RxQueue.FILLED_HOLE);
        assertThat(q.complete()).isTrue();
        ByteBuf dst = Unpooled.buffer(64);
        q.read(dst);
        for (int seq = 1; seq <= 5; seq++) {
            assertThat(dst.readInt()).isEqualTo(seq);
        }
    }

    @Test
    void duplicatesAreRecognisedBelowAndAboveTheHardAck() {
        RxQueue q = new RxQueue(8);
        add(q, 1, false);
        add(q, 3, false);
        assertThat(add(q, 1, false)).isEqualTo(RxQueue.DUPLICATE);
        assertThat(add(q, 3, false)).isEqualTo(RxQueue.DUPLICATE);
        readAll(q);
        assertThat(add(q, 1, false)).isEqualTo(RxQueue.DUPLICATE);
        q.releaseAll();
    }

    @Test
    void theWindowIsTiedToWhatTheApplicationConsumed() {
        RxQueue q = new RxQueue(4);
        for (int seq = 1; seq <= 4; seq++) {
            assertThat(add(q, seq, false)).isEqualTo(RxQueue.IN_ORDER);
        }
        assertThat(q.freeWindow()).isZero();
        assertThat(q.rwind()).isEqualTo(1); // never advertised below 1
        assertThat(add(q, 5, false)).isEqualTo(RxQueue.EXCEEDS_WINDOW);
        ByteBuf dst = Unpooled.buffer(4); // room for one packet
        assertThat(q.read(dst)).isEqualTo(4);
        assertThat(q.readSeq).isEqualTo(2);
        assertThat(q.freeWindow()).isEqualTo(1);
        assertThat(add(q, 6, false)).isEqualTo(RxQueue.EXCEEDS_WINDOW);
        assertThat(add(q, 5, false)).isEqualTo(RxQueue.IN_ORDER);
        q.releaseAll();
        assertThat(q.holdsBuffers()).isFalse();
    }

    @Test
    void outOfOrderPacketsAreBoundedByTheConsumptionPointToo() {
        RxQueue q = new RxQueue(4);
        assertThat(add(q, 4, false)).isEqualTo(RxQueue.OUT_OF_SEQUENCE);
        assertThat(add(q, 5, false)).isEqualTo(RxQueue.EXCEEDS_WINDOW);
        q.releaseAll();
    }

    @Test
    void lastPacketInconsistenciesAreProtocolErrors() {
        RxQueue q = new RxQueue(8);
        add(q, 3, false);
        assertThat(add(q, 2, true)).isEqualTo(RxQueue.PROTOCOL_ERROR); // LAST below highest
        RxQueue r = new RxQueue(8);
        add(r, 2, true);
        assertThat(add(r, 3, false)).isEqualTo(RxQueue.PROTOCOL_ERROR); // after LAST
        q.releaseAll();
        r.releaseAll();
    }

    @Test
    void emptyPacketsAreConsumedToo() {
        RxQueue q = new RxQueue(8);
        ByteBuf empty = alloc.buffer(0);
        assertThat(q.add(1, true, empty)).isEqualTo(RxQueue.IN_ORDER);
        empty.release();
        assertThat(q.read(Unpooled.buffer(0))).isZero();
        assertThat(q.endOfData()).isTrue();
    }
}
