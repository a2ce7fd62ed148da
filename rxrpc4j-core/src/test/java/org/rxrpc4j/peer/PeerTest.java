package org.rxrpc4j.peer;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;
import org.rxrpc4j.config.RxConfig;
import org.rxrpc4j.trace.Counter;
import org.rxrpc4j.trace.Counters;
import org.rxrpc4j.wire.AckBody;
import org.rxrpc4j.wire.AckReason;
import org.rxrpc4j.wire.AckTrailer;

class PeerTest {

    private static final InetSocketAddress ADDR = new InetSocketAddress("10.1.2.3", 7000);

    private static AckBody ackWithMtu(int maxMtu, int words) {
        AckTrailer t = switch (words) {
            case 2 -> new AckTrailer(maxMtu, 1444, 0, 0);
            case 3 -> new AckTrailer(maxMtu, 1444, 32, 0);
            default -> new AckTrailer(maxMtu, 1444, 32, 4);
        };
        return new AckBody(0, 0, 1, 0, 0, AckReason.IDLE, new byte[0], t, words, 0);
    }

    @Test
    void startsWithTheConfiguredDataSize() {
        Peer p = new Peer(ADDR, RxConfig.defaults());
        assertThat(p.address()).isEqualTo(ADDR);
        assertThat(p.maxDataPerPacket()).isEqualTo(1412);
        assertThat(p.rtt().samples()).isZero();
        assertThat(p.hasReceived()).isFalse();
    }

    @Test
    void aSmallerAdvertisedMtuLowersTheDataSizeAndALargerOneRestoresIt() {
        Peer p = new Peer(ADDR, RxConfig.defaults());
        p.onAck(ackWithMtu(1000, 4));
        assertThat(p.maxDataPerPacket()).isEqualTo(1000 - 28);
        p.onAck(ackWithMtu(5692, 2)); // two-word trailers count too
        assertThat(p.maxDataPerPacket()).isEqualTo(1412);
    }

    @Test
    void nonsenseMtusAreClampedAndBreakNothing() {
        Peer p = new Peer(ADDR, RxConfig.defaults());
        p.onAck(ackWithMtu(10, 4)); // below the header size
        assertThat(p.advertisedMaxMtu()).isEqualTo(28 + Peer.MIN_DATA_PER_PACKET);
        assertThat(p.maxDataPerPacket()).isEqualTo(Peer.MIN_DATA_PER_PACKET);
        p.onAck(ackWithMtu(0, 4));
        assertThat(p.maxDataPerPacket()).isEqualTo(Peer.MIN_DATA_PER_PACKET);
        p.onAck(ackWithMtu(-1, 4)); // 0xffffffff unsigned
        assertThat(p.advertisedMaxMtu()).isEqualTo(65535);
        assertThat(p.maxDataPerPacket()).isEqualTo(1412);
    }

    @Test
    void anAckWithoutTrailerChangesNothing() {
        Peer p = new Peer(ADDR, RxConfig.defaults());
        p.onAck(new AckBody(0, 0, 1, 0, 0, AckReason.IDLE, new byte[0], null));
        assertThat(p.maxDataPerPacket()).isEqualTo(1412);
        assertThat(p.advertisedMaxMtu()).isZero();
    }

    @Test
    void remembersTheLastReceive() {
        Peer p = new Peer(ADDR, RxConfig.defaults());
        p.onReceive(42);
        assertThat(p.lastReceiveNs()).isEqualTo(42);
        assertThat(p.hasReceived()).isTrue();
    }

    @Test
    void peerTableGetsOrCreatesOnePeerPerAddressAndCounts() {
        Counters counters = new Counters();
        PeerTable table = new PeerTable(RxConfig.defaults(), counters);
        Peer a = table.getOrCreate(ADDR);
        assertThat(table.getOrCreate(new InetSocketAddress("10.1.2.3", 7000))).isSameAs(a);
        Peer b = table.getOrCreate(new InetSocketAddress("10.1.2.3", 7001));
        assertThat(b).isNotSameAs(a);
        assertThat(table.size()).isEqualTo(2);
        assertThat(table.get(ADDR)).isSameAs(a);
        int[] seen = {0};
        table.forEach(p -> {
            seen[0]++;
            table.remove(p.address()); // removal while iterating is allowed
        });
        assertThat(seen[0]).isEqualTo(2);
        assertThat(table.size()).isZero();
        assertThat(table.remove(ADDR)).isNull();
        assertThat(counters.get(Counter.PEERS_CREATED)).isEqualTo(2);
        assertThat(counters.get(Counter.PEERS_DESTROYED)).isEqualTo(2);
        table.getOrCreate(ADDR);
        table.clear();
        assertThat(counters.get(Counter.PEERS_DESTROYED)).isEqualTo(3);
    }
}
