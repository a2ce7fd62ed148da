package org.rxrpc4j;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongConsumer;
import org.rxrpc4j.call.Call;
import org.rxrpc4j.call.CallListener;
import org.rxrpc4j.call.CallState;
import org.rxrpc4j.env.TimerQueue;
import org.rxrpc4j.wire.AbortCodes;

/**
 * One Rx call, client or service side, with blocking streaming I/O: {@link #write} sends this
 * side's data, {@link #finishSending()} ends it, {@link #read} takes the peer's data, and
 * {@link #awaitCompletion()} waits for the end. Reads and writes block like a socket's and are
 * safe on virtual threads (no monitor is held while waiting). One thread may read while another
 * writes; each direction is meant for one thread at a time.
 *
 * <p>A client call sends its whole request first and then reads the reply; a service call reads
 * the whole request first and then writes the reply. A call that fails makes reads and writes
 * throw an {@link RxCallException} carrying its {@link RxCompletion}; data that arrived before
 * the failure is still read first.
 *
 * <p>Close a call when done with it: {@link #close()} aborts it with {@code RX_USER_ABORT} if it
 * is still running and releases what it still buffers.
 */
public final class RxCall implements AutoCloseable {

    /** Received bytes handed to the reader before the engine holds the rest back. */
    static final int IN_LIMIT = 256 * 1024;
    /** Bytes a writer may have queued that the engine has not taken yet. */
    static final int OUT_LIMIT = 256 * 1024;
    /** Largest buffer one write is cut into. */
    private static final int OUT_CHUNK = 64 * 1024;

    private final EndpointCore endpoint;
    /** Set at construction for a client call, on attach for a service call. */
    private volatile InetSocketAddress peer;
    private final int serviceId;
    private final boolean service;
    private final CallOptions options;
    private final Listener listener = new Listener();

    // ---- engine thread only
    private Call call;
    private final ArrayDeque<ByteBuf> engineOut = new ArrayDeque<>();
    private boolean lastSent;
    private boolean discard;
    private TimerQueue.Entry<LongConsumer> hardTimer;

    // ---- shared, under lock
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<ByteBuf> in = new ArrayDeque<>();
    private int inBytes;
    private boolean eof;
    private boolean refillScheduled;
    private final ArrayDeque<ByteBuf> out = new ArrayDeque<>();
    private long outPending;
    private long written;
    private boolean finishRequested;
    private boolean pumpScheduled;
    private boolean closed;
    private RxCompletion completion;
    private final CompletableFuture<RxCompletion> done = new CompletableFuture<>();

    RxCall(EndpointCore endpoint, InetSocketAddress peer, int serviceId, boolean service, CallOptions options) {
        this.endpoint = endpoint;
        this.peer = peer;
        this.serviceId = serviceId;
        this.service = service;
        this.options = options;
    }

    // =============================================================== identity and outcome

    /** @return the peer's address */
    public InetSocketAddress peer() {
        return peer;
    }

    /** @return the Rx service ID of the call */
    public int serviceId() {
        return serviceId;
    }

    /** @return whether this is the service side of the call */
    public boolean isService() {
        return service;
    }

    /** @return the user call ID given in the call's options (0 if none) */
    public long userCallId() {
        return options.userCallId();
    }

    /** @return the options of the call */
    public CallOptions options() {
        return options;
    }

    /** @return how the call ended, or {@code null} while it runs */
    public RxCompletion completion() {
        lock.lock();
        try {
            return completion;
        } finally {
            lock.unlock();
        }
    }

    /** @return whether the call has ended */
    public boolean isComplete() {
        return completion() != null;
    }

    /**
     * @return a future completed, off the endpoint's I/O thread, with the call's completion (it
     *     never completes exceptionally)
     */
    public CompletableFuture<RxCompletion> onCompletion() {
        return done.thenApplyAsync(c -> c, endpoint.callbacks());
    }

    /**
     * Waits until the call has ended.
     *
     * @return how it ended
     * @throws InterruptedIOException if the thread is interrupted while waiting
     */
    public RxCompletion awaitCompletion() throws InterruptedIOException {
        lock.lock();
        try {
            while (completion == null) {
                awaitChange();
            }
            return completion;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits at most {@code timeout} for the call to end.
     *
     * @return how it ended, or {@code null} if it was still running when the time ran out
     * @throws InterruptedIOException if the thread is interrupted while waiting
     */
    public RxCompletion awaitCompletion(Duration timeout) throws InterruptedIOException {
        long left = timeout.toNanos();
        lock.lock();
        try {
            while (completion == null && left > 0) {
                try {
                    left = changed.awaitNanos(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted waiting for call completion");
                }
            }
            return completion;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until the call has ended and throws if it did not succeed.
     *
     * @throws RxCallException if the call failed, with its completion
     * @throws InterruptedIOException if the thread is interrupted while waiting
     */
    public void awaitSuccess() throws IOException {
        RxCompletion c = awaitCompletion();
        if (!c.succeeded()) {
            throw c.toException();
        }
    }

    // =============================================================== sending

    /**
     * Sends bytes, blocking while the call's transmit buffer is full.
     *
     * @throws RxCallException if the call has failed
     * @throws IllegalStateException if this side has already ended its data, or the bytes exceed
     *     the call's transmit length
     * @throws InterruptedIOException if the thread is interrupted while blocked
     */
    public void write(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        write(Unpooled.wrappedBuffer(b, off, len));
    }

    /** Sends all of {@code b}; see {@link #write(byte[], int, int)}. */
    public void write(byte[] b) throws IOException {
        write(b, 0, b.length);
    }

    /** Sends the remaining bytes of {@code src}; see {@link #write(byte[], int, int)}. */
    public void write(ByteBuffer src) throws IOException {
        ByteBuf b = Unpooled.wrappedBuffer(src.duplicate());
        int n = b.readableBytes();
        write(b);
        src.position(src.position() + n);
    }

    private void write(ByteBuf src) throws IOException {
        int len = src.readableBytes();
        lock.lock();
        try {
            requireWritable();
            long limit = options.transmitLength();
            if (limit >= 0 && written + len > limit) {
                throw new IllegalStateException("writing " + len + " bytes exceeds the call's transmit length of "
                        + limit + " (" + written + " written)");
            }
            while (src.isReadable()) {
                if (completion != null) {
                    throw failureOrEnded();
                }
                if (outPending >= OUT_LIMIT) {
                    awaitChange();
                    continue;
                }
                int n = (int) Math.min(src.readableBytes(), Math.min(OUT_CHUNK, OUT_LIMIT - outPending));
                ByteBuf chunk = endpoint.allocator().heapBuffer(n, n);
                chunk.writeBytes(src, n);
                out.add(chunk);
                outPending += n;
                written += n;
                if (limit >= 0 && written == limit) {
                    finishRequested = true;
                }
                schedulePumpLocked();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Ends this side's data: the last packet goes out marked LAST. Idempotent. With nothing
     * written, this sends an empty request or reply.
     *
     * @throws RxCallException if the call has failed
     * @throws IllegalStateException if a transmit length was set and fewer bytes were written
     */
    public void finishSending() throws IOException {
        lock.lock();
        try {
            if (finishRequested) {
                return;
            }
            if (completion != null) {
                throw failureOrEnded();
            }
            long limit = options.transmitLength();
            if (limit >= 0 && written != limit) {
                throw new IllegalStateException("only " + written + " of the call's transmit length of "
                        + limit + " bytes were written");
            }
            finishRequested = true;
            schedulePumpLocked();
        } finally {
            lock.unlock();
        }
    }

    /** @return an output stream over {@link #write}; closing it calls {@link #finishSending()} */
    public OutputStream outputStream() {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                RxCall.this.write(new byte[] {(byte) b});
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                RxCall.this.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                finishSending();
            }
        };
    }

    private void requireWritable() throws IOException {
        if (closed) {
            throw new IllegalStateException("the call is closed");
        }
        if (finishRequested) {
            throw new IllegalStateException("this side of the call has already ended its data");
        }
        if (completion != null) {
            throw failureOrEnded();
        }
    }

    private IOException failureOrEnded() {
        if (completion.succeeded()) {
            throw new IllegalStateException("the call has already completed");
        }
        return completion.toException();
    }

    // =============================================================== receiving

    /**
     * Reads the peer's data, blocking until some is there.
     *
     * @return the number of bytes read, or -1 once all of the peer's data has been read
     * @throws RxCallException if the call failed (after the data that came before the failure)
     * @throws InterruptedIOException if the thread is interrupted while blocked
     */
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        boolean refill = false;
        int n;
        lock.lock();
        try {
            if (closed) {
                throw new IllegalStateException("the call is closed");
            }
            while (true) {
                ByteBuf head = in.peekFirst();
                if (head != null) {
                    n = Math.min(len, head.readableBytes());
                    head.readBytes(b, off, n);
                    if (!head.isReadable()) {
                        in.pollFirst().release();
                    }
                    inBytes -= n;
                    if (!eof && !refillScheduled && inBytes <= IN_LIMIT / 2) {
                        refillScheduled = true;
                        refill = true;
                    }
                    break;
                }
                if (completion != null && !completion.succeeded()) {
                    throw completion.toException();
                }
                if (eof) {
                    return -1;
                }
                awaitChange();
            }
        } finally {
            lock.unlock();
        }
        if (refill) {
            endpoint.execute(this::pumpIn);
        }
        return n;
    }

    /** Reads into all of {@code b}; see {@link #read(byte[], int, int)}. */
    public int read(byte[] b) throws IOException {
        return read(b, 0, b.length);
    }

    /**
     * Reads exactly {@code b.length} bytes.
     *
     * @throws java.io.EOFException if the peer's data ends first
     */
    public void readFully(byte[] b) throws IOException {
        int done = 0;
        while (done < b.length) {
            int n = read(b, done, b.length - done);
            if (n < 0) {
                throw new java.io.EOFException("the peer's data ended after " + done + " of " + b.length + " bytes");
            }
            done += n;
        }
    }

    /**
     * Reads all the peer's remaining data.
     *
     * @param maxBytes the most this will collect
     * @throws IOException if there is more than {@code maxBytes}, or the call failed
     */
    public byte[] readAll(int maxBytes) throws IOException {
        ByteBuf acc = Unpooled.buffer(Math.min(maxBytes, 4096), Math.max(maxBytes, 1));
        byte[] tmp = new byte[16 * 1024];
        int n;
        while ((n = read(tmp, 0, tmp.length)) >= 0) {
            if (acc.readableBytes() + n > maxBytes) {
                throw new IOException("the peer sent more than " + maxBytes + " bytes");
            }
            acc.writeBytes(tmp, 0, n);
        }
        byte[] all = new byte[acc.readableBytes()];
        acc.readBytes(all);
        return all;
    }

    /**
     * Discards the peer's remaining data.
     *
     * @return how many bytes were discarded
     * @throws RxCallException if the call failed
     */
    public long skipAll() throws IOException {
        byte[] tmp = new byte[64 * 1024];
        long total = 0;
        int n;
        while ((n = read(tmp, 0, tmp.length)) >= 0) {
            total += n;
        }
        return total;
    }

    /** @return an input stream over {@link #read} */
    public InputStream inputStream() {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                int n = RxCall.this.read(one, 0, 1);
                return n < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return RxCall.this.read(b, off, len);
            }
        };
    }

    // =============================================================== ending

    /**
     * Aborts the call with an Rx abort code: the peer receives an ABORT, and the call completes
     * as {@link RxCompletion.Type#LOCALLY_ABORTED}. No-op once the call has ended.
     */
    public void abort(int code) {
        abort(code, "aborted by the application");
    }

    /** Aborts the call with a code and a reason for logs; see {@link #abort(int)}. */
    public void abort(int code, String why) {
        Objects.requireNonNull(why, "why");
        endpoint.execute(() -> {
            if (call != null) {
                call.abort(code, why, endpoint.nowNs());
            }
        });
    }

    /**
     * Releases the call: aborts it with {@code RX_USER_ABORT} if it is still running, and drops
     * whatever of the peer's data was not read. Idempotent.
     */
    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            releaseAll(in);
            inBytes = 0;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        endpoint.execute(this::closeOnLoop);
    }

    private void awaitChange() throws InterruptedIOException {
        try {
            changed.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted in a call to " + peer + " service " + serviceId);
        }
    }

    private void schedulePumpLocked() {
        if (!pumpScheduled) {
            pumpScheduled = true;
            endpoint.execute(this::pumpOut);
        }
    }

    // =============================================================== engine thread

    /** The listener to give the engine for this call. */
    CallListener listener() {
        return listener;
    }

    /** Binds the engine's call (engine thread); starts the hard timer. */
    void attach(Call c, long nowNs) {
        this.call = c;
        if (peer == null) {
            peer = c.host().peer().address();
        }
        hardTimer = HardTimeout.arm(endpoint, c, options, nowNs);
        pumpIn();
        pumpOut();
    }

    /** The call could not be made (engine thread). */
    void failToStart(String why) {
        completeWith(new RxCompletion(RxCompletion.Type.LOCAL_ERROR, 0, why));
        dropPendingOutput(); // what the application wrote before it heard
    }

    /** The handler is done with a service call: drop unread data from now on (engine thread). */
    void abandon() {
        lock.lock();
        try {
            releaseAll(in);
            inBytes = 0;
        } finally {
            lock.unlock();
        }
        discard = true;
        pumpIn();
        if (call != null) {
            releaseIfDone();
        }
    }

    private void pumpIn() {
        lock.lock();
        int room;
        boolean dropping;
        try {
            refillScheduled = false;
            dropping = closed || discard;
            room = IN_LIMIT - inBytes;
        } finally {
            lock.unlock();
        }
        if (call == null) {
            return;
        }
        long now = endpoint.nowNs();
        ArrayDeque<ByteBuf> got = null;
        int gotBytes = 0;
        boolean end = false;
        if (dropping) {
            // nobody will read: consume without copying
            call.skip(Long.MAX_VALUE, now);
            end = call.read(Unpooled.EMPTY_BUFFER, now) < 0;
            room = 0;
        }
        while (room > 0) {
            int avail = call.readableBytes();
            if (avail == 0) {
                end = call.read(Unpooled.EMPTY_BUFFER, now) < 0;
                break;
            }
            int want = Math.min(avail, room);
            ByteBuf b = endpoint.allocator().heapBuffer(want, want);
            int r = call.read(b, now);
            if (r <= 0) {
                b.release();
                end = r < 0;
                break;
            }
            room -= r;
            if (got == null) {
                got = new ArrayDeque<>(4);
            }
            got.add(b);
            gotBytes += r;
        }
        if (got == null && !end) {
            return;
        }
        if (end && call.state() == CallState.COMPLETE) {
            // a failed call also reads as ended: the reader must see why before it sees the end
            completeWith(RxCompletion.of(call.completion()));
        }
        lock.lock();
        try {
            if (closed) {
                if (got != null) {
                    releaseAll(got);
                }
            } else if (got != null) {
                in.addAll(got);
                inBytes += gotBytes;
            }
            if (end) {
                eof = true;
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void pumpOut() {
        boolean fin;
        lock.lock();
        try {
            pumpScheduled = false;
            engineOut.addAll(out);
            out.clear();
            fin = finishRequested;
        } finally {
            lock.unlock();
        }
        if (call == null) {
            return;
        }
        if (call.state() == CallState.COMPLETE) {
            dropPendingOutput();
            return;
        }
        long now = endpoint.nowNs();
        long accepted = 0;
        ByteBuf b;
        while ((b = engineOut.peekFirst()) != null && call.sendSpace() > 0) {
            boolean lastBuf = fin && engineOut.size() == 1;
            accepted += call.send(b, lastBuf, now);
            if (b.isReadable()) {
                break;
            }
            engineOut.pollFirst().release();
            lastSent |= lastBuf;
        }
        if (engineOut.isEmpty() && fin && !lastSent && call.sendSpace() > 0) {
            call.send(Unpooled.EMPTY_BUFFER, true, now);
            lastSent = true;
        }
        if (accepted > 0) {
            lock.lock();
            try {
                outPending -= accepted;
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    private void dropPendingOutput() {
        lock.lock();
        try {
            releaseAll(engineOut);
            releaseAll(out);
            outPending = 0;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void onComplete() {
        HardTimeout.cancel(endpoint, hardTimer);
        dropPendingOutput();
        completeWith(RxCompletion.of(call.completion()));
        pumpIn();
        releaseIfDone();
    }

    private void completeWith(RxCompletion c) {
        lock.lock();
        try {
            if (completion != null) {
                return;
            }
            completion = c;
            if (!c.succeeded()) {
                eof = true;
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        done.complete(c);
    }

    private void closeOnLoop() {
        discard = true;
        if (call == null) {
            return;
        }
        if (call.state() != CallState.COMPLETE) {
            call.abort(AbortCodes.RX_USER_ABORT, "call closed by the application", endpoint.nowNs());
        }
        releaseIfDone();
    }

    /** A completed call that nobody will read from gives its unread data back. */
    private void releaseIfDone() {
        boolean isClosed;
        lock.lock();
        try {
            isClosed = closed;
        } finally {
            lock.unlock();
        }
        if (isClosed || discard) {
            call.releaseUnread();
        }
    }

    private static void releaseAll(ArrayDeque<ByteBuf> q) {
        ByteBuf b;
        while ((b = q.pollFirst()) != null) {
            b.release();
        }
    }

    /** The engine's events for this call, on the engine thread. */
    private final class Listener implements CallListener {
        @Override
        public void onReadable(Call c) {
            pumpIn();
            if (!lastSent) {
                // a service may have queued its reply before the whole request arrived
                pumpOut();
            }
        }

        @Override
        public void onWritable(Call c) {
            pumpOut();
        }

        @Override
        public void onComplete(Call c) {
            RxCall.this.onComplete();
        }
    }

    @Override
    public String toString() {
        return (service ? "service" : "client") + " call to " + peer + " service " + serviceId
                + (options.userCallId() != 0 ? " #" + options.userCallId() : "");
    }
}
