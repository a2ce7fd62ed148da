package org.rxrpc4j.sim;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The network's event log: the last {@code capacity} events in a ring (for printing when a test
 * fails), per-fate counts and a digest of every event ever recorded (to prove two runs
 * identical without keeping them whole).
 */
public final class SimTrace {

    /** Default ring size. */
    public static final int DEFAULT_CAPACITY = 4096;

    private final SimEvent[] ring;
    private final Map<SimEvent.Fate, Long> counts = new EnumMap<>(SimEvent.Fate.class);
    private final List<Consumer<SimEvent>> listeners = new ArrayList<>();
    private long total;
    private long digest = 0x9E3779B97F4A7C15L;

    /** @param capacity how many recent events to keep, positive */
    public SimTrace(int capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        ring = new SimEvent[capacity];
    }

    /** Records an event; listeners see it at once. */
    public void record(SimEvent e) {
        ring[(int) (total % ring.length)] = e;
        total++;
        counts.merge(e.fate(), 1L, Long::sum);
        digest = mix(digest, e.elapsedNs());
        digest = mix(digest, e.packetId());
        digest = mix(digest, e.fate().ordinal());
        digest = mix(digest, e.from().toString().hashCode());
        digest = mix(digest, e.to().toString().hashCode());
        digest = mix(digest, e.size());
        digest = mix(digest, e.detail().hashCode());
        for (Consumer<SimEvent> l : listeners) {
            l.accept(e);
        }
    }

    /** @param listener sees every later event, e.g. to keep a whole log in a test */
    public void addListener(Consumer<SimEvent> listener) {
        listeners.add(listener);
    }

    /** @return how many events were ever recorded */
    public long total() {
        return total;
    }

    /** @return how many events with this fate were ever recorded */
    public long count(SimEvent.Fate fate) {
        return counts.getOrDefault(fate, 0L);
    }

    /**
     * @return a hash over every event ever recorded, in order: equal digests mean (with
     *     overwhelming probability) identical runs
     */
    public long digest() {
        return digest;
    }

    /** @return the retained events, oldest first */
    public List<SimEvent> events() {
        return last(ring.length);
    }

    /** @return up to {@code n} most recent events, oldest first */
    public List<SimEvent> last(int n) {
        long kept = Math.min(total, ring.length);
        long from = total - Math.min(kept, Math.max(0, n));
        List<SimEvent> out = new ArrayList<>();
        for (long i = from; i < total; i++) {
            out.add(ring[(int) (i % ring.length)]);
        }
        return out;
    }

    /** @return the last {@code n} events as text, one per line, with a summary line first */
    public String dump(int n) {
        StringBuilder sb = new StringBuilder();
        sb.append(total).append(" events, digest ").append(Long.toHexString(digest)).append(", counts ")
                .append(counts).append('\n');
        List<SimEvent> last = last(n);
        if (last.size() < total) {
            sb.append("  ... ").append(total - last.size()).append(" earlier events not shown\n");
        }
        for (SimEvent e : last) {
            sb.append("  ").append(e).append('\n');
        }
        return sb.toString();
    }

    private static long mix(long h, long v) {
        // SplitMix64's finaliser: cheap, and every input bit affects every output bit
        long z = h ^ (v + 0x9E3779B97F4A7C15L + (h << 6) + (h >>> 2));
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
