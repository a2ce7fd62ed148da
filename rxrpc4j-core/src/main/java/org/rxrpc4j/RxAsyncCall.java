package org.rxrpc4j;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Objects;
import org.rxrpc4j.call.Call;
import org.rxrpc4j.call.CallListener;
import org.rxrpc4j.call.CallState;

/**
 * A call served without blocking, on the endpoint's I/O thread, for event-driven servers that
 * want no thread hop per call (see {@link RxEndpoint#serveAsync}). Every method must be called
 * on that thread: from the {@link Listener}'s callbacks, or from a task given to
 * {@link #execute}. A call from any other thread throws {@link IllegalStateException}.
 *
 * <p>Reads and sends never block: {@link #read} takes what has arrived, {@link #send} takes what
 * fits, and the listener hears when more can be read or sent.
 */
public final class RxAsyncCall {

    /** What an asynchronous call tells its server; every method runs on the I/O thread. */
    public interface Listener {
        /** Request data arrived, or its end: {@link #read} it. */
        default void onReadable(RxAsyncCall call) {}

        /** Room opened for {@link #send}. */
        default void onWritable(RxAsyncCall call) {}

        /** The call ended. */
        default void onComplete(RxAsyncCall call, RxCompletion completion) {}
    }

    private final EndpointCore endpoint;
    private final Call call;
    private final InetSocketAddress peer;
    private Listener listener;
    private boolean finished;

    RxAsyncCall(EndpointCore endpoint, Call call) {
        this.endpoint = endpoint;
        this.call = call;
        this.peer = call.host().peer().address();
    }

    CallListener bind(Listener l) {
        this.listener = Objects.requireNonNull(l, "the service returned no listener");
        return new CallListener() {
            @Override
            public void onReadable(Call c) {
                listener.onReadable(RxAsyncCall.this);
            }

            @Override
            public void onWritable(Call c) {
                listener.onWritable(RxAsyncCall.this);
            }

            @Override
            public void onComplete(Call c) {
                listener.onComplete(RxAsyncCall.this, RxCompletion.of(c.completion()));
                c.releaseUnread(); // nobody reads a finished call's leftovers
            }
        };
    }

    /** @return the client's address */
    public InetSocketAddress peer() {
        return peer;
    }

    /** @return the call's service ID */
    public int serviceId() {
        return call.host().serviceId();
    }

    /**
     * Copies received request bytes into {@code dst}.
     *
     * @return bytes copied, or -1 once the whole request has been read (or the call failed)
     */
    public int read(ByteBuffer dst) {
        requireLoop();
        ByteBuf b = Unpooled.wrappedBuffer(dst);
        b.clear();
        int n = call.read(b, endpoint.nowNs());
        if (n > 0) {
            dst.position(dst.position() + n);
        }
        return n;
    }

    /**
     * Skips up to {@code max} received request bytes.
     *
     * @return bytes skipped (0 if none are waiting); {@link #atEnd()} tells whether more will come
     */
    public long skip(long max) {
        requireLoop();
        return call.skip(max, endpoint.nowNs());
    }

    /** @return whether the whole request has arrived and been read (or the call failed) */
    public boolean atEnd() {
        requireLoop();
        return call.read(Unpooled.EMPTY_BUFFER, endpoint.nowNs()) < 0;
    }

    /** @return request bytes received in order and not yet read */
    public int readableBytes() {
        requireLoop();
        return call.readableBytes();
    }

    /** @return whether the whole request has arrived (a reply may be sent) */
    public boolean requestComplete() {
        requireLoop();
        return call.state() != CallState.SERVER_RECV_REQUEST;
    }

    /** @return how many reply bytes {@link #send} would take now */
    public int sendSpace() {
        requireLoop();
        return finished ? 0 : call.sendSpace();
    }

    /**
     * Sends what fits of {@code src}'s remaining reply bytes; its position advances past what
     * was taken.
     *
     * @param last whether these bytes end the reply; honoured only if all of them were taken
     * @return bytes taken
     * @throws IllegalStateException before the whole request has arrived, after the reply ended,
     *     or once the call has completed
     */
    public int send(ByteBuffer src, boolean last) {
        requireLoop();
        if (finished) {
            throw new IllegalStateException("the reply has already ended");
        }
        ByteBuf b = Unpooled.wrappedBuffer(src);
        int n = call.send(b, last, endpoint.nowNs());
        src.position(src.position() + n);
        finished = last && !src.hasRemaining();
        return n;
    }

    /** Ends the reply (an empty one if nothing was sent). Idempotent. */
    public void finish() {
        requireLoop();
        if (!finished && call.state() != CallState.COMPLETE) {
            call.send(Unpooled.EMPTY_BUFFER, true, endpoint.nowNs());
            finished = true;
        }
    }

    /** Aborts the call with {@code code}. No-op once it has completed. */
    public void abort(int code) {
        requireLoop();
        call.abort(code, "aborted by the service", endpoint.nowNs());
    }

    /** @return how the call ended, or null while it runs */
    public RxCompletion completion() {
        requireLoop();
        return call.completion() == null ? null : RxCompletion.of(call.completion());
    }

    /** Runs {@code task} on this call's I/O thread, later; safe from any thread. */
    public void execute(Runnable task) {
        endpoint.execute(task);
    }

    private void requireLoop() {
        if (!endpoint.inLoop()) {
            throw new IllegalStateException("an RxAsyncCall is used only on its endpoint's I/O thread");
        }
    }
}
