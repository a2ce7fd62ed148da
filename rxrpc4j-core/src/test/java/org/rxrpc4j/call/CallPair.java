package org.rxrpc4j.call;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;
import org.rxrpc4j.config.RxConfig;
import org.rxrpc4j.env.Entropy;
import org.rxrpc4j.env.Environment;
import org.rxrpc4j.env.TimerQueue;
import org.rxrpc4j.peer.Peer;
import org.rxrpc4j.trace.Counters;
import org.rxrpc4j.wire.AbortBody;
import org.rxrpc4j.wire.AbortCodes;
import org.rxrpc4j.wire.AckBody;
import org.rxrpc4j.wire.AckReason;
import org.rxrpc4j.wire.AckTrailer;
import org.rxrpc4j.wire.DataBody;
import org.rxrpc4j.wire.DecodeException;
import org.rxrpc4j.wire.PacketType;
import org.rxrpc4j.wire.RxFlags;
import org.rxrpc4j.wire.RxHeader;
import org.rxrpc4j.wire.RxPacket;
import org.rxrpc4j.wire.SeqMath;

/**
 * Two calls, a client and a service, joined by fake {@link CallHost}s: every datagram a call
 * sends is recorded, passed through a deterministic {@link Script} (deliver, drop, duplicate,
 * delay), decoded and handed to the other call after a fixed one-way delay. Time is a manual
 * clock; each side has its own timer queue. A minimal connection stand-in answers packets for
 * a completed call as rx-protocol.md §6.6 says (client success: final ACK; failure: ABORT).
 *
 * <p>Both sides allocate from one {@link UnpooledByteBufAllocator}, so {@link #close()} can
 * prove that every buffer was released.
 */
final class CallPair implements AutoCloseable {

    enum Dir { TO_SERVICE, TO_CLIENT }

    enum Fate { DELIVER, DROP, DUPLICATE, DELAY }

    /** Decides each datagram's fate; {@code index} counts datagrams per direction from 0. */
    @FunctionalInterface
    interface Script {
        Fate fate(Dir dir, RxHeader header, int index, CallPair pair);
    }

    /** One datagram as sent, decoded (no buffers kept). */
    record Sent(Dir dir, long atNs, RxHeader header, AckBody ack, int abortCode, int dataLength,
            Fate fate, int dataHash) {
        boolean isData() {
            return header.type() == PacketType.DATA;
        }

        boolean isAck() {
            return header.type() == PacketType.ACK;
        }
    }

    static final int SERVICE_ID = 77;
    static final int EPOCH = 0x8000_1234;
    static final int CID = 0x0000_4440;
    static final long START_NS = 5_000_000_000L;

    final UnpooledByteBufAllocator alloc = new UnpooledByteBufAllocator(false);
    final RxConfig config;
    final long oneWayNs;
    final long extraDelayNs;
    long now = START_NS;
    Script script = (d, h, i, p) -> Fate.DELIVER;
    final List<Sent> sent = new ArrayList<>();
    final Side client;
    final Side server;
    private final PriorityQueue<InFlight> wire = new PriorityQueue<>();
    private final PriorityQueue<Task> tasks = new PriorityQueue<>();
    private long order;
    private final int[] counts = new int[2];

    /** What the service application does with a call (replaceable per test). */
    ServerApp serverApp;

    CallPair(RxConfig config, long oneWayNs) {
        this.config = config;
        this.oneWayNs = oneWayNs;
        this.extraDelayNs = 5 * oneWayNs + 1;
        this.client = new Side(true, new InetSocketAddress("10.0.0.2", 7000));
        this.server = new Side(false, new InetSocketAddress("10.0.0.1", 7001));
        this.serverApp = new ServerApp(new byte[0], 0);
    }

    /** Packet-level harness: one packet per datagram (no jumbograms), so each can be scripted. */
    CallPair() {
        this(RxConfig.defaults().withJumboMax(1), 500_000L);
    }

    // ------------------------------------------------------------------ sides

    final class Side implements CallHost {
        final boolean isClient;
        final TimerQueue<LongConsumer> timers = new TimerQueue<>();
        final Counters counters = new Counters();
        final EngineContext ctx;
        final Peer peer;
        int serial;
        Call call;
        final List<Call> completedCalls = new ArrayList<>();

        Side(boolean isClient, InetSocketAddress remote) {
            this.isClient = isClient;
            this.ctx = new EngineContext(alloc, timers, counters, config,
                    new Environment(() -> now, () -> 0L, Entropy.seeded(1)));
            this.peer = new Peer(remote, config);
        }

        @Override
        public int epoch() {
            return EPOCH;
        }

        @Override
        public int connectionId() {
            return CID;
        }

        @Override
        public int serviceId() {
            return SERVICE_ID;
        }

        @Override
        public int securityIndex() {
            return 0;
        }

        @Override
        public boolean isClient() {
            return isClient;
        }

        @Override
        public Peer peer() {
            return peer;
        }

        @Override
        public int nextSerial() {
            serial = SeqMath.nextSerial(serial);
            return serial;
        }

        @Override
        public void send(ByteBuf datagram) {
            transmit(isClient ? Dir.TO_SERVICE : Dir.TO_CLIENT, datagram);
        }

        @Override
        public void completed(Call c) {
            if (completedCalls.contains(c)) {
                throw new AssertionError("completed twice: " + c);
            }
            completedCalls.add(c);
        }

        Side other() {
            return this == client ? server : client;
        }
    }

    // ------------------------------------------------------------------ applications

    /** Client application: sends {@code request} with flow control, collects the reply. */
    final class ClientApp implements CallListener {
        final byte[] request;
        int offset;
        final ByteArrayOutputStream reply = new ByteArrayOutputStream();
        boolean eof;
        boolean reading = true;
        int completions;

        ClientApp(byte[] request) {
            this.request = request;
        }

        boolean finished;

        void pump(Call c) {
            while (!finished && c.state() == CallState.CLIENT_SEND_REQUEST) {
                int n = Math.min(request.length - offset, c.sendSpace());
                boolean last = offset + n == request.length;
                if (n == 0 && !last) {
                    return;
                }
                int taken = c.send(Unpooled.wrappedBuffer(request, offset, n), last, now);
                offset += taken;
                if (last && taken == n) {
                    finished = true;
                } else if (taken == 0) {
                    return;
                }
            }
        }

        void drain(Call c) {
            if (!reading) {
                return;
            }
            ByteBuf dst = Unpooled.buffer(8192);
            try {
                while (true) {
                    dst.clear();
                    int n = c.read(dst, now);
                    if (n < 0) {
                        eof = true;
                        return;
                    }
                    if (n == 0) {
                        return;
                    }
                    dst.readBytes(reply, n);
                }
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            } finally {
                dst.release();
            }
        }

        @Override
        public void onReadable(Call c) {
            drain(c);
        }

        @Override
        public void onWritable(Call c) {
            pump(c);
        }

        @Override
        public void onComplete(Call c) {
            completions++;
            drain(c);
        }
    }

    /** Service application: reads the whole request, then sends {@code reply} after a delay. */
    final class ServerApp implements CallListener {
        final byte[] reply;
        final long replyDelayNs;
        final ByteArrayOutputStream request = new ByteArrayOutputStream();
        boolean requestDone;
        boolean replyStarted;
        boolean neverReply;
        int offset;
        int completions;

        ServerApp(byte[] reply, long replyDelayNs) {
            this.reply = reply;
            this.replyDelayNs = replyDelayNs;
        }

        @Override
        public void onReadable(Call c) {
            ByteBuf dst = Unpooled.buffer(8192);
            try {
                while (!requestDone) {
                    dst.clear();
                    int n = c.read(dst, now);
                    if (n < 0) {
                        requestDone = true;
                        if (!neverReply) {
                            at(now + replyDelayNs, () -> startReply(c));
                        }
                    } else if (n == 0) {
                        return;
                    } else {
                        dst.readBytes(request, n);
                    }
                }
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            } finally {
                dst.release();
            }
        }

        void startReply(Call c) {
            if (c.state() == CallState.COMPLETE) {
                return;
            }
            replyStarted = true;
            pump(c);
        }

        boolean finished;

        void pump(Call c) {
            while (replyStarted && !finished && (c.state() == CallState.SERVER_ACK_REQUEST
                    || c.state() == CallState.SERVER_SEND_REPLY)) {
                int n = Math.min(reply.length - offset, c.sendSpace());
                boolean last = offset + n == reply.length;
                if (n == 0 && !last) {
                    return;
                }
                int taken = c.send(Unpooled.wrappedBuffer(reply, offset, n), last, now);
                offset += taken;
                if (last && taken == n) {
                    finished = true;
                } else if (taken == 0) {
                    return;
                }
            }
        }

        @Override
        public void onWritable(Call c) {
            pump(c);
        }

        @Override
        public void onComplete(Call c) {
            completions++;
        }
    }

    // ------------------------------------------------------------------ driving

    ClientApp startCall(byte[] request, byte[] reply) {
        return startCall(request, reply, 0);
    }

    ClientApp startCall(byte[] request, byte[] reply, long replyDelayNs) {
        serverApp = new ServerApp(reply, replyDelayNs);
        ClientApp app = new ClientApp(request);
        client.call = new Call(client, client.ctx, 0, 1, false, now);
        client.call.listener(app);
        app.pump(client.call);
        return app;
    }

    /** Runs a scheduled action at {@code atNs}. */
    void at(long atNs, Runnable action) {
        tasks.add(new Task(atNs, order++, action));
    }

    private void transmit(Dir dir, ByteBuf datagram) {
        RxPacket p;
        try {
            p = RxPacket.decode(datagram.duplicate());
        } catch (DecodeException e) {
            datagram.release();
            throw new AssertionError("call sent an undecodable packet", e);
        }
        int index = counts[dir.ordinal()]++;
        Fate fate = script.fate(dir, p.header(), index, this);
        AckBody ack = p.body() instanceof AckBody a ? a : null;
        int abort = p.body() instanceof AbortBody a ? a.code() : 0;
        int len = p.body() instanceof DataBody d ? d.length() : -1;
        int hash = p.body() instanceof DataBody d ? io.netty.buffer.ByteBufUtil.hashCode(d.payload()) : 0;
        sent.add(new Sent(dir, now, p.header(), ack, abort, len, fate, hash));
        switch (fate) {
            case DROP -> datagram.release();
            case DELIVER -> wire.add(new InFlight(now + oneWayNs, order++, dir, datagram));
            case DELAY -> wire.add(new InFlight(now + oneWayNs + extraDelayNs, order++, dir,
                    datagram));
            case DUPLICATE -> {
                wire.add(new InFlight(now + oneWayNs, order++, dir, datagram.retainedDuplicate()));
                wire.add(new InFlight(now + oneWayNs, order++, dir, datagram));
            }
        }
    }

    /** Injects a packet into a side as if it came from the other one. */
    void inject(Side to, RxPacket packet) {
        ByteBuf b = alloc.buffer(packet.encodedLength());
        packet.encode(b);
        try {
            deliver(to, b);
        } finally {
            b.release();
        }
    }

    private void deliver(Side to, ByteBuf datagram) {
        RxPacket p;
        try {
            p = RxPacket.decode(datagram);
        } catch (DecodeException e) {
            throw new AssertionError(e);
        }
        to.peer.onReceive(now);
        Call c = to.call;
        if (c == null) {
            if (!to.isClient && p.header().type() == PacketType.DATA && p.header().seq() == 1) {
                c = new Call(to, to.ctx, p.header().channel(), p.header().callNumber(), true, now);
                to.call = c;
                c.listener(serverApp);
            } else {
                return;
            }
        }
        if (c.state() == CallState.COMPLETE) {
            answerForCompleted(to, c, p);
            return;
        }
        c.receive(p, now);
    }

    /** The connection's cached final outcome (rx-protocol.md §6.6), minimal. */
    private void answerForCompleted(Side side, Call c, RxPacket trigger) {
        if (trigger.header().type() == PacketType.ABORT) {
            return;
        }
        Completion done = c.completion();
        int dirFlag = side.isClient ? RxFlags.CLIENT_INITIATED : 0;
        RxPacket out;
        if (!done.succeeded()) {
            int code = done.abortCode() != 0 ? done.abortCode() : AbortCodes.RX_CALL_DEAD;
            out = new RxPacket(header(side, PacketType.ABORT, dirFlag), new AbortBody(code));
        } else if (side.isClient) {
            int last = c.lastReceivedSeq();
            out = new RxPacket(header(side, PacketType.ACK, dirFlag | RxFlags.SLOW_START_OK),
                    new AckBody(0, 0, last + 1, last, trigger.header().serial(),
                            AckReason.DUPLICATE, new byte[0],
                            new AckTrailer(config.maxMtu(), config.ifMtu(), config.rxWindow(), config.jumboMax())));
        } else {
            return;
        }
        ByteBuf b = alloc.buffer(out.encodedLength());
        out.encode(b);
        side.send(b);
    }

    private RxHeader header(Side side, PacketType type, int flags) {
        return new RxHeader(EPOCH, CID, 1, 0, side.nextSerial(), type, flags, 0, 0, 0, SERVICE_ID);
    }

    /** Runs events until {@code done} holds or {@code limitNs} of virtual time passed. */
    boolean runUntil(BooleanSupplier done, long limitNs) {
        long end = now + limitNs;
        while (!done.getAsBoolean()) {
            long next = nextEventNs();
            if (next == Long.MAX_VALUE || next - end > 0) {
                now = Math.max(now, end);
                return done.getAsBoolean();
            }
            if (next - now > 0) {
                now = next;
            }
            step();
        }
        return true;
    }

    /** Runs everything due at the current time. */
    void step() {
        while (!wire.isEmpty() && wire.peek().atNs - now <= 0) {
            InFlight f = wire.poll();
            try {
                deliver(f.dir == Dir.TO_SERVICE ? server : client, f.datagram);
            } finally {
                f.datagram.release();
            }
        }
        while (!tasks.isEmpty() && tasks.peek().atNs - now <= 0) {
            tasks.poll().action.run();
        }
        client.timers.pollDue(now, t -> t.accept(now));
        server.timers.pollDue(now, t -> t.accept(now));
    }

    private long nextEventNs() {
        long next = Long.MAX_VALUE;
        if (!wire.isEmpty()) {
            next = Math.min(next, wire.peek().atNs);
        }
        if (!tasks.isEmpty()) {
            next = Math.min(next, tasks.peek().atNs);
        }
        if (!client.timers.isEmpty()) {
            next = Math.min(next, client.timers.nextDeadlineNs());
        }
        if (!server.timers.isEmpty()) {
            next = Math.min(next, server.timers.nextDeadlineNs());
        }
        return next;
    }

    boolean bothComplete() {
        return client.call != null && client.call.state() == CallState.COMPLETE
                && server.call != null && server.call.state() == CallState.COMPLETE;
    }

    List<Sent> sent(Dir dir, PacketType type) {
        List<Sent> out = new ArrayList<>();
        for (Sent s : sent) {
            if (s.dir == dir && s.header.type() == type) {
                out.add(s);
            }
        }
        return out;
    }

    /** Terminates what still runs, drops what is in flight, and returns the bytes still used. */
    long shutdownAndMeasure() {
        for (Side s : new Side[] {client, server}) {
            if (s.call != null) {
                s.call.terminate(CompletionType.LOCAL_ERROR, 0, "shutdown", now);
            }
        }
        while (!wire.isEmpty()) {
            wire.poll().datagram.release();
        }
        return alloc.metric().usedHeapMemory() + alloc.metric().usedDirectMemory();
    }

    @Override
    public void close() {
        long used = shutdownAndMeasure();
        if (used != 0) {
            throw new AssertionError("leaked " + used + " bytes");
        }
    }

    static byte[] bytes(int n, int seed) {
        byte[] b = new byte[n];
        int x = seed * 0x9E3779B9 + 1;
        for (int i = 0; i < n; i++) {
            x ^= x << 13;
            x ^= x >>> 17;
            x ^= x << 5;
            b[i] = (byte) x;
        }
        return b;
    }

    private record InFlight(long atNs, long order, Dir dir, ByteBuf datagram)
            implements Comparable<InFlight> {
        @Override
        public int compareTo(InFlight o) {
            long d = atNs - o.atNs;
            return d != 0 ? (d < 0 ? -1 : 1) : Long.compare(order, o.order);
        }
    }

    private record Task(long atNs, long order, Runnable action) implements Comparable<Task> {
        @Override
        public int compareTo(Task o) {
            long d = atNs - o.atNs;
            return d != 0 ? (d < 0 ? -1 : 1) : Long.compare(order, o.order);
        }
    }
}
