package org.rxrpc4j.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import org.junit.jupiter.api.AfterEach;
import org.rxrpc4j.sim.LinkModel;
import org.rxrpc4j.sim.Sim;
import org.rxrpc4j.sim.SimEvent;
import org.rxrpc4j.sim.SimNetwork;
import org.rxrpc4j.sim.SimNode;
import org.rxrpc4j.sim.SimTest;
import org.rxrpc4j.wire.PacketType;
import org.rxrpc4j.wire.RxFlags;
import org.rxrpc4j.wire.RxHeader;

/** The end-to-end tests' own link stages: the UDP-checksummed corruption and the packet tap. */
class LinkConditionSimTest {

    private final UnpooledByteBufAllocator alloc = new UnpooledByteBufAllocator(false);
    private SimNetwork net;
    private long delivered;
    private long intact;

    @AfterEach
    void nothingLeaked() {
        if (net != null) {
            net.close();
        }
        assertThat(alloc.metric().usedHeapMemory()).isZero();
    }

    private ByteBuf packet(PacketType type, int seq) {
        ByteBuf b = alloc.buffer();
        new RxHeader(1, 4, 1, seq, seq, type, RxFlags.CLIENT_INITIATED, 0, 0, 0, 1).encode(b);
        for (int i = 0; i < 100; i++) {
            b.writeByte(i);
        }
        return b;
    }

    private SimNode[] nodes(Sim sim, LinkModel model) {
        net = sim.network();
        SimNode a = net.addNode();
        SimNode b = net.addNode();
        net.link(a.address(), b.address(), model);
        b.receiver((from, buf) -> {
            delivered++;
            boolean ok = buf.readableBytes() == RxHeader.SIZE + 100;
            for (int i = 0; ok && i < 100; i++) {
                ok = buf.getByte(buf.readerIndex() + RxHeader.SIZE + i) == i;
            }
            if (ok) {
                intact++;
            }
            buf.release();
        });
        return new SimNode[] {a, b};
    }

    @SimTest
    void checkedCorruptionDropsEveryCorruptedDatagramAndNothingElse(Sim sim) {
        SimNode[] n = nodes(sim, LinkModel.perfect().then(LinkCondition.checkedCorruption(0.3, 2)));
        for (int i = 1; i <= 2000; i++) {
            n[0].send(n[1].address(), packet(PacketType.DATA, i));
        }
        sim.scheduler().runUntilIdle();
        long corrupted = net.trace().count(SimEvent.Fate.CORRUPTED);
        assertThat(corrupted / 2000.0).isCloseTo(0.3, within(0.05));
        assertThat(net.trace().count(SimEvent.Fate.DROPPED)).isEqualTo(corrupted);
        assertThat(delivered).isEqualTo(2000 - corrupted);
        assertThat(intact).as("every delivered datagram is intact").isEqualTo(delivered);
    }

    @SimTest
    void tallyCountsWhatTheSenderPutOnTheWireByType(Sim sim) {
        PacketTally tally = new PacketTally();
        SimNode[] n = nodes(sim, LinkModel.of(tally.stage()).loss(0.5));
        for (int i = 1; i <= 30; i++) {
            n[0].send(n[1].address(), packet(i % 3 == 0 ? PacketType.ACK : PacketType.DATA, i));
        }
        n[0].send(n[1].address(), alloc.buffer().writeZero(5));
        sim.scheduler().runUntilIdle();
        assertThat(tally.count(PacketType.DATA)).isEqualTo(20);
        assertThat(tally.count(PacketType.ACK)).isEqualTo(10);
        assertThat(tally.unparsable()).isEqualTo(1);
        assertThat(tally.datagrams()).isEqualTo(31).isEqualTo(n[0].sentCount());
    }
}
