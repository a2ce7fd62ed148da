package org.rxrpc4j.e2e;

import io.netty.buffer.ByteBuf;
import org.rxrpc4j.call.Call;
import org.rxrpc4j.call.CallListener;
import org.rxrpc4j.call.Completion;
import org.rxrpc4j.sim.SimEndpoint;

/**
 * What the client and server sides of the rxperf-like application share: how they are woken
 * by the engine ({@link CallListener} events, never polling), how they pump data into
 * {@link Call#send} and out of {@link Call#read}, and their outcome.
 *
 * <p>By default a listener event only schedules the application's next step as a new
 * simulator event at the same virtual instant (as if the application ran on another thread
 * and was woken), so the engine is never re-entered from its own callback. With
 * {@link SimPair.Builder#inlineApp(boolean)} the step runs inside the callback instead, which
 * is what an application on the engine thread would do.
 */
abstract class PerfApp implements CallListener {

    final SimPair pair;
    final SimEndpoint endpoint;
    Call call;
    Completion completion;
    long completedAtNs = -1;
    private boolean scheduled;
    private boolean running;
    private boolean again;
    boolean finished;

    PerfApp(SimPair pair, SimEndpoint endpoint) {
        this.pair = pair;
        this.endpoint = endpoint;
    }

    /** Does whatever the application can do now: read what arrived, send what fits. */
    abstract void step(long nowNs);

    /** @return whether this side has nothing more to do (its call ended and it read all) */
    abstract boolean isFinished();

    @Override
    public void onReadable(Call c) {
        bind(c);
        kick();
    }

    @Override
    public void onWritable(Call c) {
        bind(c);
        kick();
    }

    @Override
    public void onComplete(Call c) {
        bind(c);
        if (completion == null) {
            completion = c.completion();
            completedAtNs = pair.scheduler().elapsedNs();
        }
        kick();
    }

    /** Events may come while makeCall() or accept() runs, before they return the call. */
    private void bind(Call c) {
        if (call == null) {
            call = c;
        } else if (call != c) {
            throw new AssertionError("event for another call: " + c + " on " + this);
        }
    }

    /** Runs {@link #step} now (inline mode) or as the next simulator event (default). */
    final void kick() {
        if (pair.inlineApp()) {
            runStep();
            return;
        }
        if (scheduled) {
            return;
        }
        scheduled = true;
        pair.scheduler().after(0, () -> {
            scheduled = false;
            if (!pair.isShutDown()) {
                endpoint.act(e -> runStep());
            }
        });
    }

    /** Runs the step, and again if an event arrived while it ran (re-entrancy guard). */
    final void runStep() {
        if (running) {
            again = true;
            return;
        }
        running = true;
        try {
            do {
                again = false;
                if (completion == null && call.completion() != null) {
                    // state can be polled: a completion we were not told about still counts
                    completion = call.completion();
                    completedAtNs = pair.scheduler().elapsedNs();
                }
                step(pair.scheduler().nowNs());
            } while (again);
        } finally {
            running = false;
        }
        if (!finished && isFinished()) {
            finished = true;
            pair.finished(this);
        }
    }

    /** Drains what is readable into {@code sink}; returns whether the end of the data was read. */
    final boolean readAll(long nowNs, ReadSink sink) {
        ByteBuf scratch = pair.borrowScratch();
        try {
            byte[] a = scratch.array();
            int base = scratch.arrayOffset();
            while (true) {
                scratch.clear();
                int n = call.read(scratch, nowNs);
                if (n < 0) {
                    return true;
                }
                if (n == 0) {
                    return false;
                }
                if (n != scratch.readableBytes()) {
                    throw new AssertionError("read() returned " + n + " but wrote " + scratch.readableBytes());
                }
                sink.accept(a, base, n);
            }
        } finally {
            pair.returnScratch(scratch);
        }
    }

    /** Takes bytes the application read. */
    @FunctionalInterface
    interface ReadSink {
        void accept(byte[] a, int off, int len);
    }

    /** Generates the bytes a side sends. */
    @FunctionalInterface
    interface Source {
        void fill(long pos, byte[] dst, int off, int len);
    }

    /** What a send pump has done so far. */
    static final class SendState {
        final long total;
        long sent;
        boolean sentLast;
        long digest = PerfData.DIGEST_INIT;

        SendState(long total) {
            this.total = total;
        }
    }

    /**
     * Queues as much of the data as the call takes now, ending it with {@code last} on the
     * final byte (or on an empty send if there is no data at all).
     */
    final void pumpSend(SendState s, Source source, long nowNs) {
        if (s.total == 0) {
            if (!s.sentLast) {
                call.send(pair.emptyBuffer(), true, nowNs);
                s.sentLast = true;
            }
            return;
        }
        ByteBuf scratch = pair.borrowScratch();
        try {
            pumpSend(s, source, scratch, nowNs);
        } finally {
            pair.returnScratch(scratch);
        }
    }

    private void pumpSend(SendState s, Source source, ByteBuf scratch, long nowNs) {
        byte[] a = scratch.array();
        int base = scratch.arrayOffset();
        while (!s.sentLast) {
            long remaining = s.total - s.sent;
            int chunk = (int) Math.min(remaining, Math.min(call.sendSpace(), scratch.capacity()));
            if (chunk <= 0) {
                return; // onWritable will bring us back
            }
            source.fill(s.sent, a, base, chunk);
            scratch.setIndex(0, chunk);
            boolean last = chunk == remaining;
            int took = call.send(scratch, last, nowNs);
            if (took < 0 || took > chunk || scratch.readerIndex() != took) {
                throw new AssertionError("send() took " + took + " of " + chunk + " but advanced the reader index to "
                        + scratch.readerIndex());
            }
            s.digest = PerfData.digest(s.digest, a, base, took);
            s.sent += took;
            if (took < chunk) {
                return;
            }
            if (last) {
                s.sentLast = true;
            }
        }
    }
}
