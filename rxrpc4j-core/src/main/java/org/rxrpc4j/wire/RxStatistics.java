package org.rxrpc4j.wire;

import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * The RXSTATS reply, OpenAFS {@code struct rx_statistics} (rx-protocol.md §10.6): 71 big-endian
 * int32 words, 284 bytes. The struct is nothing but words, so the record keeps them as one
 * immutable list (which makes re-encoding byte-identical, spares included) and names each field
 * with an accessor at its word index.
 *
 * @param words the 71 words in wire order
 */
public record RxStatistics(List<Integer> words) implements PacketBody {

    /** Words in the struct. */
    public static final int WORDS = 71;
    /** Size of the struct on the wire. */
    public static final int SIZE = WORDS * 4;
    /** RX_N_PACKET_TYPES: entries in {@link #packetsRead()} and {@link #packetsSent()}. */
    public static final int PACKET_TYPES = 13;

    private static final int PACKETS_READ = 11;
    private static final int PACKETS_SENT = 28;

    /** Checks the size and takes an immutable copy of {@code words}. */
    public RxStatistics {
        words = WireChecks.words("words", words, WORDS);
    }

    /** @return statistics with every word zero */
    public static RxStatistics zero() {
        return new RxStatistics(WireChecks.zeros(WORDS));
    }

    /**
     * Reads the 284-byte struct at the reader index and advances past it. A longer body is
     * accepted and the surplus left unread, as rxdebug truncates replies to the size it expects.
     *
     * @throws DecodeException {@code BODY_TRUNCATED} if fewer than 284 bytes are readable
     */
    public static RxStatistics decode(ByteBuf body) throws DecodeException {
        WireChecks.requireBody(body, SIZE, "rx_statistics");
        return new RxStatistics(WireChecks.readWords(body, WORDS));
    }

    /** Writes the 284-byte struct at the writer index. */
    @Override
    public void encode(ByteBuf out) {
        WireChecks.writeWords(out, words);
    }

    /** @return {@link #SIZE} */
    @Override
    public int encodedLength() {
        return SIZE;
    }

    /**
     * @param index word index 0..70
     * @return the word at that index
     */
    public int word(int index) {
        return words.get(index);
    }

    /** @return packets read, per type: element {@code type - 1} for types 1..13 */
    public List<Integer> packetsRead() {
        return words.subList(PACKETS_READ, PACKETS_READ + PACKET_TYPES);
    }

    /** @return packets sent, per type: element {@code type - 1} for types 1..13 */
    public List<Integer> packetsSent() {
        return words.subList(PACKETS_SENT, PACKETS_SENT + PACKET_TYPES);
    }

    /**
     * @param type a packet type code, 1..13
     * @return packets of that type read
     */
    public int packetsRead(int type) {
        return packetsRead().get(type - 1);
    }

    /**
     * @param type a packet type code, 1..13
     * @return packets of that type sent
     */
    public int packetsSent(int type) {
        return packetsSent().get(type - 1);
    }

    /** @return word 0, packetRequests */
    public int packetRequests() {
        return word(0);
    }

    /** @return word 1, receivePktAllocFailures */
    public int receivePktAllocFailures() {
        return word(1);
    }

    /** @return word 2, sendPktAllocFailures */
    public int sendPktAllocFailures() {
        return word(2);
    }

    /** @return word 3, specialPktAllocFailures */
    public int specialPktAllocFailures() {
        return word(3);
    }

    /** @return word 4, socketGreedy */
    public int socketGreedy() {
        return word(4);
    }

    /** @return word 5, bogusPacketOnRead */
    public int bogusPacketOnRead() {
        return word(5);
    }

    /** @return word 6, bogusHost */
    public int bogusHost() {
        return word(6);
    }

    /** @return word 7, noPacketOnRead */
    public int noPacketOnRead() {
        return word(7);
    }

    /** @return word 8, noPacketBuffersOnRead */
    public int noPacketBuffersOnRead() {
        return word(8);
    }

    /** @return word 9, selects */
    public int selects() {
        return word(9);
    }

    /** @return word 10, sendSelects */
    public int sendSelects() {
        return word(10);
    }

    /** @return word 24, dataPacketsRead */
    public int dataPacketsRead() {
        return word(24);
    }

    /** @return word 25, ackPacketsRead */
    public int ackPacketsRead() {
        return word(25);
    }

    /** @return word 26, dupPacketsRead */
    public int dupPacketsRead() {
        return word(26);
    }

    /** @return word 27, spuriousPacketsRead */
    public int spuriousPacketsRead() {
        return word(27);
    }

    /** @return word 41, ackPacketsSent */
    public int ackPacketsSent() {
        return word(41);
    }

    /** @return word 42, pingPacketsSent */
    public int pingPacketsSent() {
        return word(42);
    }

    /** @return word 43, abortPacketsSent */
    public int abortPacketsSent() {
        return word(43);
    }

    /** @return word 44, busyPacketsSent */
    public int busyPacketsSent() {
        return word(44);
    }

    /** @return word 45, dataPacketsSent */
    public int dataPacketsSent() {
        return word(45);
    }

    /** @return word 46, dataPacketsReSent */
    public int dataPacketsReSent() {
        return word(46);
    }

    /** @return word 47, dataPacketsPushed */
    public int dataPacketsPushed() {
        return word(47);
    }

    /** @return word 48, ignoreAckedPacket */
    public int ignoreAckedPacket() {
        return word(48);
    }

    /** @return word 49, totalRtt seconds */
    public int totalRttSec() {
        return word(49);
    }

    /** @return word 50, totalRtt microseconds */
    public int totalRttUsec() {
        return word(50);
    }

    /** @return word 51, minRtt seconds */
    public int minRttSec() {
        return word(51);
    }

    /** @return word 52, minRtt microseconds */
    public int minRttUsec() {
        return word(52);
    }

    /** @return word 53, maxRtt seconds */
    public int maxRttSec() {
        return word(53);
    }

    /** @return word 54, maxRtt microseconds */
    public int maxRttUsec() {
        return word(54);
    }

    /** @return word 55, nRttSamples */
    public int nRttSamples() {
        return word(55);
    }

    /** @return word 56, nServerConns */
    public int nServerConns() {
        return word(56);
    }

    /** @return word 57, nClientConns */
    public int nClientConns() {
        return word(57);
    }

    /** @return word 58, nPeerStructs */
    public int nPeerStructs() {
        return word(58);
    }

    /** @return word 59, nCallStructs */
    public int nCallStructs() {
        return word(59);
    }

    /** @return word 60, nFreeCallStructs */
    public int nFreeCallStructs() {
        return word(60);
    }

    /** @return word 61, netSendFailures */
    public int netSendFailures() {
        return word(61);
    }

    /** @return word 62, fatalErrors */
    public int fatalErrors() {
        return word(62);
    }

    /** @return word 63, ignorePacketDally */
    public int ignorePacketDally() {
        return word(63);
    }

    /** @return word 64, receiveCbufPktAllocFailures */
    public int receiveCbufPktAllocFailures() {
        return word(64);
    }

    /** @return word 65, sendCbufPktAllocFailures */
    public int sendCbufPktAllocFailures() {
        return word(65);
    }

    /** @return word 66, nBusies */
    public int nBusies() {
        return word(66);
    }

    /** @return words 67..70, the four spares */
    public List<Integer> spares() {
        return words.subList(67, WORDS);
    }
}
