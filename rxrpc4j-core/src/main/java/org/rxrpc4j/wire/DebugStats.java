package org.rxrpc4j.wire;

import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * The GETSTATS reply, OpenAFS {@code struct rx_debugStats} (rx-protocol.md §10.3, 56 bytes). All
 * words are big-endian; byte fields are held unsigned. Which of the later words are meaningful
 * depends on {@link #version()} (see {@link DebugRequest#supportedValues(int)}).
 *
 * @param nFreePackets packets on the free list
 * @param packetReclaims times the packet allocator reclaimed packets
 * @param callsExecuted calls the server has run
 * @param waitingForPackets non-zero while a thread waits for a free packet, 0..255
 * @param usedFDs file descriptors in use, 0..255
 * @param version debug protocol version letter ({@link DebugRequest#VERSION}), 0..255
 * @param spare1 spare byte, kept for byte-identical re-encoding, 0..255
 * @param nWaiting calls waiting for a thread (valid from 'N')
 * @param idleThreads idle server threads (valid from 'O')
 * @param nWaited calls that have waited for a thread (valid from 'R')
 * @param nPackets packets allocated in total (valid from 'S')
 * @param spare2 the six spare words, kept for byte-identical re-encoding
 */
public record DebugStats(
        int nFreePackets,
        int packetReclaims,
        int callsExecuted,
        int waitingForPackets,
        int usedFDs,
        int version,
        int spare1,
        int nWaiting,
        int idleThreads,
        int nWaited,
        int nPackets,
        List<Integer> spare2) implements PacketBody {

    /** Size of the struct on the wire. */
    public static final int SIZE = 56;
    /** Number of words in {@link #spare2()}. */
    public static final int SPARE2_WORDS = 6;

    /** Checks ranges and takes an immutable copy of {@code spare2}. */
    public DebugStats {
        WireChecks.u8("waitingForPackets", waitingForPackets);
        WireChecks.u8("usedFDs", usedFDs);
        WireChecks.u8("version", version);
        WireChecks.u8("spare1", spare1);
        spare2 = WireChecks.words("spare2", spare2, SPARE2_WORDS);
    }

    /**
     * A reply as a current server builds it: version 'S' and zero spares.
     *
     * @return the stats value
     */
    public static DebugStats of(int nFreePackets, int packetReclaims, int callsExecuted,
            boolean waitingForPackets, int usedFDs, int nWaiting, int idleThreads, int nWaited,
            int nPackets) {
        return new DebugStats(nFreePackets, packetReclaims, callsExecuted, waitingForPackets ? 1 : 0,
                usedFDs, DebugRequest.VERSION, 0, nWaiting, idleThreads, nWaited, nPackets,
                WireChecks.zeros(SPARE2_WORDS));
    }

    /**
     * Reads the 56-byte struct at the reader index and advances past it. A longer body is accepted
     * and the surplus left unread, as rxdebug truncates replies to the size it expects.
     *
     * @throws DecodeException {@code BODY_TRUNCATED} if fewer than 56 bytes are readable
     */
    public static DebugStats decode(ByteBuf body) throws DecodeException {
        WireChecks.requireBody(body, SIZE, "rx_debugStats");
        return new DebugStats(body.readInt(), body.readInt(), body.readInt(),
                body.readUnsignedByte(), body.readUnsignedByte(), body.readUnsignedByte(),
                body.readUnsignedByte(), body.readInt(), body.readInt(), body.readInt(),
                body.readInt(), WireChecks.readWords(body, SPARE2_WORDS));
    }

    /** Writes the 56-byte struct at the writer index. */
    @Override
    public void encode(ByteBuf out) {
        out.writeInt(nFreePackets);
        out.writeInt(packetReclaims);
        out.writeInt(callsExecuted);
        out.writeByte(waitingForPackets);
        out.writeByte(usedFDs);
        out.writeByte(version);
        out.writeByte(spare1);
        out.writeInt(nWaiting);
        out.writeInt(idleThreads);
        out.writeInt(nWaited);
        out.writeInt(nPackets);
        WireChecks.writeWords(out, spare2);
    }

    /** @return {@link #SIZE} */
    @Override
    public int encodedLength() {
        return SIZE;
    }
}
