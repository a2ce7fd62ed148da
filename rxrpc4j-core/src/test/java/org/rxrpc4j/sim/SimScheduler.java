package org.rxrpc4j.sim;

import java.util.PriorityQueue;
import org.rxrpc4j.env.Ticker;
import org.rxrpc4j.env.WallClock;

/**
 * A discrete-event scheduler on virtual time: the simulator's only clock and only thread.
 *
 * <p>Events run in (time, insertion order) order, so two runs that schedule the same events
 * run them identically. Time moves only when the next event is taken, never by itself, so a
 * simulated second costs only the events in it.
 *
 * <p>Virtual time is kept as nanoseconds elapsed since the start, but the {@link #ticker()}
 * reports {@code startNanoTime + elapsed}, which may wrap past {@link Long#MAX_VALUE} like
 * {@link System#nanoTime()}: start it near the wrap to test the engine's wrap-safe
 * arithmetic. The {@link #wallClock()} is a fixed epoch plus elapsed time.
 *
 * <p>Not thread-safe: everything in a simulation runs on the thread that calls the run
 * methods.
 */
public final class SimScheduler {

    /** Wall-clock time at the start of every simulation: 2023-11-14T22:13:20Z. */
    public static final long DEFAULT_EPOCH_MILLIS = 1_700_000_000_000L;
    /**
     * Default ticker reading at the start. Deliberately not zero, so that code that treats 0
     * as "unset" shows up in the simulator.
     */
    public static final long DEFAULT_START_NANO_TIME = 1_000_000_000_000L;
    /** Default bound on events per run call, to turn a livelock into a failure. */
    public static final long DEFAULT_MAX_EVENTS = 10_000_000L;

    /** A scheduled event; cancel it to keep it from running. */
    public static final class Event implements Comparable<Event> {
        private final long atElapsedNs;
        private final long seq;
        private Runnable action;

        private Event(long atElapsedNs, long seq, Runnable action) {
            this.atElapsedNs = atElapsedNs;
            this.seq = seq;
            this.action = action;
        }

        /** @return virtual nanoseconds since the start at which the event runs */
        public long atElapsedNs() {
            return atElapsedNs;
        }

        /** @return whether the event has neither run nor been cancelled */
        public boolean isPending() {
            return action != null;
        }

        /**
         * Keeps the event from running; a no-op if it ran already.
         *
         * @return whether it was pending
         */
        public boolean cancel() {
            boolean pending = action != null;
            action = null;
            return pending;
        }

        @Override
        public int compareTo(Event o) {
            int c = Long.compare(atElapsedNs, o.atElapsedNs);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }

    private final long startNanoTime;
    private final long epochMillis;
    private final PriorityQueue<Event> queue = new PriorityQueue<>();
    private final Ticker ticker = this::nowNs;
    private final WallClock wallClock = this::currentTimeMillis;
    private long elapsedNs;
    private long nextSeq;
    private long executed;
    private long maxEventsPerRun = DEFAULT_MAX_EVENTS;

    /** A scheduler starting at {@link #DEFAULT_START_NANO_TIME} and {@link #DEFAULT_EPOCH_MILLIS}. */
    public SimScheduler() {
        this(DEFAULT_START_NANO_TIME, DEFAULT_EPOCH_MILLIS);
    }

    /**
     * @param startNanoTime the ticker reading at the start (any value; it may wrap)
     * @param epochMillis the wall-clock reading at the start
     */
    public SimScheduler(long startNanoTime, long epochMillis) {
        this.startNanoTime = startNanoTime;
        this.epochMillis = epochMillis;
    }

    /** @return the virtual monotonic clock, as the engine sees it */
    public Ticker ticker() {
        return ticker;
    }

    /** @return the virtual wall clock: the start epoch plus elapsed virtual time */
    public WallClock wallClock() {
        return wallClock;
    }

    /** @return the current ticker reading */
    public long nowNs() {
        return startNanoTime + elapsedNs;
    }

    /** @return virtual nanoseconds since the start */
    public long elapsedNs() {
        return elapsedNs;
    }

    private long currentTimeMillis() {
        return epochMillis + elapsedNs / 1_000_000L;
    }

    /** @return events scheduled and not yet run or cancelled (cancelled ones may be counted until reached) */
    public int pendingEvents() {
        return queue.size();
    }

    /** @return events run since the start */
    public long executedEvents() {
        return executed;
    }

    /** @param max the bound on events per run call, beyond which a run throws */
    public void maxEventsPerRun(long max) {
        if (max <= 0) {
            throw new IllegalArgumentException("max must be positive: " + max);
        }
        this.maxEventsPerRun = max;
    }

    /**
     * Schedules {@code action} at the ticker reading {@code atNs}.
     *
     * @throws IllegalArgumentException if {@code atNs} is before now (wrap-safe)
     */
    public Event schedule(long atNs, Runnable action) {
        long delay = atNs - nowNs();
        if (delay < 0) {
            throw new IllegalArgumentException("cannot schedule in the past: " + delay + " ns ago");
        }
        return at(elapsedNs + delay, action);
    }

    /**
     * Schedules {@code action} {@code delayNs} from now; 0 runs it after every event already
     * scheduled for now.
     */
    public Event after(long delayNs, Runnable action) {
        if (delayNs < 0) {
            throw new IllegalArgumentException("negative delay: " + delayNs);
        }
        return at(elapsedNs + delayNs, action);
    }

    private Event at(long atElapsedNs, Runnable action) {
        if (action == null) {
            throw new NullPointerException("action");
        }
        Event e = new Event(atElapsedNs, nextSeq++, action);
        queue.add(e);
        return e;
    }

    /**
     * Runs the next pending event, advancing time to it.
     *
     * @return whether an event ran
     */
    public boolean step() {
        Event e;
        while ((e = queue.poll()) != null) {
            Runnable action = e.action;
            if (action == null) {
                continue; // cancelled
            }
            e.action = null;
            elapsedNs = e.atElapsedNs;
            executed++;
            action.run();
            return true;
        }
        return false;
    }

    /**
     * Runs every event up to and including the ticker reading {@code atNs}, then sets the
     * clock to {@code atNs}.
     *
     * @return how many events ran
     * @throws IllegalStateException if more than the per-run bound of events ran
     */
    public long runUntil(long atNs) {
        long target = atNs - nowNs();
        if (target < 0) {
            throw new IllegalArgumentException("cannot run back in time: " + target + " ns");
        }
        return runUntilElapsed(elapsedNs + target);
    }

    /** Runs for {@code durationNs} of virtual time; see {@link #runUntil(long)}. */
    public long runFor(long durationNs) {
        if (durationNs < 0) {
            throw new IllegalArgumentException("negative duration: " + durationNs);
        }
        return runUntilElapsed(elapsedNs + durationNs);
    }

    private long runUntilElapsed(long targetElapsed) {
        long ran = 0;
        Event next;
        while ((next = queue.peek()) != null) {
            if (!next.isPending()) {
                // a cancelled event at the head must not let step() run the next live event,
                // which may lie beyond the target (time would then jump ahead and back)
                queue.poll();
                continue;
            }
            if (next.atElapsedNs > targetElapsed) {
                break;
            }
            if (step()) {
                ran = checkBound(ran + 1);
            }
        }
        elapsedNs = targetElapsed;
        return ran;
    }

    /** Runs until no event is pending, at most {@link #DEFAULT_MAX_EVENTS} (or the set bound). */
    public long runUntilIdle() {
        return runUntilIdle(maxEventsPerRun);
    }

    /**
     * Runs until no event is pending.
     *
     * @param maxEvents how many events may run before the simulation is declared stuck
     * @return how many events ran
     * @throws IllegalStateException after {@code maxEvents} events with more pending
     */
    public long runUntilIdle(long maxEvents) {
        long ran = 0;
        while (step()) {
            ran++;
            if (ran >= maxEvents && hasPending()) {
                throw new IllegalStateException("simulation not idle after " + ran + " events at "
                        + elapsedNs + " ns elapsed; " + queue.size() + " pending");
            }
        }
        return ran;
    }

    private boolean hasPending() {
        for (Event e : queue) {
            if (e.isPending()) {
                return true;
            }
        }
        return false;
    }

    private long checkBound(long ran) {
        if (ran > maxEventsPerRun) {
            throw new IllegalStateException("more than " + maxEventsPerRun + " events in one run at "
                    + elapsedNs + " ns elapsed: a livelock?");
        }
        return ran;
    }
}
