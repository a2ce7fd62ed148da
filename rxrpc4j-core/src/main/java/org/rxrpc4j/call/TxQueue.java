package org.rxrpc4j.call;

import static org.rxrpc4j.wire.SeqMath.after;
import static org.rxrpc4j.wire.SeqMath.afterOrEqual;
import static org.rxrpc4j.wire.SeqMath.before;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import org.rxrpc4j.wire.AckBody;
import org.rxrpc4j.wire.PacketType;
import org.rxrpc4j.wire.RxHeader;

/**
 * A call's transmit queue: the DATA packets of this side, from the first not yet hard-ACKed
 * to the last queued, in a ring indexed by seq (no per-packet objects besides the buffers).
 *
 * <p>Each packet is kept as a complete datagram (header + payload) in one buffer, built once
 * when the application's bytes are copied in. A transmission writes the serial and flags into
 * the header and hands out a retained duplicate; a retransmission rewrites the header in
 * place if nobody else still holds the buffer (refCnt 1), or copies it first otherwise (the
 * network, or a receiver on the same allocator, may still be reading the earlier one).
 *
 * <p>Seq state (all through {@link org.rxrpc4j.wire.SeqMath}): every seq ≤ {@link #hardAck}
 * is hard-ACKed and released; {@link #nextNew} is the lowest seq never transmitted;
 * {@link #top} is the highest seq queued, possibly the open tail that still takes bytes.
 */
final class TxQueue {

    static final int SEALED = 1;
    static final int LAST = 2;
    static final int SOFT = 4;
    static final int RESEND = 8;
    static final int SENT = 16;
    static final int RETRANSMITTED = 32;

    private final ByteBufAllocator alloc;
    private ByteBuf[] bufs;
    private int[] serials;
    private long[] sentAt;
    private byte[] state;
    private int mask;

    /** Every seq up to this one is hard-ACKed (0: none). */
    int hardAck;
    /** Highest seq queued, including an open tail; equals hardAck when nothing is queued. */
    int top;
    /** Lowest seq never transmitted. */
    int nextNew = 1;
    /** Whether packet {@link #top} still takes bytes (not yet sealed). */
    boolean tailOpen;
    private int tailLimit;
    /** Seq of the packet with LAST_PACKET, 0 until it is queued. */
    int lastSeq;
    /** No seq below this one is marked for resending. */
    private int resendFrom = 1;
    private int resendCount;
    /** Packets in (hardAck, nextNew) that are soft-ACKed. */
    int softCount;
    /** Highest seq the latest valid ACK soft-ACKed, or hardAck if none. */
    int highestSoft;

    /** firstPacket of the last accepted ACK (OpenAFS tfirst). */
    int ackFirst = 1;
    /** previousPacket of the last accepted ACK (OpenAFS tprev). */
    int ackPrev;

    // Results of the last applyAck, read by the caller (no result object per ACK).
    int newlyAcked;
    boolean nacksBelowSoft;
    int withdrawn;
    boolean progress;
    /**
     * The latest transmit time of any packet the peer has ACKed (soft or hard), RACK's
     * {@code rack.xmit_ts}; valid once {@link #rackValid}.
     */
    long rackXmitNs;
    boolean rackValid;

    TxQueue(ByteBufAllocator alloc, int initialCapacity) {
        this.alloc = alloc;
        int cap = Integer.highestOneBit(Math.max(8, initialCapacity) - 1) << 1;
        bufs = new ByteBuf[cap];
        serials = new int[cap];
        sentAt = new long[cap];
        state = new byte[cap];
        mask = cap - 1;
    }

    // ---------------------------------------------------------------- queueing

    /** @return packets queued but never transmitted, including the open tail */
    int unsentPackets() {
        return after(nextNew, top) ? 0 : top - nextNew + 1;
    }

    /** @return bytes the open tail still takes (0 if there is none) */
    int tailRoom() {
        return tailOpen ? tailLimit - (bufs[top & mask].writerIndex() - RxHeader.SIZE) : 0;
    }

    /** @return whether the packet with LAST_PACKET has been queued */
    boolean lastQueued() {
        return lastSeq != 0;
    }

    /**
     * Copies {@code n} bytes of {@code src} into packets of at most {@code maxData} bytes.
     * A full packet is sealed at once (kernel style) unless it could still become the last;
     * with {@code last} the final packet gets LAST_PACKET, an empty one if need be.
     */
    void write(ByteBuf src, int n, boolean last, int maxData, CallHost host, int channel,
            int callNumber) {
        while (n > 0) {
            if (!tailOpen) {
                openTail(maxData, host, channel, callNumber);
            }
            ByteBuf b = bufs[top & mask];
            int k = Math.min(tailRoom(), n);
            b.writeBytes(src, k);
            n -= k;
            if (tailRoom() == 0 && (n > 0 || !last)) {
                seal(false);
            }
        }
        if (last) {
            if (!tailOpen) {
                openTail(maxData, host, channel, callNumber);
            }
            seal(true);
        }
    }

    private void openTail(int maxData, CallHost host, int channel, int callNumber) {
        int seq = top + 1;
        ensureCapacity(seq - hardAck);
        ByteBuf b = alloc.buffer(RxHeader.SIZE + maxData);
        PacketWriter.header(b, host, channel, callNumber, seq, 0, PacketType.DATA, 0);
        int i = seq & mask;
        bufs[i] = b;
        state[i] = 0;
        serials[i] = 0;
        top = seq;
        tailOpen = true;
        tailLimit = maxData;
    }

    private void seal(boolean last) {
        int i = top & mask;
        state[i] |= SEALED;
        if (last) {
            state[i] |= LAST;
            lastSeq = top;
        }
        tailOpen = false;
    }

    private void ensureCapacity(int needed) {
        if (needed <= bufs.length) {
            return;
        }
        int cap = bufs.length;
        while (cap < needed) {
            cap <<= 1;
        }
        ByteBuf[] nb = new ByteBuf[cap];
        int[] ns = new int[cap];
        long[] nt = new long[cap];
        byte[] nst = new byte[cap];
        int nm = cap - 1;
        for (int seq = hardAck + 1; !after(seq, top); seq++) {
            int o = seq & mask;
            int n = seq & nm;
            nb[n] = bufs[o];
            ns[n] = serials[o];
            nt[n] = sentAt[o];
            nst[n] = state[o];
        }
        bufs = nb;
        serials = ns;
        sentAt = nt;
        state = nst;
        mask = nm;
    }

    // ---------------------------------------------------------------- transmission

    /**
     * @param prev the seq sent before in this burst, or 0
     * @param limit the highest seq the window allows
     * @return the lowest seq above {@code prev} marked for resending, within the limit, or 0
     */
    int nextResendAfter(int prev, int limit) {
        if (resendCount == 0) {
            return 0;
        }
        while (before(resendFrom, nextNew) && (state[resendFrom & mask] & RESEND) == 0) {
            resendFrom++;
        }
        int s = prev == 0 || before(prev, resendFrom) ? resendFrom : prev + 1;
        for (; before(s, nextNew) && afterOrEqual(limit, s); s++) {
            if ((state[s & mask] & RESEND) != 0) {
                return s;
            }
        }
        return 0;
    }

    /** @return whether {@code seq} is a sealed, never-sent packet within {@code limit} */
    boolean newSendable(int seq, int limit) {
        return !after(seq, top) && afterOrEqual(limit, seq) && (state[seq & mask] & SEALED) != 0;
    }

    /** @return whether {@code seq} has been transmitted before */
    boolean wasSent(int seq) {
        return (state[seq & mask] & SENT) != 0;
    }

    /** @return whether {@code seq} carries LAST_PACKET */
    boolean isLast(int seq) {
        return (state[seq & mask] & LAST) != 0;
    }

    /**
     * Stamps {@code seq} with its new serial and flags, notes the send time and returns the
     * datagram to send (a retained duplicate: the queue keeps its own reference).
     */
    ByteBuf transmit(int seq, int serial, int flags, long nowNs) {
        return markSent(seq, serial, flags, nowNs).retainedDuplicate();
    }

    /** @return the user bytes of the sealed packet {@code seq} */
    int payloadLength(int seq) {
        return bufs[seq & mask].writerIndex() - RxHeader.SIZE;
    }

    /**
     * Records that {@code seq} is sent now with {@code serial} and {@code flags}, written into its
     * header, like {@link #transmit}, but hands back the queue's own buffer (header and payload)
     * for the caller to copy from at once, without a reference of its own.
     */
    ByteBuf markSent(int seq, int serial, int flags, long nowNs) {
        int i = seq & mask;
        ByteBuf b = bufs[i];
        if (b.refCnt() != 1) {
            ByteBuf copy = alloc.buffer(b.writerIndex());
            copy.writeBytes(b, 0, b.writerIndex());
            b.release();
            bufs[i] = copy;
            b = copy;
        }
        b.setInt(PacketWriter.SERIAL_OFFSET, serial);
        b.setByte(PacketWriter.FLAGS_OFFSET, flags);
        int st = state[i];
        if ((st & SENT) != 0) {
            st |= RETRANSMITTED;
        }
        if ((st & RESEND) != 0) {
            st &= ~RESEND;
            resendCount--;
        }
        state[i] = (byte) (st | SENT);
        serials[i] = serial;
        sentAt[i] = nowNs;
        if (seq == nextNew) {
            nextNew++;
        }
        return b;
    }

    /** @return packets transmitted and not hard-ACKed (soft-ACKed ones included) */
    int inFlight() {
        return nextNew - 1 - hardAck;
    }

    /** @return whether some transmitted packet is neither hard- nor soft-ACKed */
    boolean hasUnacked() {
        return inFlight() - softCount > 0;
    }

    /** @return whether packets are marked for resending */
    boolean hasResends() {
        return resendCount > 0;
    }

    /** @return whether every queued packet, LAST included, has been hard-ACKed */
    boolean allHardAcked() {
        return lastSeq != 0 && !before(hardAck, lastSeq);
    }

    // ---------------------------------------------------------------- ACK processing

    /**
     * The OpenAFS validity rule (rx-protocol.md §4.5), with wrap-safe comparisons: an ACK is
     * stale if its firstPacket went backwards, or if it is equal and previousPacket went
     * backwards, unless previousPacket cannot be a seq at all (at or beyond firstPacket +
     * twind, or below firstPacket − 1): then it is an old libafs serial and ignored as junk.
     */
    boolean isValid(int firstPacket, int previousPacket, int twind) {
        if (after(firstPacket, ackFirst)) {
            return true;
        }
        if (before(firstPacket, ackFirst)) {
            return false;
        }
        if (afterOrEqual(previousPacket, ackPrev)) {
            return true;
        }
        return afterOrEqual(previousPacket, ackFirst + twind)
                || before(previousPacket, ackFirst - 1);
    }

    /** @return whether {@code firstPacket} hard-ACKs a packet that was never transmitted */
    boolean beyondSent(int firstPacket) {
        return after(firstPacket - 1, nextNew - 1);
    }

    /**
     * @return the index of the transmission whose latest serial is {@code serial} (searched
     *     from the newest), or -1; read its time with {@link #sentAtIndex}
     */
    int findSerial(int serial) {
        for (int seq = nextNew - 1; after(seq, hardAck); seq--) {
            int i = seq & mask;
            if (serials[i] == serial && (state[i] & SENT) != 0) {
                return i;
            }
        }
        return -1;
    }

    long sentAtIndex(int index) {
        return sentAt[index];
    }

    /**
     * Applies a valid ACK: hard-ACKs up to firstPacket − 1 (releasing those packets), then the
     * soft-ACK table. A packet that was soft-ACKed and is now NACKed is marked for resending
     * (withdrawal; no error). Results go to {@link #newlyAcked}, {@link #nacksBelowSoft},
     * {@link #withdrawn} and {@link #progress}.
     */
    void applyAck(AckBody ack) {
        int first = ack.firstPacket();
        ackFirst = first;
        ackPrev = ack.previousPacket();
        newlyAcked = 0;
        nacksBelowSoft = false;
        withdrawn = 0;
        progress = false;
        hardAckTo(first - 1);
        int highestSent = nextNew - 1;
        int n = ack.nAcks();
        boolean sawNack = false;
        int highest = hardAck;
        for (int k = 0; k < n; k++) {
            int seq = first + k;
            if (after(seq, highestSent)) {
                break;
            }
            if (!after(seq, hardAck)) {
                continue;
            }
            int i = seq & mask;
            int st = state[i];
            if (ack.ack(k) == AckBody.ACK_TYPE_ACK) {
                highest = seq;
                if (sawNack) {
                    nacksBelowSoft = true;
                }
                if ((st & SOFT) == 0) {
                    st |= SOFT;
                    softCount++;
                    newlyAcked++;
                    progress = true;
                    delivered(sentAt[i]);
                    if ((st & RESEND) != 0) {
                        st &= ~RESEND;
                        resendCount--;
                    }
                }
            } else {
                sawNack = true;
                if ((st & SOFT) != 0) {
                    st &= ~SOFT;
                    softCount--;
                    withdrawn++;
                    st = mark(seq, st);
                }
            }
            state[i] = (byte) st;
        }
        highestSoft = highest;
    }

    /** Hard-ACKs every packet up to {@code seq} (never beyond what was transmitted). */
    void hardAckTo(int seq) {
        if (after(seq, nextNew - 1)) {
            seq = nextNew - 1;
        }
        while (after(seq, hardAck)) {
            int s = hardAck + 1;
            int i = s & mask;
            int st = state[i];
            if ((st & SOFT) != 0) {
                softCount--;
            } else {
                newlyAcked++;
                if ((st & SENT) != 0) {
                    delivered(sentAt[i]);
                }
            }
            if ((st & RESEND) != 0) {
                resendCount--;
            }
            bufs[i].release();
            bufs[i] = null;
            state[i] = 0;
            hardAck = s;
            progress = true;
        }
        if (before(highestSoft, hardAck)) {
            highestSoft = hardAck;
        }
        if (before(resendFrom, hardAck + 1)) {
            resendFrom = hardAck + 1;
        }
        if (before(ackFirst, hardAck + 1)) {
            ackFirst = hardAck + 1;
        }
    }

    private int mark(int seq, int st) {
        if ((st & RESEND) == 0) {
            st |= RESEND;
            resendCount++;
            if (before(seq, resendFrom)) {
                resendFrom = seq;
            }
        }
        return st;
    }

    /**
     * Fast retransmit: marks every transmitted packet below the highest soft-ACKed one that is
     * still NACKed and was last sent at least {@code minAgeNs} ago.
     *
     * @return how many were marked
     */
    int markNackedForResend(long nowNs, long minAgeNs) {
        int marked = 0;
        for (int seq = hardAck + 1; before(seq, highestSoft); seq++) {
            int i = seq & mask;
            int st = state[i];
            if ((st & (SENT | SOFT | RESEND)) == SENT && nowNs - sentAt[i] >= minAgeNs) {
                state[i] = (byte) mark(seq, st);
                marked++;
            }
        }
        return marked;
    }

    private void delivered(long sentNs) {
        if (!rackValid || sentNs - rackXmitNs > 0) {
            rackXmitNs = sentNs;
            rackValid = true;
        }
    }

    /**
     * RACK (rx-protocol.md §7.4, RFC 8985): marks every NACKed packet below the highest
     * soft-ACKed one as lost when a packet sent more than {@code reorderNs} after its last
     * transmission has been ACKed and that transmission is at least {@code minAgeNs} old. A
     * lost retransmission is found the same way, from the time it was resent, so it need not
     * wait for the RTO.
     *
     * @return how many were marked
     */
    int markRackLost(long nowNs, long reorderNs, long minAgeNs) {
        if (!rackValid) {
            return 0;
        }
        int marked = 0;
        for (int seq = hardAck + 1; before(seq, highestSoft); seq++) {
            int i = seq & mask;
            int st = state[i];
            if ((st & (SENT | SOFT | RESEND)) == SENT && rackXmitNs - sentAt[i] > reorderNs
                    && nowNs - sentAt[i] >= minAgeNs) {
                state[i] = (byte) mark(seq, st);
                marked++;
            }
        }
        return marked;
    }

    /**
     * Tail loss probe: marks the highest transmitted packet that is neither ACKed nor already
     * marked, so that its resend makes the peer say what it has.
     *
     * @return whether one was marked
     */
    boolean markTailForProbe() {
        for (int seq = nextNew - 1; after(seq, hardAck); seq--) {
            int i = seq & mask;
            int st = state[i];
            if ((st & (SENT | SOFT | RESEND)) == SENT) {
                state[i] = (byte) mark(seq, st);
                return true;
            }
        }
        return false;
    }

    /** RTO: marks every transmitted packet that is not soft-ACKed. @return how many */
    int markUnackedForResend() {
        int marked = 0;
        for (int seq = hardAck + 1; before(seq, nextNew); seq++) {
            int i = seq & mask;
            int st = state[i];
            if ((st & (SOFT | RESEND)) == 0) {
                state[i] = (byte) mark(seq, st);
                marked++;
            }
        }
        return marked;
    }

    /** Releases every buffer the queue holds; the queue is empty afterwards. */
    void releaseAll() {
        for (int seq = hardAck + 1; !after(seq, top); seq++) {
            int i = seq & mask;
            if (bufs[i] != null) {
                bufs[i].release();
                bufs[i] = null;
            }
            state[i] = 0;
        }
        hardAck = top;
        if (before(nextNew, top + 1)) {
            nextNew = top + 1;
        }
        tailOpen = false;
        resendCount = 0;
        softCount = 0;
        highestSoft = hardAck;
    }

    /** @return whether the queue holds any buffer */
    boolean holdsBuffers() {
        return after(top, hardAck);
    }
}
