package org.rxrpc4j.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import org.rxrpc4j.call.Call;
import org.rxrpc4j.call.CallListener;
import org.rxrpc4j.call.CompletionType;
import org.rxrpc4j.sim.LinkModel;
import org.rxrpc4j.sim.Sim;
import org.rxrpc4j.sim.SimEndpoint;
import org.rxrpc4j.sim.SimScheduler;
import org.rxrpc4j.sim.SimTest;
import org.rxrpc4j.trace.Counter;

/**
 * The endpoint's routing end to end in the simulator: client calls reach their service through
 * connection choice, routing by (address, epoch, cid) and by (epoch, cid), and service calls
 * come out of the backlog; afterwards both endpoints shut down with nothing left behind.
 */
class EndpointRoutingSimTest {

    private static final int SERVICE = 4242;

    /** Reads everything that arrives; sends {@code out} (with LAST) once {@link #start} is called. */
    private static class Side implements CallListener {
        final SimScheduler clock;
        final ByteBuf received = Unpooled.buffer();
        ByteBuf out;
        boolean sentLast;
        boolean complete;

        Side(SimScheduler clock) {
            this.clock = clock;
        }

        void start(Call call, ByteBuf data) {
            out = data;
            push(call);
        }

        void push(Call call) {
            if (out != null && !sentLast && call.completion() == null) {
                call.send(out, true, clock.nowNs());
                sentLast = !out.isReadable();
            }
        }

        /** @return the last read result: -1 at the end of the peer's data */
        int drain(Call call) {
            ByteBuf chunk = Unpooled.buffer(16384);
            int n;
            while ((n = call.read(chunk, clock.nowNs())) > 0) {
                received.writeBytes(chunk);
                chunk.clear();
            }
            return n;
        }

        @Override
        public void onReadable(Call call) {
            drain(call);
        }

        @Override
        public void onWritable(Call call) {
            push(call);
        }

        @Override
        public void onComplete(Call call) {
            drain(call);
            complete = true;
        }
    }

    /** The service: echoes the request once all of it has arrived. */
    private static final class Echo extends Side {
        Echo(SimScheduler clock) {
            super(clock);
        }

        @Override
        public void onReadable(Call call) {
            if (drain(call) < 0 && out == null) {
                start(call, received.copy());
            }
        }
    }

    private static byte[] pattern(int n, int salt) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + salt);
        }
        return b;
    }

    private void run(Sim sim, LinkModel link, int calls, int size) {
        SimScheduler clock = sim.scheduler();
        SimEndpoint server = SimEndpoint.on(sim.network());
        SimEndpoint client = SimEndpoint.on(sim.network());
        sim.network().defaultLink(link);
        List<Echo> echoes = new ArrayList<>();
        server.act(e -> e.addService(SERVICE, calls, (ep, id) -> {
            Echo echo = new Echo(clock);
            echoes.add(echo);
            Call c = ep.accept(id, echo);
            echo.onReadable(c);
        }));

        List<Side> sides = new ArrayList<>();
        List<Call> clientCalls = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            Side side = new Side(clock);
            sides.add(side);
            Call call = client.call(e -> e.makeCall(server.address(), SERVICE, side, clock.nowNs()));
            clientCalls.add(call);
            ByteBuf request = Unpooled.wrappedBuffer(pattern(size, i));
            client.act(e -> side.start(call, request));
        }
        clock.runFor(120_000_000_000L);

        for (int i = 0; i < calls; i++) {
            Call call = clientCalls.get(i);
            assertThat(call.completion()).as("call %d", i).isNotNull();
            assertThat(call.completion().type()).as("call %d: %s", i, call.completion())
                    .isEqualTo(CompletionType.SUCCEEDED);
            assertThat(ByteBufUtil.getBytes(sides.get(i).received)).as("echo of call %d", i)
                    .isEqualTo(pattern(size, i));
        }
        assertThat(echoes).hasSize(calls);
        assertThat(client.engine().liveConnections()).isEqualTo((calls + 3) / 4);
        assertThat(server.engine().liveConnections()).isEqualTo((calls + 3) / 4);
        assertThat(server.engine().counters().get(Counter.CALLS_ACCEPTED)).isEqualTo(calls);
        assertThat(client.engine().counters().get(Counter.CALLS_STARTED)).isEqualTo(calls);

        client.shutdown();
        server.shutdown();
        for (SimEndpoint ep : List.of(client, server)) {
            assertThat(ep.engine().liveCalls()).isZero();
            assertThat(ep.engine().liveConnections()).isZero();
            assertThat(ep.engine().livePeers()).isZero();
        }
        sim.network().close();
        assertThat(client.bytesInUse()).isZero();
        assertThat(server.bytesInUse()).isZero();
    }

    @SimTest
    void oneEchoCallOverAPerfectLink(Sim sim) {
        run(sim, LinkModel.perfect().delay(500_000), 1, 5000);
    }

    @SimTest
    void tenConcurrentEchoCallsShareConnectionsUnderLoss(Sim sim) {
        run(sim, LinkModel.perfect().delay(500_000).loss(0.05), 10, 20_000);
    }
}
