package org.rxrpc4j.call;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.rxrpc4j.call.CallPair.ClientApp;
import org.rxrpc4j.call.CallPair.Dir;
import org.rxrpc4j.call.CallPair.Sent;
import org.rxrpc4j.trace.Counter;
import org.rxrpc4j.wire.PacketType;
import org.rxrpc4j.wire.RxFlags;

/** Request/reply exchanges of various sizes between a client and a service call. */
class CallPairTest {

    private static final long LIMIT = Duration.ofSeconds(60).toNanos();

    @ParameterizedTest(name = "request {0} B, reply {1} B")
    @CsvSource({
        "0, 0", "1, 1", "1412, 1412", "1413, 1413", "102400, 0", "0, 102400", "102400, 102400",
        "1, 2824", "2824, 1", "5000, 70000",
    })
    void requestAndReplyArriveIntactAndBothSidesSucceed(int requestSize, int replySize) {
        try (CallPair pair = new CallPair()) {
            byte[] request = CallPair.bytes(requestSize, 1);
            byte[] reply = CallPair.bytes(replySize, 2);
            ClientApp app = pair.startCall(request, reply);
            assertThat(pair.runUntil(pair::bothComplete, LIMIT)).as("both complete").isTrue();

            assertThat(pair.client.call.completion().succeeded()).isTrue();
            assertThat(pair.server.call.completion().succeeded()).isTrue();
            assertThat(pair.serverApp.request.toByteArray()).isEqualTo(request);
            assertThat(app.reply.toByteArray()).isEqualTo(reply);
            assertThat(app.eof).isTrue();
            assertThat(pair.client.completedCalls).containsExactly(pair.client.call);
            assertThat(pair.server.completedCalls).containsExactly(pair.server.call);
            assertThat(app.completions).isEqualTo(1);
            assertThat(pair.serverApp.completions).isEqualTo(1);

            int maxData = 1412;
            int requestPackets = Math.max(1, (requestSize + maxData - 1) / maxData);
            int replyPackets = Math.max(1, (replySize + maxData - 1) / maxData);
            assertThat(pair.client.counters.get(Counter.DATA_PACKETS_SENT)).isEqualTo(requestPackets);
            assertThat(pair.server.counters.get(Counter.DATA_PACKETS_SENT)).isEqualTo(replyPackets);
            assertThat(pair.client.counters.get(Counter.DATA_PACKETS_RESENT)).isZero();
            assertThat(pair.server.counters.get(Counter.DATA_PACKETS_RESENT)).isZero();

            // LAST only on the final packet of each direction; never REQUEST_ACK on the last
            // reply packet.
            for (Dir dir : Dir.values()) {
                List<Sent> data = pair.sent(dir, PacketType.DATA);
                for (int i = 0; i < data.size(); i++) {
                    Sent s = data.get(i);
                    assertThat(s.header().seq()).isEqualTo(i + 1);
                    assertThat(s.header().hasFlags(RxFlags.LAST_PACKET)).isEqualTo(i == data.size() - 1);
                    assertThat(s.header().isClientInitiated()).isEqualTo(dir == Dir.TO_SERVICE);
                }
                if (dir == Dir.TO_CLIENT) {
                    assertThat(data.get(data.size() - 1).header().hasFlags(RxFlags.REQUEST_ACK)).isFalse();
                }
            }
            // Serials are never 0 and each datagram has a fresh one.
            assertThat(pair.sent).allSatisfy(s -> assertThat(s.header().serial()).isNotZero());
        }
    }
}
