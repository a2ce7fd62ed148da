package org.rxrpc4j.e2e;

import io.netty.buffer.ByteBuf;
import java.util.EnumMap;
import java.util.Map;
import org.rxrpc4j.sim.LinkStage;
import org.rxrpc4j.wire.PacketType;
import org.rxrpc4j.wire.RxHeader;

/**
 * A pass-through link stage that counts datagrams by Rx packet type: put first on a link, it
 * sees everything the sender put on the wire, before any loss. An independent check on the
 * engine's own counters.
 */
final class PacketTally {

    private final Map<PacketType, Long> byType = new EnumMap<>(PacketType.class);
    private long datagrams;
    private long bytes;
    private long unparsable;

    /** @return a factory of the counting stage (every instance counts into this tally) */
    LinkStage.Factory stage() {
        return entropy -> (t, next) -> {
            count(t.content());
            next.accept(t);
        };
    }

    private void count(ByteBuf b) {
        datagrams++;
        bytes += b.readableBytes();
        PacketType type = b.readableBytes() >= RxHeader.SIZE ? PacketType.fromCode(b.getUnsignedByte(b.readerIndex() + 20))
                : null;
        if (type == null) {
            unparsable++;
        } else {
            byType.merge(type, 1L, Long::sum);
        }
    }

    /** @return datagrams counted */
    long datagrams() {
        return datagrams;
    }

    /** @return bytes counted (UDP payload) */
    long bytes() {
        return bytes;
    }

    /** @return datagrams of {@code type} counted */
    long count(PacketType type) {
        return byType.getOrDefault(type, 0L);
    }

    /** @return datagrams too short or of an unknown type */
    long unparsable() {
        return unparsable;
    }

    @Override
    public String toString() {
        return datagrams + " datagrams " + byType + (unparsable == 0 ? "" : " + " + unparsable + " unparsable");
    }
}
