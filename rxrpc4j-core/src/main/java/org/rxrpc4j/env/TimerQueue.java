package org.rxrpc4j.env;

import java.util.Arrays;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The engine's one timer: a priority queue of owners (calls, connections, peers) keyed by the
 * earliest of each owner's named deadlines. The endpoint's I/O loop sleeps until
 * {@link #nextDeadlineNs()} and then runs {@link #pollDue(long, Consumer)}.
 *
 * <p>Each owner embeds one {@link Entry}, so it is in the queue at most once: arming it again
 * moves it instead of adding a second entry. The queue is an intrusive binary heap in which
 * every entry knows its own slot, so schedule, re-arm and cancel are all O(log n) and none of
 * them allocates (the heap array only grows). This matters because deadlines move on nearly
 * every packet of every call.
 *
 * <p>Deadlines are absolute {@link Ticker} readings in nanoseconds and are compared with
 * wrap-safe arithmetic ({@code a - b < 0}), so the queue keeps working when
 * {@code nanoTime()} wraps past {@link Long#MAX_VALUE}. That is correct as long as all
 * scheduled deadlines lie within about 292 years (2^63 ns) of each other. Entries with equal
 * deadlines run in the order they were (last) armed.
 *
 * <p><b>Not thread-safe.</b> A queue and its entries belong to one endpoint's I/O thread;
 * other threads must submit commands to that thread instead of touching timers.
 *
 * @param <T> the owner type handed to {@link #pollDue(long, Consumer)}
 */
public final class TimerQueue<T> {

    /**
     * An owner's slot in a {@link TimerQueue}. Create one per owner, once, and keep it in a
     * field; it can be armed in only one queue at a time.
     *
     * @param <T> the owner type
     */
    public static final class Entry<T> {
        private final T owner;
        private TimerQueue<T> queue;
        private int index = -1;
        private long deadlineNs;
        private long seq;

        /** @param owner the object handed to the poll action when this entry falls due */
        public Entry(T owner) {
            this.owner = Objects.requireNonNull(owner, "owner");
        }

        /** @return the owner this entry was created for */
        public T owner() {
            return owner;
        }

        /** @return whether the entry is armed in a queue */
        public boolean isScheduled() {
            return index >= 0;
        }

        /**
         * @return the armed deadline
         * @throws IllegalStateException if the entry is not armed
         */
        public long deadlineNs() {
            if (index < 0) {
                throw new IllegalStateException("timer entry is not scheduled");
            }
            return deadlineNs;
        }

        @Override
        public String toString() {
            return index < 0 ? "TimerQueue.Entry[idle " + owner + "]"
                    : "TimerQueue.Entry[" + deadlineNs + " " + owner + "]";
        }
    }

    private static final Entry<?>[] EMPTY = new Entry<?>[0];

    private Entry<T>[] heap;
    private int size;
    /** Arming order, to break deadline ties; a long never wraps in practice. */
    private long nextSeq;

    /** Creates an empty queue. */
    public TimerQueue() {
        this(16);
    }

    /** @param initialCapacity how many entries to make room for up front */
    @SuppressWarnings("unchecked")
    public TimerQueue(int initialCapacity) {
        if (initialCapacity < 0) {
            throw new IllegalArgumentException("initialCapacity < 0: " + initialCapacity);
        }
        heap = initialCapacity == 0 ? (Entry<T>[]) EMPTY : (Entry<T>[]) new Entry<?>[initialCapacity];
    }

    /** @return the number of armed entries */
    public int size() {
        return size;
    }

    /** @return whether no entry is armed */
    public boolean isEmpty() {
        return size == 0;
    }

    /**
     * Arms {@code entry} at {@code deadlineNs}, replacing its previous deadline if it was
     * already armed here. A re-armed entry counts as newly inserted for tie-breaking.
     *
     * @throws IllegalStateException if the entry is armed in another queue
     */
    public void schedule(Entry<T> entry, long deadlineNs) {
        if (entry.index >= 0) {
            if (entry.queue != this) {
                throw new IllegalStateException("entry is scheduled in another TimerQueue");
            }
            entry.deadlineNs = deadlineNs;
            entry.seq = nextSeq++;
            int at = entry.index;
            siftUp(at, entry);
            if (entry.index == at) {
                siftDown(at, entry);
            }
            return;
        }
        if (size == heap.length) {
            heap = Arrays.copyOf(heap, Math.max(16, size * 2));
        }
        entry.queue = this;
        entry.deadlineNs = deadlineNs;
        entry.seq = nextSeq++;
        siftUp(size++, entry);
    }

    /**
     * Disarms {@code entry}.
     *
     * @return whether it was armed in this queue
     */
    public boolean cancel(Entry<T> entry) {
        if (entry.index < 0 || entry.queue != this) {
            return false;
        }
        removeAt(entry.index);
        return true;
    }

    /** @return the earliest armed deadline, or {@link Long#MAX_VALUE} if none is armed (check
     *     {@link #isEmpty()} if a real deadline could be {@code Long.MAX_VALUE}) */
    public long nextDeadlineNs() {
        return size == 0 ? Long.MAX_VALUE : heap[0].deadlineNs;
    }

    /**
     * Disarms and runs, in (deadline, arming order) order, every entry whose deadline is at or
     * before {@code nowNs}. Each entry is disarmed before its action runs, so the action may
     * re-arm it (or arm and cancel others). An entry armed during the poll at a deadline at or
     * before {@code nowNs} runs in the same poll, so owners must move their deadlines forward.
     * If an action throws, the entries not yet run stay armed.
     *
     * @param nowNs the current {@link Ticker} reading
     * @param action receives each due owner
     * @return how many entries ran
     */
    public int pollDue(long nowNs, Consumer<? super T> action) {
        int ran = 0;
        while (size > 0) {
            Entry<T> top = heap[0];
            if (top.deadlineNs - nowNs > 0) {
                break;
            }
            removeAt(0);
            ran++;
            action.accept(top.owner);
        }
        return ran;
    }

    /** Disarms every entry. */
    public void clear() {
        for (int i = 0; i < size; i++) {
            detach(heap[i]);
            heap[i] = null;
        }
        size = 0;
    }

    /** Whether {@code a} runs before {@code b}: earlier deadline (wrap-safe), then armed first. */
    private static boolean before(Entry<?> a, Entry<?> b) {
        long d = a.deadlineNs - b.deadlineNs;
        return d < 0 || (d == 0 && a.seq < b.seq);
    }

    private void removeAt(int at) {
        Entry<T> removed = heap[at];
        int last = --size;
        Entry<T> moved = heap[last];
        heap[last] = null;
        detach(removed);
        if (at != last) {
            siftUp(at, moved);
            if (moved.index == at) {
                siftDown(at, moved);
            }
        }
    }

    private static void detach(Entry<?> e) {
        e.index = -1;
        e.queue = null;
    }

    private void siftUp(int at, Entry<T> e) {
        while (at > 0) {
            int parent = (at - 1) >>> 1;
            Entry<T> p = heap[parent];
            if (!before(e, p)) {
                break;
            }
            heap[at] = p;
            p.index = at;
            at = parent;
        }
        heap[at] = e;
        e.index = at;
    }

    private void siftDown(int at, Entry<T> e) {
        int half = size >>> 1;
        while (at < half) {
            int child = 2 * at + 1;
            Entry<T> c = heap[child];
            int right = child + 1;
            if (right < size && before(heap[right], c)) {
                child = right;
                c = heap[child];
            }
            if (!before(c, e)) {
                break;
            }
            heap[at] = c;
            c.index = at;
            at = child;
        }
        heap[at] = e;
        e.index = at;
    }
}
