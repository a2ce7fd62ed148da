package org.rxrpc4j.call;

import static org.rxrpc4j.wire.SeqMath.after;
import static org.rxrpc4j.wire.SeqMath.afterOrEqual;
import static org.rxrpc4j.wire.SeqMath.before;

import io.netty.buffer.ByteBuf;
import org.rxrpc4j.wire.AckBody;

/**
 * A call's receive queue: the peer's DATA packets from the first one the application has not
 * consumed up to the receive window, in a ring indexed by seq. Each slot holds a retained
 * slice of the datagram's payload, released when the application has read it (or when the
 * call lets go of everything).
 *
 * <p>Seqs: {@link #readSeq} is the first seq not yet consumed; {@link #windowStart} the first
 * seq not yet received in order (the ACK's firstPacket: the kernel hard-ACKs as packets arrive
 * in order and are queued); {@link #highest} the highest received. Memory stays bounded
 * whatever the sender does: only seq below {@code readSeq + rxWindow} are accepted.
 */
final class RxQueue {

    /** Outcome of {@link #add}. */
    static final int IN_ORDER = 1;
    static final int FILLED_HOLE = 2;
    static final int OUT_OF_SEQUENCE = 3;
    static final int DUPLICATE = 4;
    static final int EXCEEDS_WINDOW = 5;
    static final int PROTOCOL_ERROR = 6;

    private final int rxWindow;
    private final ByteBuf[] slots;
    private final int mask;

    int readSeq = 1;
    int windowStart = 1;
    int highest;
    /** Seq of the LAST_PACKET, 0 until it has been received. */
    int lastSeq;
    /** Packets held above windowStart (out of order). */
    private int outOfOrder;
    /** Readable bytes of the in-order packets not yet consumed. */
    private long readable;
    /** Why the last add was a protocol error. */
    String protocolError;

    RxQueue(int rxWindow) {
        this.rxWindow = rxWindow;
        int cap = Integer.highestOneBit(Math.max(2, rxWindow) - 1) << 1;
        slots = new ByteBuf[cap];
        mask = cap - 1;
    }

    /**
     * Offers one DATA packet. The payload is retained (as a slice) only if it is kept.
     *
     * @return {@link #IN_ORDER}, {@link #FILLED_HOLE}, {@link #OUT_OF_SEQUENCE},
     *     {@link #DUPLICATE}, {@link #EXCEEDS_WINDOW} or {@link #PROTOCOL_ERROR}
     */
    int add(int seq, boolean last, ByteBuf payload) {
        if (before(seq, windowStart)) {
            return DUPLICATE;
        }
        if (lastSeq != 0 && after(seq, lastSeq)) {
            protocolError = "DATA seq " + seq + " after the last packet " + lastSeq;
            return PROTOCOL_ERROR;
        }
        if (last && (lastSeq != 0 ? seq != lastSeq : before(seq, highest))) {
            protocolError = "LAST_PACKET on seq " + seq + " below seq " + highest;
            return PROTOCOL_ERROR;
        }
        if (afterOrEqual(seq, readSeq + rxWindow)) {
            return EXCEEDS_WINDOW;
        }
        int i = seq & mask;
        if (slots[i] != null) {
            return DUPLICATE;
        }
        slots[i] = payload.retainedSlice();
        if (last) {
            lastSeq = seq;
        }
        if (after(seq, highest)) {
            highest = seq;
        }
        if (seq != windowStart) {
            outOfOrder++;
            return OUT_OF_SEQUENCE;
        }
        readable += payload.readableBytes();
        windowStart++;
        boolean filled = false;
        while (outOfOrder > 0 && slots[windowStart & mask] != null
                && before(windowStart, readSeq + rxWindow)) {
            readable += slots[windowStart & mask].readableBytes();
            windowStart++;
            outOfOrder--;
            filled = true;
        }
        return filled ? FILLED_HOLE : IN_ORDER;
    }

    /** @return whether every packet up to LAST has been received */
    boolean complete() {
        return lastSeq != 0 && windowStart == lastSeq + 1;
    }

    /** @return whether the application has consumed everything up to LAST */
    boolean endOfData() {
        return complete() && readSeq == windowStart;
    }

    /** @return in-order bytes not yet read */
    int readableBytes() {
        return (int) Math.min(readable, Integer.MAX_VALUE);
    }

    /** @return packets received in order and not yet consumed */
    int queuedPackets() {
        return windowStart - readSeq;
    }

    /** @return free window: rxWindow minus the packets queued but unconsumed (may be 0) */
    int freeWindow() {
        return rxWindow - queuedPackets();
    }

    /**
     * @return the rwind to advertise: the free window, but never below 1 (a peer treats 0 as
     *     1 anyway; the one packet it then sends is dropped with EXCEEDS_WINDOW and serves as
     *     a window probe, and the IDLE ACK sent when the window reopens restarts it)
     */
    int rwind() {
        return Math.max(1, freeWindow());
    }

    /**
     * Copies in-order data into {@code dst}, releasing each packet once fully read.
     *
     * @return bytes copied (possibly 0)
     */
    int read(ByteBuf dst) {
        int copied = 0;
        while (before(readSeq, windowStart)) {
            int i = readSeq & mask;
            ByteBuf b = slots[i];
            int n = Math.min(b.readableBytes(), dst.writableBytes());
            if (n > 0) {
                dst.writeBytes(b, n);
                copied += n;
                readable -= n;
            }
            if (b.isReadable()) {
                break;
            }
            b.release();
            slots[i] = null;
            readSeq++;
        }
        return copied;
    }

    /**
     * Consumes up to {@code max} in-order bytes without copying them.
     *
     * @return bytes consumed
     */
    long skip(long max) {
        long skipped = 0;
        while (before(readSeq, windowStart) && skipped < max) {
            int i = readSeq & mask;
            ByteBuf b = slots[i];
            int n = (int) Math.min(b.readableBytes(), max - skipped);
            b.skipBytes(n);
            skipped += n;
            readable -= n;
            if (b.isReadable()) {
                break;
            }
            b.release();
            slots[i] = null;
            readSeq++;
        }
        return skipped;
    }

    /** @return the number of soft-ACK entries an ACK carries now */
    int nAcks() {
        return after(highest, windowStart - 1) ? highest - windowStart + 1 : 0;
    }

    /** Writes the soft-ACK table: one entry per seq windowStart..highest. */
    void writeSoftAcks(ByteBuf out) {
        int n = nAcks();
        for (int k = 0; k < n; k++) {
            out.writeByte(slots[(windowStart + k) & mask] != null
                    ? AckBody.ACK_TYPE_ACK : AckBody.ACK_TYPE_NACK);
        }
    }

    /** @return whether any payload is still held */
    boolean holdsBuffers() {
        return before(readSeq, windowStart) || outOfOrder > 0;
    }

    /** Releases every held payload. Later reads find nothing. */
    void releaseAll() {
        for (int k = 0; k < slots.length; k++) {
            if (slots[k] != null) {
                slots[k].release();
                slots[k] = null;
            }
        }
        readSeq = windowStart;
        outOfOrder = 0;
        readable = 0;
    }
}
