package org.rxrpc4j.env;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TimerQueueTest {

    private final TimerQueue<String> queue = new TimerQueue<>();

    private static TimerQueue.Entry<String> entry(String name) {
        return new TimerQueue.Entry<>(name);
    }

    private List<String> pollAll(long nowNs) {
        List<String> ran = new ArrayList<>();
        queue.pollDue(nowNs, ran::add);
        return ran;
    }

    @Test
    void emptyQueueHasNoDeadline() {
        assertThat(queue.isEmpty()).isTrue();
        assertThat(queue.nextDeadlineNs()).isEqualTo(Long.MAX_VALUE);
        assertThat(pollAll(Long.MAX_VALUE)).isEmpty();
    }

    @Test
    void runsDueEntriesInDeadlineOrderAndLeavesTheRest() {
        queue.schedule(entry("c"), 30);
        queue.schedule(entry("a"), 10);
        queue.schedule(entry("d"), 40);
        queue.schedule(entry("b"), 20);

        assertThat(queue.nextDeadlineNs()).isEqualTo(10);
        assertThat(pollAll(9)).isEmpty();
        assertThat(pollAll(30)).containsExactly("a", "b", "c");
        assertThat(queue.size()).isEqualTo(1);
        assertThat(queue.nextDeadlineNs()).isEqualTo(40);
    }

    @Test
    void equalDeadlinesRunInInsertionOrder() {
        for (String s : List.of("one", "two", "three", "four", "five", "six", "seven")) {
            queue.schedule(entry(s), 100);
        }
        assertThat(pollAll(100)).containsExactly("one", "two", "three", "four", "five", "six", "seven");
    }

    @Test
    void reArmingMovesTheEntryInsteadOfAddingOne() {
        TimerQueue.Entry<String> a = entry("a");
        TimerQueue.Entry<String> b = entry("b");
        queue.schedule(a, 10);
        queue.schedule(b, 20);
        queue.schedule(a, 30);

        assertThat(queue.size()).isEqualTo(2);
        assertThat(a.deadlineNs()).isEqualTo(30);
        assertThat(queue.nextDeadlineNs()).isEqualTo(20);
        queue.schedule(a, 5);
        assertThat(queue.nextDeadlineNs()).isEqualTo(5);
        assertThat(pollAll(100)).containsExactly("a", "b");
    }

    @Test
    void reArmingAtTheSameDeadlineCountsAsNewlyInserted() {
        TimerQueue.Entry<String> a = entry("a");
        queue.schedule(a, 10);
        queue.schedule(entry("b"), 10);
        queue.schedule(a, 10);
        assertThat(pollAll(10)).containsExactly("b", "a");
    }

    @Test
    void cancelDisarms() {
        TimerQueue.Entry<String> a = entry("a");
        TimerQueue.Entry<String> b = entry("b");
        queue.schedule(a, 10);
        queue.schedule(b, 20);

        assertThat(queue.cancel(a)).isTrue();
        assertThat(a.isScheduled()).isFalse();
        assertThat(queue.cancel(a)).isFalse();
        assertThat(queue.nextDeadlineNs()).isEqualTo(20);
        assertThat(pollAll(100)).containsExactly("b");
        assertThat(b.isScheduled()).isFalse();
        assertThatThrownBy(b::deadlineNs).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void anActionMayReArmItsOwnEntry() {
        TimerQueue.Entry<String> tick = entry("tick");
        queue.schedule(tick, 10);
        List<String> ran = new ArrayList<>();
        int count = queue.pollDue(10, owner -> {
            ran.add(owner);
            queue.schedule(tick, 20);
        });
        assertThat(count).isEqualTo(1);
        assertThat(ran).containsExactly("tick");
        assertThat(tick.deadlineNs()).isEqualTo(20);
    }

    @Test
    void deadlinesAcrossTheNanoTimeWrapKeepTheirOrder() {
        long nearMax = Long.MAX_VALUE - 5;
        queue.schedule(entry("after-wrap"), nearMax + 20); // wraps to a negative value
        queue.schedule(entry("before-wrap"), nearMax);
        queue.schedule(entry("at-max"), Long.MAX_VALUE);

        assertThat(queue.nextDeadlineNs()).isEqualTo(nearMax);
        assertThat(pollAll(Long.MAX_VALUE)).containsExactly("before-wrap", "at-max");
        assertThat(pollAll(nearMax + 19)).isEmpty();
        assertThat(pollAll(nearMax + 20)).containsExactly("after-wrap");
    }

    @Test
    void anEntryBelongsToOneQueueAtATime() {
        TimerQueue.Entry<String> a = entry("a");
        queue.schedule(a, 1);
        TimerQueue<String> other = new TimerQueue<>(0);
        assertThatThrownBy(() -> other.schedule(a, 2)).isInstanceOf(IllegalStateException.class);
        assertThat(other.cancel(a)).isFalse();
        queue.clear();
        assertThat(a.isScheduled()).isFalse();
        other.schedule(a, 2);
        assertThat(other.nextDeadlineNs()).isEqualTo(2);
    }

    /** Random schedule/re-arm/cancel/poll against a sorted-list model, many entries. */
    @Test
    void matchesAReferenceModelUnderRandomOperations() {
        SplittableRandom rnd = new SplittableRandom(20240501L);
        int n = 2_000;
        List<TimerQueue.Entry<String>> entries = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            entries.add(entry("e" + i));
        }
        record Armed(String name, long deadline, long seq) {}
        List<Armed> model = new ArrayList<>();
        long seq = 0;
        long now = Long.MAX_VALUE - 50_000; // run across the wrap too

        for (int step = 0; step < 50_000; step++) {
            int op = rnd.nextInt(10);
            if (op < 6) {
                TimerQueue.Entry<String> e = entries.get(rnd.nextInt(n));
                long deadline = now + rnd.nextInt(10_000);
                queue.schedule(e, deadline);
                model.removeIf(a -> a.name.equals(e.owner()));
                model.add(new Armed(e.owner(), deadline, seq++));
            } else if (op < 8) {
                TimerQueue.Entry<String> e = entries.get(rnd.nextInt(n));
                boolean armed = model.removeIf(a -> a.name.equals(e.owner()));
                assertThat(queue.cancel(e)).isEqualTo(armed);
            } else {
                now += rnd.nextInt(2_000);
                long nowFinal = now;
                List<Armed> due = new ArrayList<>();
                for (Armed a : model) {
                    if (a.deadline - nowFinal <= 0) {
                        due.add(a);
                    }
                }
                due.sort(Comparator.<Armed>comparingLong(a -> a.deadline - nowFinal)
                        .thenComparingLong(a -> a.seq));
                model.removeAll(due);
                assertThat(pollAll(now)).containsExactlyElementsOf(due.stream().map(Armed::name).toList());
            }
            assertThat(queue.size()).isEqualTo(model.size());
        }
    }
}
