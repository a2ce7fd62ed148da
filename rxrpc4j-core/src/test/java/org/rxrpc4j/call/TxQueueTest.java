package org.rxrpc4j.call;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.rxrpc4j.wire.AckBody;
import org.rxrpc4j.wire.AckReason;
import org.rxrpc4j.wire.RxFlags;

class TxQueueTest {

    private final CallPair pair = new CallPair();
    private final TxQueue tx = new TxQueue(pair.alloc, 8);

    @AfterEach
    void releaseAndCheck() {
        tx.releaseAll();
        pair.close();
    }

    private void write(int bytes, boolean last) {
        tx.write(Unpooled.wrappedBuffer(new byte[bytes]), bytes, last, 1412, pair.client, 0, 1);
    }

    private int payload(int seq) {
        ByteBuf d = tx.transmit(seq, 100 + seq, 0, 0);
        int n = d.readableBytes() - 28;
        d.release();
        return n;
    }

    private void sendAll(long at) {
        int s;
        while ((s = tx.nextResendAfter(0, 1000)) != 0 || tx.newSendable(tx.nextNew, 1000)) {
            int seq = s != 0 ? s : tx.nextNew;
            tx.transmit(seq, 1000 + seq, 0, at).release();
        }
    }

    private static AckBody ack(int first, int prev, String softAcks) {
        byte[] a = new byte[softAcks.length()];
        for (int i = 0; i < a.length; i++) {
            a[i] = (byte) (softAcks.charAt(i) - '0');
        }
        return new AckBody(0, 0, first, prev, 0, AckReason.IDLE, a, null);
    }

    @Test
    void emptyLastWriteIsOneEmptyLastPacket() {
        write(0, true);
        assertThat(tx.top).isEqualTo(1);
        assertThat(tx.lastSeq).isEqualTo(1);
        assertThat(payload(1)).isZero();
    }

    @Test
    void packetisationAtTheBoundary() {
        write(1412, true);
        assertThat(tx.top).isEqualTo(1);
        assertThat(tx.isLast(1)).isTrue();
        tx.releaseAll();
        TxQueue two = new TxQueue(pair.alloc, 8);
        two.write(Unpooled.wrappedBuffer(new byte[1413]), 1413, true, 1412, pair.client, 0, 1);
        assertThat(two.top).isEqualTo(2);
        assertThat(two.isLast(1)).isFalse();
        assertThat(two.isLast(2)).isTrue();
        two.releaseAll();
    }

    @Test
    void aFullPacketWrittenWithoutLastIsSealedAndLastFollowsEmpty() {
        write(1412, false);
        assertThat(tx.tailOpen).isFalse();
        assertThat(tx.newSendable(1, 10)).isTrue();
        write(0, true);
        assertThat(tx.top).isEqualTo(2);
        assertThat(payload(2)).isZero();
    }

    @Test
    void aPartialPacketWaitsForMoreBytesOrLast() {
        write(100, false);
        assertThat(tx.tailOpen).isTrue();
        assertThat(tx.tailRoom()).isEqualTo(1312);
        assertThat(tx.newSendable(1, 10)).isFalse();
        write(200, true);
        assertThat(tx.top).isEqualTo(1);
        assertThat(payload(1)).isEqualTo(300);
    }

    @Test
    void transmitStampsSerialAndFlagsAndCopiesOnlyWhenTheBufferIsShared() {
        write(10, true);
        ByteBuf first = tx.transmit(1, 7, RxFlags.LAST_PACKET, 0);
        assertThat(first.getInt(16)).isEqualTo(7);
        assertThat(first.getByte(21)).isEqualTo((byte) RxFlags.LAST_PACKET);
        // Still held by "the network": the retransmission must not rewrite it.
        ByteBuf second = tx.transmit(1, 9, RxFlags.LAST_PACKET | RxFlags.REQUEST_ACK, 5);
        assertThat(first.getInt(16)).isEqualTo(7);
        assertThat(second.getInt(16)).isEqualTo(9);
        first.release();
        second.release();
        ByteBuf third = tx.transmit(1, 11, 0, 6); // not shared now: rewritten in place
        assertThat(third.getInt(16)).isEqualTo(11);
        third.release();
        assertThat(tx.findSerial(11)).isNotNegative();
        assertThat(tx.findSerial(9)).isNegative(); // only the latest serial is remembered
        assertThat(tx.sentAtIndex(tx.findSerial(11))).isEqualTo(6);
    }

    @Test
    void hardSoftAndNackEntriesAreApplied() {
        write(1412 * 6, true);
        sendAll(0);
        assertThat(tx.inFlight()).isEqualTo(6);
        tx.applyAck(ack(3, 5, "0101")); // hard 1-2, soft 4 and 6
        assertThat(tx.hardAck).isEqualTo(2);
        assertThat(tx.newlyAcked).isEqualTo(4);
        assertThat(tx.softCount).isEqualTo(2);
        assertThat(tx.highestSoft).isEqualTo(6);
        assertThat(tx.nacksBelowSoft).isTrue();
        assertThat(tx.hasUnacked()).isTrue();
        tx.applyAck(ack(5, 6, "01"));
        assertThat(tx.newlyAcked).isEqualTo(1); // 3 was new; 4 was soft already
        assertThat(tx.softCount).isEqualTo(1);
        tx.applyAck(ack(7, 6, ""));
        assertThat(tx.allHardAcked()).isTrue();
        assertThat(tx.holdsBuffers()).isFalse();
    }

    @Test
    void aWithdrawnSoftAckMarksThePacketForResending() {
        write(1412 * 4, true);
        sendAll(0);
        tx.applyAck(ack(1, 4, "1111"));
        assertThat(tx.softCount).isEqualTo(4);
        assertThat(tx.hasUnacked()).isFalse();
        tx.applyAck(ack(1, 4, "1011"));
        assertThat(tx.withdrawn).isEqualTo(1);
        assertThat(tx.softCount).isEqualTo(3);
        assertThat(tx.nextResendAfter(0, 10)).isEqualTo(2);
        tx.transmit(2, 50, 0, 1).release();
        assertThat(tx.hasResends()).isFalse();
    }

    @Test
    void fastRetransmitMarksOnlyNacksBelowTheHighestSoftAckThatAreOldEnough() {
        write(1412 * 8, true);
        sendAll(0);
        tx.applyAck(ack(1, 6, "010110"));
        assertThat(tx.markNackedForResend(100, 50)).isEqualTo(2); // 1 and 3 (not 6: above)
        assertThat(tx.nextResendAfter(0, 100)).isEqualTo(1);
        assertThat(tx.nextResendAfter(1, 100)).isEqualTo(3);
        assertThat(tx.nextResendAfter(3, 100)).isZero();
        assertThat(tx.nextResendAfter(0, 0)).isZero(); // outside the window
        TxQueue young = new TxQueue(pair.alloc, 8);
        young.write(Unpooled.wrappedBuffer(new byte[3000]), 3000, true, 1412, pair.client, 0, 1);
        for (int s = 1; s <= 3; s++) {
            young.transmit(s, s, 0, 90).release();
        }
        young.applyAck(ack(1, 3, "001"));
        assertThat(young.markNackedForResend(100, 50)).isZero(); // sent only 10 ns ago
        young.releaseAll();
    }

    @Test
    void rackMarksWhatWasSentWellBeforeAnAckedPacketLostRetransmissionsIncluded() {
        write(1412 * 8, true);
        for (int seq = 1; seq <= 8; seq++) {
            tx.transmit(seq, seq, 0, seq * 10L).release(); // seq n leaves at t = 10 n
        }
        tx.transmit(1, 2001, 0, 45).release(); // 1 was retransmitted at t = 45
        tx.applyAck(ack(1, 6, "010110")); // 2, 4, 5 delivered: the latest of them left at t = 50
        assertThat(tx.rackXmitNs).isEqualTo(50);
        // reordering window 5 ns: 3 (t=30) is lost; 1 (resent at 45) is not yet, nor is 6 (above)
        assertThat(tx.markRackLost(100, 5, 20)).isEqualTo(1);
        assertThat(tx.nextResendAfter(0, 100)).isEqualTo(3);
        assertThat(tx.nextResendAfter(3, 100)).isZero();
        assertThat(tx.markRackLost(100, 5, 20)).as("already marked").isZero();
        tx.applyAck(ack(1, 8, "01011011")); // 7 and 8 (t = 70, 80) arrive; 1 is still missing
        // the lost retransmission of 1, and 6 (t = 60) now that 7 and 8 were delivered
        assertThat(tx.markRackLost(100, 5, 20)).isEqualTo(2);
        assertThat(tx.nextResendAfter(0, 100)).isEqualTo(1);
        assertThat(tx.nextResendAfter(1, 100)).isEqualTo(3);
        assertThat(tx.nextResendAfter(3, 100)).isEqualTo(6);
        assertThat(tx.markRackLost(100, 5, 200)).as("nothing else old enough").isZero();
    }

    @Test
    void rackNeedsADeliveredPacket() {
        write(1412 * 3, true);
        sendAll(0);
        tx.applyAck(ack(1, 3, "000"));
        assertThat(tx.markRackLost(1_000, 0, 0)).isZero();
    }

    @Test
    void rtoMarksEverythingNotSoftAcked() {
        write(1412 * 5, true);
        sendAll(0);
        tx.applyAck(ack(2, 4, "010"));
        assertThat(tx.markUnackedForResend()).isEqualTo(3); // 2, 4, 5
        assertThat(tx.nextResendAfter(0, 100)).isEqualTo(2);
        assertThat(tx.nextResendAfter(2, 100)).isEqualTo(4);
    }

    @Test
    void staleAckRuleFollowsOpenAfs() {
        write(1412 * 10, true);
        sendAll(0);
        tx.applyAck(ack(5, 7, ""));
        int twind = 16;
        assertThat(tx.isValid(6, 0, twind)).as("firstPacket forward").isTrue();
        assertThat(tx.isValid(4, 9, twind)).as("firstPacket backwards").isFalse();
        assertThat(tx.isValid(5, 7, twind)).as("same, prev equal").isTrue();
        assertThat(tx.isValid(5, 8, twind)).as("same, prev forward").isTrue();
        assertThat(tx.isValid(5, 6, twind)).as("same, prev backwards").isFalse();
        assertThat(tx.isValid(5, 5 + twind, twind)).as("prev ≥ F + twind: serial junk").isTrue();
        assertThat(tx.isValid(5, 0x7000_0000, twind)).as("a large serial").isTrue();
        assertThat(tx.isValid(5, 3, twind)).as("prev below F - 1 is no seq").isTrue();
        tx.applyAck(ack(5, 5 + twind + 100, "")); // junk accepted: tprev becomes junk (OpenAFS)
        assertThat(tx.isValid(5, 6, twind)).isFalse();
    }

    @Test
    void anAckBeyondWhatWasSentIsRecognised() {
        write(1412 * 3, true);
        tx.transmit(1, 1, 0, 0).release();
        assertThat(tx.beyondSent(2)).isFalse();
        assertThat(tx.beyondSent(3)).isTrue();
    }

    @Test
    void theRingGrowsWithoutLosingPackets() {
        write(1412 * 100, true);
        assertThat(tx.unsentPackets()).isEqualTo(100);
        sendAll(0);
        tx.applyAck(ack(51, 100, ""));
        assertThat(tx.hardAck).isEqualTo(50);
        tx.applyAck(ack(101, 100, ""));
        assertThat(tx.allHardAcked()).isTrue();
    }
}
