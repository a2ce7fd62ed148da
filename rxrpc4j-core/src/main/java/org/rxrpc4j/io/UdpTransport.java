package org.rxrpc4j.io;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.FastThreadLocalThread;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.rxrpc4j.env.Ticker;
import org.rxrpc4j.trace.Counter;
import org.rxrpc4j.trace.Counters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One local endpoint's UDP socket and its I/O loop: the kernel's per-endpoint I/O thread
 * (design §1.2). It owns one Netty event loop of one thread, named {@code rxrpc4j-io-<port>},
 * on which every {@link Engine} call, every command and every send happens.
 *
 * <p>The loop does three kinds of work, and after each batch of it flushes the datagrams the
 * engine wrote and re-arms one timer at {@link Engine#nextDeadlineNs()}:
 * <ul>
 *   <li>datagrams in: each goes to {@link Engine#onDatagram} with the time from the injected
 *       {@link Ticker}; a batch ends at Netty's read-complete event;</li>
 *   <li>the timer: {@link Engine#runDue} at or after the engine's deadline;</li>
 *   <li>commands from other threads: {@link #execute} and {@link #submit}, run in order.</li>
 * </ul>
 * {@link #send} only writes; the flush at the end of the batch hands the whole batch to the
 * kernel at once, so the native transport uses sendmmsg.
 *
 * <p>On Linux x86_64 the native epoll transport is used when it loads, with recvmmsg for
 * batched receive; NIO elsewhere, or when {@link UdpTransportConfig#forceNio()} or the system
 * property {@value #FORCE_NIO_PROPERTY} asks for it.
 *
 * <p>Failures never reach the engine as exceptions: failed sends and receive errors are counted
 * in the {@link Counters} given to {@link #bind} ({@code NET_*}), and exceptions from the engine
 * are logged and counted ({@code ENGINE_CALLBACK_ERRORS}) without stopping the loop.
 */
public final class UdpTransport implements DatagramSink, AutoCloseable {

    /** Set to {@code true} to use NIO even where native epoll is available. */
    public static final String FORCE_NIO_PROPERTY = "rxrpc4j.io.forceNio";

    /** Loop threads are named this followed by the bound port. */
    public static final String THREAD_NAME_PREFIX = "rxrpc4j-io-";

    private static final Logger log = LoggerFactory.getLogger(UdpTransport.class);

    /** Commands run per turn before the loop lets I/O in again, so a flood of them cannot starve reads. */
    private static final int MAX_COMMANDS_PER_DRAIN = 1024;

    /** How long the loop waits after an engine reports a deadline it was already run for (a bug). */
    private static final long STALE_DEADLINE_BACKOFF_NS = TimeUnit.MILLISECONDS.toNanos(1);

    /** Graceful shutdown's quiet period: long enough for tasks queued by the close itself. */
    private static final long SHUTDOWN_QUIET_MS = 10;

    private static final int OPEN = 0;
    private static final int CLOSING = 1;
    private static final int CLOSED = 2;

    private final UdpTransportConfig config;
    private final Ticker ticker;
    private final Counters counters;
    private final EventLoopGroup group;
    private final boolean epoll;
    private final AtomicInteger state = new AtomicInteger(OPEN);
    private final Queue<Runnable> commands = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final Runnable drainTask = this::drainCommands;
    private final Runnable timerTask = this::onTimer;
    private final ChannelFutureListener sendListener = this::onSendComplete;

    private DatagramChannel channel;
    private EventLoop loop;
    private InetSocketAddress localAddress;

    // Loop-thread state from here on.
    private Engine engine;
    /** Something was written since the last flush. */
    private boolean pendingFlush;
    /** The final action of close() has run: no more commands, sends or timers. */
    private boolean finished;
    private ScheduledFuture<?> timer;
    private long armedDeadline;
    private boolean ranDue;
    private long lastRunDueNs;

    private UdpTransport(UdpTransportConfig config, Ticker ticker, Counters counters, EventLoopGroup group,
            boolean epoll) {
        this.config = config;
        this.ticker = ticker;
        this.counters = counters;
        this.group = group;
        this.epoll = epoll;
    }

    /**
     * Binds a socket, starts its loop thread and creates the engine on it.
     *
     * <p>Must not be called on another transport's loop thread, because it waits for the bind.
     *
     * @param config the address and socket settings
     * @param ticker the clock every {@code nowNs} given to the engine is read from
     * @param counters where the transport counts what it saw ({@code NET_*}); may be the
     *     engine's own
     * @param engineFactory makes the engine, on the loop thread, once the socket is bound (so it
     *     can ask for {@link #localAddress()}); the transport is the engine's {@link DatagramSink}
     * @return the running transport; datagrams are read only once the engine exists
     * @throws IOException if the socket cannot be bound (e.g. the port is taken)
     */
    public static UdpTransport bind(UdpTransportConfig config, Ticker ticker, Counters counters,
            Function<? super UdpTransport, ? extends Engine> engineFactory) throws IOException {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(ticker, "ticker");
        Objects.requireNonNull(counters, "counters");
        Objects.requireNonNull(engineFactory, "engineFactory");
        boolean useEpoll = !config.forceNio() && !Boolean.getBoolean(FORCE_NIO_PROPERTY) && Epoll.isAvailable();
        int requestedPort = config.bindAddress().getPort();
        // The port may still be 0 here; the thread is renamed once the socket is bound.
        ThreadFactory threads = r -> {
            Thread t = new FastThreadLocalThread(r, THREAD_NAME_PREFIX + requestedPort);
            t.setDaemon(true);
            return t;
        };
        IoHandlerFactory handler = useEpoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, threads, handler);
        UdpTransport transport = new UdpTransport(config, ticker, counters, group, useEpoll);
        try {
            transport.start(engineFactory);
            return transport;
        } catch (IOException | RuntimeException | Error e) {
            transport.abortStart();
            throw e;
        }
    }

    private void start(Function<? super UdpTransport, ? extends Engine> engineFactory) throws IOException {
        SocketProtocolFamily family = config.bindAddress().getAddress() instanceof Inet6Address
                ? SocketProtocolFamily.INET6 : SocketProtocolFamily.INET;
        int slot = config.maxDatagramSize() + 1; // one spare byte tells a truncated datagram apart
        int readBuffer = epoll ? slot * config.receiveBatch() : slot;
        FixedRecvByteBufAllocator recvAlloc = new FixedRecvByteBufAllocator(readBuffer);
        recvAlloc.maxMessagesPerRead(config.maxDatagramsPerRead());
        int limit = config.sendQueueLimitBytes();
        Bootstrap b = new Bootstrap()
                .group(group)
                .channelFactory((io.netty.channel.ChannelFactory<DatagramChannel>) () -> epoll
                        ? new EpollDatagramChannel(family) : new NioDatagramChannel(family))
                .option(ChannelOption.SO_RCVBUF, config.receiveBufferBytes())
                .option(ChannelOption.SO_SNDBUF, config.sendBufferBytes())
                .option(ChannelOption.ALLOCATOR, config.allocator())
                .option(ChannelOption.RECVBUF_ALLOCATOR, recvAlloc)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(limit / 2, limit))
                // Nothing is read before the engine exists to take it.
                .option(ChannelOption.AUTO_READ, false)
                .handler(new Inbound());
        if (epoll && config.receiveBatch() > 1) {
            // With a payload size set and a read buffer several times as large, Netty's epoll
            // channel reads with recvmmsg, one datagram per slot.
            b.option(EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, slot);
        }
        long timeoutMs = Math.max(1, config.closeTimeout().toMillis());
        ChannelFuture bound = b.bind(config.bindAddress());
        if (!bound.awaitUninterruptibly(timeoutMs)) {
            throw new IOException("timed out binding " + config.bindAddress());
        }
        if (!bound.isSuccess()) {
            Throwable cause = bound.cause();
            if (cause instanceof IOException io) {
                throw io;
            }
            throw new IOException("cannot bind " + config.bindAddress() + ": " + cause, cause);
        }
        channel = (DatagramChannel) bound.channel();
        loop = channel.eventLoop();
        localAddress = channel.localAddress();
        group.terminationFuture().addListener(f -> onTerminated());
        Future<?> installed = loop.submit(() -> {
            Thread.currentThread().setName(THREAD_NAME_PREFIX + localAddress.getPort());
            engine = Objects.requireNonNull(engineFactory.apply(this), "engineFactory returned null");
            channel.config().setAutoRead(true);
            afterWork();
        });
        if (!installed.awaitUninterruptibly(timeoutMs)) {
            throw new IOException("timed out creating the engine for " + localAddress);
        }
        if (!installed.isSuccess()) {
            Throwable cause = installed.cause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IOException("engine factory failed", cause);
        }
        log.debug("bound {} ({})", localAddress, transportName());
    }

    /** Undoes a failed {@link #start}: closes whatever opened and stops the thread. */
    private void abortStart() {
        state.set(CLOSING);
        if (channel != null) {
            channel.close().awaitUninterruptibly(config.closeTimeout().toMillis());
        }
        group.shutdownGracefully(0, config.closeTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .awaitUninterruptibly(config.closeTimeout().toMillis());
    }

    /** @return the address the socket is bound to, with the real port when 0 was asked for */
    public InetSocketAddress localAddress() {
        return localAddress;
    }

    /** @return whether the native epoll transport is in use (else NIO) */
    public boolean isEpoll() {
        return epoll;
    }

    /** @return {@code "epoll"} or {@code "nio"} */
    public String transportName() {
        return epoll ? "epoll" : "nio";
    }

    /** @return the allocator the transport reads into; engines may allocate their packets from it too */
    public ByteBufAllocator allocator() {
        return config.allocator();
    }

    /** @return the counters the transport bumps */
    public Counters counters() {
        return counters;
    }

    /** @return the settings the transport was bound with */
    public UdpTransportConfig config() {
        return config;
    }

    /** @return whether the calling thread is this transport's loop thread */
    public boolean inLoop() {
        return loop.inEventLoop();
    }

    /** @return whether {@link #close} has been called */
    public boolean isClosed() {
        return state.get() != OPEN;
    }

    /**
     * Writes one datagram; it goes out with the flush at the end of the current batch of loop
     * work. Meant for the loop thread (the engine's sink); from any other thread the send is
     * handed to the loop as a command. Never throws for network reasons: a datagram that cannot
     * be sent is released and counted ({@code NET_SEND_FAILURES}, {@code
     * NET_SEND_DROPPED_QUEUE_FULL}, {@code NET_SEND_AFTER_CLOSE}).
     *
     * @param to the destination
     * @param datagram the payload; ownership passes to the transport
     */
    @Override
    public void send(InetSocketAddress to, ByteBuf datagram) {
        if (!loop.inEventLoop()) {
            try {
                execute(() -> send(to, datagram));
            } catch (RejectedExecutionException e) {
                datagram.release();
                counters.inc(Counter.NET_SEND_AFTER_CLOSE);
            }
            return;
        }
        if (finished || !channel.isActive()) {
            datagram.release();
            counters.inc(Counter.NET_SEND_AFTER_CLOSE);
            return;
        }
        if (!channel.isWritable()) {
            // The kernel is not taking datagrams as fast as the engine makes them; dropping is
            // what a full UDP socket does, and keeps the queue bounded. Rx will resend.
            datagram.release();
            counters.inc(Counter.NET_SEND_DROPPED_QUEUE_FULL);
            return;
        }
        channel.write(new DatagramPacket(datagram, to)).addListener(sendListener);
        pendingFlush = true;
    }

    private void onSendComplete(ChannelFuture f) {
        if (!f.isSuccess()) {
            // Netty has released the datagram. EMSGSIZE, EACCES (broadcast), ENETUNREACH and the
            // like are facts about one destination, not about the socket: count and go on.
            counters.inc(Counter.NET_SEND_FAILURES);
            log.debug("send failed on {}: {}", localAddress, f.cause().toString());
        }
    }

    /**
     * Runs {@code command} on the loop thread, after the commands submitted before it; then the
     * loop flushes what was sent and re-arms its timer. An exception from the command is logged
     * and counted. Safe from any thread, including the loop thread (the command then runs later,
     * not inline).
     *
     * @throws RejectedExecutionException if the transport is closed or closing
     */
    public void execute(Runnable command) {
        Objects.requireNonNull(command, "command");
        if (state.get() != OPEN) {
            throw new RejectedExecutionException("transport " + localAddress + " is closed");
        }
        enqueue(command);
    }

    /**
     * Runs {@code task} on the loop thread like {@link #execute} and completes the returned
     * future with its result or exception.
     *
     * @return the task's outcome; failed with {@link RejectedExecutionException} if the
     *     transport is closed before the task runs
     */
    public <T> CompletableFuture<T> submit(Callable<T> task) {
        Objects.requireNonNull(task, "task");
        Submitted<T> s = new Submitted<>(task);
        try {
            execute(s);
        } catch (RejectedExecutionException e) {
            s.future.completeExceptionally(e);
        }
        return s.future;
    }

    private void enqueue(Runnable command) {
        commands.add(command);
        if (state.get() == CLOSED) {
            // The loop is gone; nobody else will ever look at this command.
            rejectLeftovers();
            return;
        }
        scheduleDrain();
    }

    private void scheduleDrain() {
        if (drainScheduled.compareAndSet(false, true)) {
            try {
                loop.execute(drainTask);
            } catch (RejectedExecutionException e) {
                drainScheduled.set(false);
                rejectLeftovers();
            }
        }
    }

    private void drainCommands() {
        // Cleared before polling, so that a command added meanwhile schedules another drain.
        drainScheduled.set(false);
        int n = 0;
        Runnable c;
        while (n < MAX_COMMANDS_PER_DRAIN && (c = commands.poll()) != null) {
            n++;
            if (c instanceof CloseCommand close) {
                close.runOnLoop();
            } else if (finished) {
                reject(c);
            } else if (c instanceof Submitted<?> s) {
                s.run();
            } else {
                try {
                    c.run();
                } catch (Throwable t) {
                    engineFailed("a command", t);
                }
            }
        }
        if (!commands.isEmpty()) {
            scheduleDrain();
        }
        afterWork();
    }

    /**
     * Closes the transport with no final action; see {@link #close(Runnable)}.
     */
    @Override
    public void close() {
        close(null);
    }

    /**
     * Closes the transport in order: commands submitted before run first, then {@code
     * finalAction} (typically the engine's shutdown, which may still send, e.g. ABORTs), then a
     * last flush; then the socket closes, the timer is cancelled and the loop thread ends.
     * Datagrams still queued in the socket are released; commands submitted later are rejected.
     *
     * <p>Idempotent: later calls do not run their final action, but wait like the first. Safe
     * from any thread. From any thread but the loop's, it waits (at most
     * {@link UdpTransportConfig#closeTimeout()}) until the loop thread has ended. Called on the
     * loop thread itself (from an engine callback or a command), it cannot wait for its own
     * thread: it starts the close, which happens once the current work is done, and returns.
     *
     * @param finalAction run on the loop thread before the socket closes; may be null
     */
    public void close(Runnable finalAction) {
        if (state.compareAndSet(OPEN, CLOSING)) {
            commands.add(new CloseCommand(finalAction));
            scheduleDrain();
        }
        if (!loop.inEventLoop()) {
            long ms = config.closeTimeout().toMillis();
            if (!group.terminationFuture().awaitUninterruptibly(ms)) {
                // A stuck engine callback, most likely. Ask once more, without waiting for it.
                log.warn("{} loop did not end within {} ms", localAddress, ms);
                group.shutdownGracefully(0, ms, TimeUnit.MILLISECONDS);
            }
        }
    }

    /** Runs once the loop thread has ended, on whichever thread saw it. */
    private void onTerminated() {
        state.set(CLOSED);
        rejectLeftovers();
    }

    private void rejectLeftovers() {
        Runnable c;
        while ((c = commands.poll()) != null) {
            reject(c);
        }
    }

    private static void reject(Runnable c) {
        if (c instanceof Submitted<?> s) {
            s.future.completeExceptionally(new RejectedExecutionException("transport closed"));
        } else {
            log.debug("dropping a command submitted while the transport closed");
        }
    }

    /** End of every batch of loop work: hand what was written to the kernel, then re-arm. */
    private void afterWork() {
        if (pendingFlush) {
            pendingFlush = false;
            channel.flush();
        }
        rearm();
    }

    /**
     * Arms the one timer at the engine's next deadline. Keeps the armed timer when the deadline
     * has not moved, since cancelling and scheduling on every datagram would churn the loop's
     * task queue for nothing.
     */
    private void rearm() {
        if (engine == null || finished) {
            return;
        }
        long deadline;
        try {
            deadline = engine.nextDeadlineNs();
        } catch (Throwable t) {
            engineFailed("nextDeadlineNs", t);
            return;
        }
        if (timer != null && deadline == armedDeadline) {
            return;
        }
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
        if (deadline == Long.MAX_VALUE) {
            return;
        }
        long delay = deadline - ticker.nanoTime();
        if (ranDue && deadline - lastRunDueNs <= 0) {
            // The engine was already run at or after this deadline and still reports it: a bug
            // in the engine. Running it again at once would spin the loop, so wait a little.
            counters.inc(Counter.ENGINE_STALE_DEADLINE);
            delay = Math.max(delay, STALE_DEADLINE_BACKOFF_NS);
        }
        // A deadline in the past runs on the loop's next turn, after pending I/O.
        timer = loop.schedule(timerTask, Math.max(0, delay), TimeUnit.NANOSECONDS);
        armedDeadline = deadline;
    }

    private void onTimer() {
        timer = null;
        if (engine == null || finished) {
            return;
        }
        long now = ticker.nanoTime();
        if (armedDeadline - now > 0) {
            // Netty's clock and the injected ticker disagree (a test ticker, say): not yet due
            // on the engine's clock, so wait the rest.
            rearm();
            return;
        }
        try {
            engine.runDue(now);
        } catch (Throwable t) {
            engineFailed("runDue", t);
        }
        ranDue = true;
        lastRunDueNs = now;
        afterWork();
    }

    private void engineFailed(String what, Throwable t) {
        if (t instanceof VirtualMachineError vme) {
            throw vme;
        }
        counters.inc(Counter.ENGINE_CALLBACK_ERRORS);
        log.error("{}: {} threw; the I/O loop goes on", localAddress, what, t);
    }

    /** Datagrams from the socket to the engine. */
    private final class Inbound extends ChannelInboundHandlerAdapter {

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (!(msg instanceof DatagramPacket packet)) {
                ReferenceCountUtil.release(msg);
                return;
            }
            counters.inc(Counter.NET_DATAGRAMS_RECEIVED);
            ByteBuf content = packet.content();
            int length = content.readableBytes();
            if (length > config.maxDatagramSize() || engine == null || finished) {
                // The read slot is one byte larger than the largest datagram, so a datagram
                // that filled it was cut short by the kernel: useless to the engine.
                if (length > config.maxDatagramSize()) {
                    counters.inc(Counter.NET_RECEIVE_TRUNCATED);
                }
                packet.release();
                return;
            }
            ByteBuf datagram;
            if (config.copyReceivedDatagrams()) {
                datagram = config.allocator().buffer(length);
                datagram.writeBytes(content, content.readerIndex(), length);
                packet.release();
            } else {
                datagram = content;
            }
            try {
                engine.onDatagram(packet.sender(), datagram, ticker.nanoTime());
            } catch (Throwable t) {
                // Whether the engine released the datagram is unknown; releasing it here could
                // free it twice. The leak detector reports it if it did not.
                engineFailed("onDatagram", t);
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            counters.inc(Counter.NET_READ_BATCHES);
            afterWork();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // A failed receive (e.g. an ICMP error surfacing on the socket) concerns one
            // datagram; the socket goes on. Never close the channel for it.
            counters.inc(Counter.NET_RECEIVE_ERRORS);
            log.debug("receive error on {}: {}", localAddress, cause.toString());
        }
    }

    /** The last command: the final action, a last flush, then the socket and the thread go. */
    private final class CloseCommand implements Runnable {
        private final Runnable finalAction;

        CloseCommand(Runnable finalAction) {
            this.finalAction = finalAction;
        }

        @Override
        public void run() {
            runOnLoop();
        }

        void runOnLoop() {
            if (finalAction != null) {
                try {
                    finalAction.run();
                } catch (Throwable t) {
                    engineFailed("the final action", t);
                }
            }
            if (pendingFlush) {
                pendingFlush = false;
                channel.flush();
            }
            finished = true;
            if (timer != null) {
                timer.cancel(false);
                timer = null;
            }
            // Closing releases whatever the kernel did not take from the outbound queue.
            channel.close();
            long ms = config.closeTimeout().toMillis();
            group.shutdownGracefully(Math.min(SHUTDOWN_QUIET_MS, ms), ms, TimeUnit.MILLISECONDS);
        }
    }

    /** A {@link #submit} task: its outcome goes to its future, not to the log. */
    private static final class Submitted<T> implements Runnable {
        private final Callable<T> task;
        final CompletableFuture<T> future = new CompletableFuture<>();

        Submitted(Callable<T> task) {
            this.task = task;
        }

        @Override
        public void run() {
            try {
                future.complete(task.call());
            } catch (Throwable t) {
                future.completeExceptionally(t);
            }
        }
    }
}
