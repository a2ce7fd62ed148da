package org.rxrpc4j.local;

import java.util.ArrayList;
import java.util.List;
import org.rxrpc4j.view.EndpointView;
import org.rxrpc4j.wire.RxHeader;

/**
 * Packets read and sent per packet type (1..13), the per-type arrays of OpenAFS's
 * {@code rx_statistics}. Engine thread only.
 */
final class PacketTally {

    /** Offset of the type byte in the Rx header. */
    private static final int TYPE_OFFSET = 20;

    private final long[] read = new long[EndpointView.PACKET_TYPES];
    private final long[] sent = new long[EndpointView.PACKET_TYPES];

    /** Counts a received packet whose header decoded with type code {@code type}. */
    void read(int type) {
        if (type >= 1 && type <= read.length) {
            read[type - 1]++;
        }
    }

    /** Counts an outgoing datagram by the type byte of its header. */
    void sent(io.netty.buffer.ByteBuf datagram) {
        if (datagram.readableBytes() >= RxHeader.SIZE) {
            int type = datagram.getUnsignedByte(datagram.readerIndex() + TYPE_OFFSET);
            if (type >= 1 && type <= sent.length) {
                sent[type - 1]++;
            }
        }
    }

    /** @return packets read per type, entry {@code type - 1} */
    List<Long> readList() {
        return list(read);
    }

    /** @return packets sent per type, entry {@code type - 1} */
    List<Long> sentList() {
        return list(sent);
    }

    private static List<Long> list(long[] values) {
        List<Long> out = new ArrayList<>(values.length);
        for (long v : values) {
            out.add(v);
        }
        return out;
    }
}
