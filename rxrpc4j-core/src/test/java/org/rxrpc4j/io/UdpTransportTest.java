package org.rxrpc4j.io;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.rxrpc4j.env.Environment;
import org.rxrpc4j.env.Ticker;
import org.rxrpc4j.trace.Counter;
import org.rxrpc4j.trace.Counters;

/**
 * The UDP transport over real loopback sockets. Timeouts here only keep a broken build from
 * hanging; nothing asserts on speed.
 */
class UdpTransportTest {

    private static final Ticker TICKER = Environment.system().ticker();
    private static final InetSocketAddress LOOPBACK4 = new InetSocketAddress("127.0.0.1", 0);
    private static final long MS = 1_000_000L;

    private final List<UdpTransport> open = new ArrayList<>();
    private final Map<UdpTransport, TestEngine> engines = new IdentityHashMap<>();

    @AfterEach
    void closeAll() {
        for (UdpTransport t : open) {
            t.close();
        }
        for (UdpTransport t : open) {
            awaitThreadGone(t.localAddress().getPort());
        }
    }

    private UdpTransport open(UdpTransportConfig config, boolean echo) throws IOException {
        Counters counters = new Counters();
        UdpTransport t = UdpTransport.bind(config, TICKER, counters, tr -> {
            TestEngine e = new TestEngine(tr, echo);
            synchronized (engines) {
                engines.put(tr, e);
            }
            return e;
        });
        open.add(t);
        return t;
    }

    private UdpTransport open(boolean echo) throws IOException {
        return open(UdpTransportConfig.defaults(LOOPBACK4), echo);
    }

    private TestEngine engine(UdpTransport t) {
        synchronized (engines) {
            return engines.get(t);
        }
    }

    private static ByteBuf ascii(String s) {
        return Unpooled.copiedBuffer(s, US_ASCII);
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long end = TICKER.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (TICKER.nanoTime() - end > 0) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(2);
        }
    }

    private static boolean threadAlive(int port) {
        String name = UdpTransport.THREAD_NAME_PREFIX + port;
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals(name) && t.isAlive());
    }

    private static void awaitThreadGone(int port) {
        try {
            await("thread rxrpc4j-io-" + port + " to end", () -> !threadAlive(port));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Sends from the loop thread, as the engine would. */
    private static void sendOnLoop(UdpTransport from, InetSocketAddress to, ByteBuf... datagrams) {
        from.execute(() -> {
            for (ByteBuf d : datagrams) {
                from.send(to, d);
            }
        });
    }

    @Test
    void datagramsRoundTripThroughAnEchoingEngine() throws Exception {
        UdpTransport a = open(false);
        UdpTransport b = open(true);
        assertThat(a.localAddress().getPort()).isPositive();
        assertThat(a.localAddress().getAddress()).isEqualTo(InetAddress.getByName("127.0.0.1"));
        for (int i = 0; i < 10; i++) {
            sendOnLoop(a, b.localAddress(), ascii("ping-" + i));
        }
        TestEngine ea = engine(a);
        await("10 echoes", () -> ea.received.get() == 10);
        Set<String> got = new HashSet<>();
        for (TestEngine.Arrival arrival : ea.arrivals) {
            assertThat(arrival.from()).isEqualTo(b.localAddress());
            assertThat(arrival.thread()).isEqualTo("rxrpc4j-io-" + a.localAddress().getPort());
            got.add(new String(arrival.bytes(), US_ASCII));
        }
        assertThat(got).hasSize(10).allMatch(s -> s.startsWith("ping-"));
        assertThat(engine(b).received.get()).isEqualTo(10);
        assertThat(b.counters().get(Counter.NET_DATAGRAMS_RECEIVED)).isEqualTo(10);
        assertThat(a.counters().get(Counter.NET_SEND_FAILURES)).isZero();
    }

    @Test
    void tenThousandDatagramsArriveIntact() throws Exception {
        UdpTransport a = open(false);
        UdpTransport b = open(false);
        TestEngine eb = engine(b);
        int total = 10_000;
        int window = 200;
        for (int sent = 0; sent < total; ) {
            int n = Math.min(window, total - sent);
            ByteBuf[] burst = new ByteBuf[n];
            for (int i = 0; i < n; i++) {
                burst[i] = numbered(sent + i);
            }
            sendOnLoop(a, b.localAddress(), burst);
            sent += n;
            int target = sent;
            // A window keeps the receive buffer from overflowing; a datagram lost anyway only
            // means the wait times out into the final count below.
            long end = TICKER.nanoTime() + TimeUnit.SECONDS.toNanos(2);
            while (eb.received.get() < target && TICKER.nanoTime() - end < 0) {
                Thread.sleep(1);
            }
        }
        await("the last datagrams", () -> eb.received.get() >= total - total / 100);
        Thread.sleep(50);
        Set<Integer> seen = new HashSet<>();
        for (TestEngine.Arrival arrival : eb.arrivals) {
            assertThat(arrival.bytes()).hasSize(64);
            ByteBuffer bb = ByteBuffer.wrap(arrival.bytes());
            int n = bb.getInt();
            for (int i = 4; i < 64; i++) {
                assertThat(bb.get(i)).isEqualTo((byte) (n * 31 + i));
            }
            assertThat(seen.add(n)).as("datagram %d arrived twice", n).isTrue();
        }
        assertThat(seen).allMatch(n -> n >= 0 && n < total);
        // Loopback should lose nothing; allow 1% so a loaded CI machine does not fail us.
        assertThat(seen.size()).isGreaterThanOrEqualTo(total - total / 100);
    }

    private static ByteBuf numbered(int n) {
        ByteBuf buf = Unpooled.buffer(64);
        buf.writeInt(n);
        for (int i = 4; i < 64; i++) {
            buf.writeByte(n * 31 + i);
        }
        return buf;
    }

    @Test
    void epollReadsSeveralDatagramsPerBatchWithRecvmmsg() throws Exception {
        UdpTransport a = open(false);
        // No copy, so each datagram is still a slice of the buffer recvmmsg filled.
        UdpTransport b = open(UdpTransportConfig.defaults(LOOPBACK4).withCopyReceivedDatagrams(false), false);
        assumeTrue(b.isEpoll(), "native epoll is not available here; recvmmsg cannot be checked");
        int burst = 1000;
        ByteBuf[] datagrams = new ByteBuf[burst];
        for (int i = 0; i < burst; i++) {
            datagrams[i] = numbered(i);
        }
        // One command, one flush: sendmmsg hands the burst to the kernel in few calls.
        sendOnLoop(a, b.localAddress(), datagrams);
        TestEngine eb = engine(b);
        await("most of the burst", () -> eb.received.get() >= burst * 9 / 10);
        Thread.sleep(50);
        long batches = b.counters().get(Counter.NET_READ_BATCHES);
        long received = b.counters().get(Counter.NET_DATAGRAMS_RECEIVED);
        assertThat(batches).isLessThan(received);
        // Two datagrams in one read buffer can only come from one recvmmsg call.
        Map<Object, Integer> perBuffer = new IdentityHashMap<>();
        for (TestEngine.Arrival arrival : eb.arrivals) {
            if (arrival.readBuffer() != null) {
                perBuffer.merge(arrival.readBuffer(), 1, Integer::sum);
            }
        }
        assertThat(perBuffer.values()).anyMatch(n -> n > 1);
    }

    @Test
    void nioCanBeForcedAndWorks() throws Exception {
        UdpTransport a = open(UdpTransportConfig.defaults(LOOPBACK4).withForceNio(true), false);
        UdpTransport b = open(UdpTransportConfig.defaults(LOOPBACK4).withForceNio(true), true);
        assertThat(a.isEpoll()).isFalse();
        assertThat(a.transportName()).isEqualTo("nio");
        sendOnLoop(a, b.localAddress(), ascii("over nio"));
        TestEngine ea = engine(a);
        await("the echo", () -> ea.received.get() == 1);
        assertThat(new String(ea.arrivals.get(0).bytes(), US_ASCII)).isEqualTo("over nio");
    }

    @Test
    void timerFiresOnceAtOrAfterTheEngineDeadline() throws Exception {
        long[] deadline = new long[1];
        List<TestEngine> made = new ArrayList<>();
        UdpTransport t = UdpTransport.bind(UdpTransportConfig.defaults(LOOPBACK4), TICKER, new Counters(), tr -> {
            TestEngine e = new TestEngine(tr, false);
            deadline[0] = TICKER.nanoTime() + 20 * MS;
            e.deadline = deadline[0];
            made.add(e);
            return e;
        });
        open.add(t);
        TestEngine e = made.get(0);
        await("runDue", () -> !e.runDueTimes.isEmpty());
        Thread.sleep(200);
        assertThat(e.runDueTimes).hasSize(1);
        assertThat(e.runDueTimes.get(0) - deadline[0]).isGreaterThanOrEqualTo(0);
    }

    @Test
    void timerReArmsForEachNewDeadline() throws Exception {
        UdpTransport t = open(false);
        TestEngine e = engine(t);
        List<Long> asked = new java.util.concurrent.CopyOnWriteArrayList<>();
        // Each runDue asks for another deadline 10 ms on, three times over.
        e.afterDue = now -> {
            if (asked.size() >= 4) {
                return Long.MAX_VALUE;
            }
            long next = now + 10 * MS;
            asked.add(next);
            return next;
        };
        t.execute(() -> {
            long first = TICKER.nanoTime() + 10 * MS;
            asked.add(first);
            e.deadline = first;
        });
        await("four timer runs", () -> e.runDueTimes.size() == 4);
        Thread.sleep(100);
        assertThat(e.runDueTimes).hasSize(4);
        for (int i = 0; i < 4; i++) {
            assertThat(e.runDueTimes.get(i) - asked.get(i)).as("run %d", i).isGreaterThanOrEqualTo(0);
        }
    }

    @Test
    void anEarlierDeadlineReplacesTheArmedOne() throws Exception {
        UdpTransport t = open(false);
        TestEngine e = engine(t);
        t.submit(() -> e.deadline = TICKER.nanoTime() + TimeUnit.HOURS.toNanos(1)).get(5, TimeUnit.SECONDS);
        long[] soon = new long[1];
        t.submit(() -> soon[0] = e.deadline = TICKER.nanoTime() + 20 * MS).get(5, TimeUnit.SECONDS);
        await("the earlier deadline", () -> !e.runDueTimes.isEmpty());
        assertThat(e.runDueTimes.get(0) - soon[0]).isGreaterThanOrEqualTo(0);
    }

    @Test
    void aDeadlineInThePastRunsAtOnce() throws Exception {
        UdpTransport t = open(false);
        TestEngine e = engine(t);
        t.execute(() -> e.deadline = TICKER.nanoTime() - TimeUnit.SECONDS.toNanos(1));
        await("runDue", () -> !e.runDueTimes.isEmpty());
        Thread.sleep(50);
        assertThat(e.runDueTimes).hasSize(1);
    }

    @Test
    void anEngineStuckOnAPastDeadlineDoesNotSpinTheLoop() throws Exception {
        UdpTransport t = open(false);
        TestEngine e = engine(t);
        long stuck = TICKER.nanoTime() - MS;
        e.afterDue = now -> stuck; // never moves on: an engine bug
        t.execute(() -> e.deadline = stuck);
        Thread.sleep(200);
        // Backed off by a millisecond each time: a spinning loop would run it millions of times.
        assertThat(e.runDueTimes.size()).isBetween(2, 1000);
        assertThat(t.counters().get(Counter.ENGINE_STALE_DEADLINE)).isPositive();
        // And the loop still does I/O.
        UdpTransport echo = open(true);
        sendOnLoop(t, echo.localAddress(), ascii("still alive"));
        await("the echo", () -> e.received.get() == 1);
    }

    @Test
    void commandsFromOtherThreadsRunOnTheLoopThread() throws Exception {
        UdpTransport t = open(false);
        String expected = "rxrpc4j-io-" + t.localAddress().getPort();
        CompletableFuture<String> seen = new CompletableFuture<>();
        Thread other = new Thread(() -> t.execute(() -> seen.complete(Thread.currentThread().getName())));
        other.start();
        other.join();
        assertThat(seen.get(5, TimeUnit.SECONDS)).isEqualTo(expected);
        assertThat(t.submit(t::inLoop).get(5, TimeUnit.SECONDS)).isTrue();
        assertThat(t.inLoop()).isFalse();
        // A failing task fails its future, not the loop.
        CompletableFuture<Object> failing = t.submit(() -> {
            throw new IOException("boom");
        });
        assertThatThrownBy(() -> failing.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(IOException.class);
        // A failing execute() is logged and counted, and later commands still run.
        t.execute(() -> {
            throw new IllegalStateException("deliberate, from a test");
        });
        assertThat(t.submit(() -> 42).get(5, TimeUnit.SECONDS)).isEqualTo(42);
        assertThat(t.counters().get(Counter.ENGINE_CALLBACK_ERRORS)).isEqualTo(1);
    }

    @Test
    void commandsRunInSubmissionOrder() throws Exception {
        UdpTransport t = open(false);
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            int n = i;
            t.execute(() -> order.add(n));
        }
        t.submit(() -> null).get(5, TimeUnit.SECONDS);
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            expected.add(i);
        }
        assertThat(t.submit(() -> new ArrayList<>(order)).get(5, TimeUnit.SECONDS)).isEqualTo(expected);
    }

    @Test
    void ipv6LoopbackWorks() throws Exception {
        InetSocketAddress v6 = new InetSocketAddress(InetAddress.getByName("::1"), 0);
        try (DatagramSocket probe = new DatagramSocket(v6)) {
            assumeTrue(probe.getLocalPort() > 0);
        } catch (IOException e) {
            assumeTrue(false, "this machine has no IPv6 loopback (" + e + "); skipping");
        }
        UdpTransport a = open(UdpTransportConfig.defaults(v6), false);
        UdpTransport b = open(UdpTransportConfig.defaults(v6), true);
        assertThat(a.localAddress().getAddress()).isInstanceOf(Inet6Address.class);
        sendOnLoop(a, b.localAddress(), ascii("over ipv6"));
        TestEngine ea = engine(a);
        await("the echo", () -> ea.received.get() == 1);
        TestEngine.Arrival arrival = ea.arrivals.get(0);
        assertThat(new String(arrival.bytes(), US_ASCII)).isEqualTo("over ipv6");
        assertThat(arrival.from().getAddress()).isInstanceOf(Inet6Address.class);
        assertThat(arrival.from().getPort()).isEqualTo(b.localAddress().getPort());
    }

    @Test
    void closeIsOrderlyReleasesBuffersAndEndsTheThread() throws Exception {
        UdpTransport a = open(false);
        UdpTransport b = open(false);
        int port = a.localAddress().getPort();
        assertThat(threadAlive(port)).isTrue();
        List<ByteBuf> sent = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            sent.add(numbered(i));
        }
        // A command queued before close runs before the final action, which runs before the
        // socket closes; what the final action sends is still flushed.
        List<String> order = new java.util.concurrent.CopyOnWriteArrayList<>();
        a.execute(() -> order.add("command"));
        a.close(() -> {
            order.add("final");
            for (ByteBuf d : sent) {
                a.send(b.localAddress(), d);
            }
        });
        assertThat(order).containsExactly("command", "final");
        assertThat(a.isClosed()).isTrue();
        // The loop has ended when close() returns; the thread itself is gone a moment later.
        awaitThreadGone(port);
        assertThat(sent).allMatch(d -> d.refCnt() == 0);
        TestEngine eb = engine(b);
        await("the final action's datagrams", () -> eb.received.get() == 50);

        // Idempotent, and nothing more is accepted.
        a.close();
        assertThatThrownBy(() -> a.execute(() -> { })).isInstanceOf(RejectedExecutionException.class);
        assertThatThrownBy(() -> a.submit(() -> 1).get(5, TimeUnit.SECONDS))
                .hasCauseInstanceOf(RejectedExecutionException.class);
        ByteBuf late = ascii("too late");
        a.send(b.localAddress(), late);
        assertThat(late.refCnt()).isZero();
        assertThat(a.counters().get(Counter.NET_SEND_AFTER_CLOSE)).isEqualTo(1);
    }

    @Test
    void closeReleasesDatagramsWrittenButNeverFlushed() throws Exception {
        UdpTransport a = open(false);
        UdpTransport b = open(false);
        ByteBuf[] unflushed = new ByteBuf[20];
        a.submit(() -> {
            for (int i = 0; i < unflushed.length; i++) {
                unflushed[i] = numbered(i);
                a.send(b.localAddress(), unflushed[i]);
            }
            // Closing on the loop thread starts the close and returns; the writes above are
            // flushed or released, never leaked.
            a.close();
            return null;
        }).get(5, TimeUnit.SECONDS);
        awaitThreadGone(a.localAddress().getPort());
        assertThat(unflushed).allMatch(d -> d.refCnt() == 0);
        assertThat(a.isClosed()).isTrue();
    }

    @Test
    void failedSendsAreCountedAndTheLoopGoesOn() throws Exception {
        UdpTransport a = open(false);
        UdpTransport b = open(true);
        int closedPort;
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            closedPort = s.getLocalPort();
        }
        // Nobody listens: the kernel answers with ICMP, which an unconnected socket ignores.
        ByteBuf toClosedPort = ascii("anyone?");
        // Broadcast without SO_BROADCAST: EACCES.
        ByteBuf toBroadcast = ascii("everyone?");
        // More than any UDP payload: EMSGSIZE.
        ByteBuf tooBig = Unpooled.buffer(70_000).writeZero(70_000);
        ByteBuf ok = ascii("after the failures");
        sendOnLoop(a, new InetSocketAddress("127.0.0.1", closedPort), toClosedPort);
        sendOnLoop(a, new InetSocketAddress("255.255.255.255", 7001), toBroadcast);
        sendOnLoop(a, b.localAddress(), tooBig);
        sendOnLoop(a, InetSocketAddress.createUnresolved("no.such.host.invalid", 7001), ascii("unresolved"));
        sendOnLoop(a, b.localAddress(), ok);
        TestEngine ea = engine(a);
        await("the echo after the failures", () -> ea.received.get() == 1);
        assertThat(new String(ea.arrivals.get(0).bytes(), US_ASCII)).isEqualTo("after the failures");
        await("failures counted", () -> a.counters().get(Counter.NET_SEND_FAILURES) >= 3);
        assertThat(List.of(toClosedPort, toBroadcast, tooBig, ok)).allMatch(d -> d.refCnt() == 0);
    }

    @Test
    void engineExceptionsAreCountedAndTheLoopGoesOn() throws Exception {
        UdpTransport a = open(false);
        UdpTransport b = open(true);
        engine(b).throwOnDatagram.set(1);
        sendOnLoop(a, b.localAddress(), ascii("first, thrown on"));
        await("the throw", () -> b.counters().get(Counter.ENGINE_CALLBACK_ERRORS) == 1);
        sendOnLoop(a, b.localAddress(), ascii("second"));
        TestEngine ea = engine(a);
        await("the echo", () -> ea.received.get() == 1);
        assertThat(new String(ea.arrivals.get(0).bytes(), US_ASCII)).isEqualTo("second");
    }

    @Test
    void datagramsLongerThanTheLimitAreDroppedAndCounted() throws Exception {
        UdpTransport a = open(false);
        UdpTransport b = open(UdpTransportConfig.defaults(LOOPBACK4).withMaxDatagramSize(100), false);
        sendOnLoop(a, b.localAddress(), Unpooled.buffer(101).writeZero(101));
        sendOnLoop(a, b.localAddress(), Unpooled.buffer(100).writeZero(100));
        TestEngine eb = engine(b);
        await("the short one", () -> eb.received.get() == 1);
        await("the long one counted", () -> b.counters().get(Counter.NET_RECEIVE_TRUNCATED) == 1);
        assertThat(eb.arrivals.get(0).bytes()).hasSize(100);
    }

    @Test
    void bindingATakenPortFailsAndLeavesNoThread() throws Exception {
        UdpTransport a = open(false);
        int port = a.localAddress().getPort();
        assertThatThrownBy(() -> UdpTransport.bind(
                UdpTransportConfig.defaults(a.localAddress()).withCloseTimeout(Duration.ofSeconds(2)),
                TICKER, new Counters(), tr -> new TestEngine(tr, false)))
                .isInstanceOf(IOException.class);
        // Only a's thread carries this port's name; the failed one was named for it too.
        await("the failed transport's thread to end", () -> Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals(UdpTransport.THREAD_NAME_PREFIX + port)).count() == 1);
    }

    @Test
    void theEngineIsMadeOnTheLoopThreadAfterBinding() throws Exception {
        String[] where = new String[1];
        InetSocketAddress[] address = new InetSocketAddress[1];
        Function<UdpTransport, Engine> factory = tr -> {
            where[0] = Thread.currentThread().getName();
            address[0] = tr.localAddress();
            return new TestEngine(tr, false);
        };
        UdpTransport t = UdpTransport.bind(UdpTransportConfig.defaults(LOOPBACK4), TICKER, new Counters(), factory);
        open.add(t);
        assertThat(where[0]).isEqualTo("rxrpc4j-io-" + t.localAddress().getPort());
        assertThat(address[0]).isEqualTo(t.localAddress());
    }
}
