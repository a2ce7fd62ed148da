package org.rxrpc4j.rules;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.util.function.Consumer;
import org.rxrpc4j.call.Call;
import org.rxrpc4j.call.CallListener;
import org.rxrpc4j.call.Completion;
import org.rxrpc4j.call.CompletionType;
import org.rxrpc4j.sim.SimEndpoint;

/**
 * The application end of one call in a test: it reads whatever arrives (unless told not to),
 * sends its bytes as space opens, and records how and when the call ended.
 *
 * <p>Every application action runs as its own scheduler event (as if another thread handed it
 * to the engine), never inside the engine's callback, and re-arms the endpoint's timer.
 */
public final class AppCall implements CallListener {

    private final World world;
    private final SimEndpoint endpoint;
    private Call call;
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private boolean reading = true;
    private boolean eof;
    private byte[] toSend;
    private int sent;
    private boolean sendLast;
    private boolean sendDone;
    private boolean pumpScheduled;
    private Completion completion;
    private long completedNs = -1;
    private long eofNs = -1;
    private Consumer<AppCall> onEof = c -> { };
    private RuntimeException failure;

    AppCall(World world, SimEndpoint endpoint) {
        this.world = world;
        this.endpoint = endpoint;
    }

    void attach(Call c) {
        this.call = c;
    }

    /** @return the engine's call */
    public Call call() {
        return call;
    }

    public SimEndpoint endpoint() {
        return endpoint;
    }

    /** Stops or resumes reading received data. */
    public AppCall reading(boolean on) {
        this.reading = on;
        if (on) {
            schedulePump();
        }
        return this;
    }

    /** Runs {@code action} once all the peer's data has been read. */
    public AppCall onEof(Consumer<AppCall> action) {
        this.onEof = action;
        return this;
    }

    /** Queues {@code bytes} to send; {@code last} ends this side's data once all are taken. */
    public AppCall send(byte[] bytes, boolean last) {
        if (toSend != null && sent < toSend.length) {
            byte[] joined = new byte[toSend.length - sent + bytes.length];
            System.arraycopy(toSend, sent, joined, 0, toSend.length - sent);
            System.arraycopy(bytes, 0, joined, toSend.length - sent, bytes.length);
            bytes = joined;
        }
        toSend = bytes;
        sent = 0;
        sendLast = last;
        sendDone = false;
        schedulePump();
        return this;
    }

    /** Aborts the call from the application, now (as an event). */
    public void abort(int code) {
        world.later(endpoint, () -> call.abort(code, "test abort", world.nowNs()));
    }

    /** @return bytes received and read so far */
    public byte[] received() {
        return received.toByteArray();
    }

    /** @return whether read() has returned -1 */
    public boolean eof() {
        return eof;
    }

    public long eofNs() {
        return eofNs;
    }

    /** @return whether every queued byte (and the end, if asked) was taken by the call */
    public boolean sendDone() {
        return sendDone;
    }

    /** @return how the call ended, or null */
    public Completion completion() {
        return completion;
    }

    public boolean isComplete() {
        return completion != null;
    }

    public CompletionType completionType() {
        return completion == null ? null : completion.type();
    }

    /** @return virtual elapsed ns at which the call completed, or -1 */
    public long completedNs() {
        return completedNs;
    }

    /** @return an exception the application end hit (e.g. send refused), or null */
    public RuntimeException failure() {
        return failure;
    }

    @Override
    public void onReadable(Call c) {
        schedulePump();
    }

    @Override
    public void onWritable(Call c) {
        schedulePump();
    }

    @Override
    public void onComplete(Call c) {
        if (completion == null) {
            completion = c.completion();
            completedNs = world.elapsedNs();
        }
        schedulePump(); // data may remain to be read after a successful completion
    }

    void schedulePump() {
        if (pumpScheduled) {
            return;
        }
        pumpScheduled = true;
        world.later(endpoint, () -> {
            pumpScheduled = false;
            pump();
        });
    }

    private void pump() {
        if (call == null) {
            return;
        }
        try {
            if (reading && !eof) {
                ByteBuf dst = Unpooled.buffer(64 * 1024);
                while (true) {
                    dst.clear();
                    int n = call.read(dst, world.nowNs());
                    if (n < 0) {
                        eof = true;
                        eofNs = world.elapsedNs();
                        onEof.accept(this);
                        break;
                    }
                    if (n == 0) {
                        break;
                    }
                    dst.readBytes(received, dst.readableBytes());
                }
            }
            // like a non-blocking socket: offer everything, the call takes what fits and says
            // onWritable once it refused bytes and space opened again
            while (toSend != null && !sendDone && completion == null) {
                int remaining = toSend.length - sent;
                ByteBuf src = Unpooled.wrappedBuffer(toSend, sent, remaining);
                int n = call.send(src, sendLast, world.nowNs());
                sent += n;
                if (sent == toSend.length) {
                    sendDone = true;
                } else if (n == 0) {
                    break;
                }
            }
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        } catch (RuntimeException e) {
            failure = e;
            throw e;
        }
    }
}
