package org.rxrpc4j.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.rxrpc4j.sim.Sim;
import org.rxrpc4j.sim.SimSeedExtension;
import org.rxrpc4j.sim.SimTest;
import org.rxrpc4j.trace.Counter;
import org.rxrpc4j.wire.PacketType;

/**
 * One call moves a payload of every interesting size, in each direction, under every link
 * condition, over a 1 ms RTT: it completes SUCCEEDED on both sides and every byte arrives once
 * and in order (checked byte by byte against the deterministic content, and by digest).
 *
 * <p>Sizes: empty, one byte, one byte either side of one full DATA packet (1412 bytes), either
 * side of two, 1 MiB and 64 MiB. A request-direction call sends the size and gets an empty reply;
 * a reply-direction call sends an 8-byte request asking for the size.
 *
 * <p>Replay one case: {@code mvn -pl rxrpc4j-core test -Dtest=TransferSimTest -Drxrpc4j.sim.seed=N}
 * (the seed is printed on failure; it is the same for every case of the method).
 */
@ExtendWith(SimSeedExtension.class)
class TransferSimTest {

    static final long MIB = 1024 * 1024;
    static final long[] SIZES = {0, 1, 1411, 1412, 1413, 2824, 2825, MIB, 64 * MIB};

    /** Which way the payload goes. */
    enum Direction {
        /** client → server: the request carries it. */
        REQUEST,
        /** server → client: the reply carries it. */
        REPLY
    }

    private SimPair pair;

    @AfterEach
    void shutDownAndCheckForLeaks() {
        if (pair != null) {
            pair.shutdownAndAssertNoLeaks();
        }
    }

    static Stream<Arguments> cases() {
        Stream.Builder<Arguments> b = Stream.builder();
        for (LinkCondition condition : LinkCondition.values()) {
            for (long size : SIZES) {
                for (Direction d : Direction.values()) {
                    b.add(Arguments.of(condition, size, d));
                }
            }
        }
        return b.build();
    }

    @ParameterizedTest(name = "{0} {1} B {2}")
    @MethodSource("cases")
    void callDeliversEveryByteOnceAndInOrder(LinkCondition condition, long size, Direction direction, Sim sim) {
        pair = SimPair.builder(sim).links(condition.model).build();
        if (direction == Direction.REQUEST) {
            pair.startCall(size, 0);
        } else {
            pair.startCall(PerfData.HEADER, size);
        }

        pair.runUntilDone(virtualTimeLimitNs(size));

        pair.assertAllSucceeded();
        // every call succeeded, so nothing had reason to abort or turn a call away
        assertThat(pair.clientSent().count(PacketType.ABORT) + pair.serverSent().count(PacketType.ABORT))
                .as("ABORT packets sent").isZero();
        assertThat(pair.serverSent().count(PacketType.BUSY)).as("BUSY packets sent").isZero();
        if (condition == LinkCondition.CLEAN) {
            for (var e : List.of(pair.client(), pair.server())) {
                assertThat(e.engine().counters().get(Counter.DATA_PACKETS_RESENT))
                        .as("DATA resent on a clean link by " + e.address()).isZero();
            }
        }
    }

    /**
     * Corruption that no checksum catches (Rx itself has none under security class 0) may
     * deliver wrong bytes, so data is not checked here; but it must never crash the engine,
     * hang a call or leak: every call ends one way or another and the leak check passes.
     */
    @SimTest
    void corruptionThatReachesTheEngineNeverHangsACallNorLeaks(Sim sim) {
        pair = SimPair.builder(sim).links(LinkCondition.corruptUnchecked(0.02, 2)).maxReplySize(64 * 1024).build();
        for (int i = 0; i < 40; i++) {
            pair.startCall(i % 2 == 0 ? 64 * 1024 : PerfData.HEADER, i % 2 == 0 ? 0 : 64 * 1024);
        }

        pair.runUntilDone(virtualTimeLimitNs(MIB));

        assertThat(pair.clientCalls()).allSatisfy(c -> assertThat(c.completion).as(c.toString()).isNotNull());
        assertThat(pair.serverCalls()).allSatisfy(s -> assertThat(s.completion).as(s.toString()).isNotNull());
    }

    /**
     * Generous, because 30 % loss on both directions costs an RTO (200 ms or more) nearly every
     * window: 10 minutes plus 5 minutes per MiB of virtual time. Virtual time is cheap (a hung
     * call costs only its timer events), so this catches livelocks without flagging a slow but
     * correct engine. (An early engine took about 2.9 virtual hours for 64 MiB at 30 % loss.)
     */
    static long virtualTimeLimitNs(long size) {
        return 600_000_000_000L + size * 300_000L / MIB * 1_000_000L; // no long overflow at 64 MiB
    }
}
