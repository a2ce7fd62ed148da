package org.rxrpc4j.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SimSchedulerTest {

    private final SimScheduler s = new SimScheduler();
    private final List<String> log = new ArrayList<>();

    @Test
    void runsEventsByTimeThenInsertionOrder() {
        s.after(20, () -> log.add("b@20"));
        s.after(10, () -> log.add("a@10"));
        s.after(20, () -> log.add("c@20"));
        s.after(0, () -> {
            log.add("now");
            s.after(0, () -> log.add("now-again")); // after everything already due now
        });
        s.after(0, () -> log.add("now2"));

        assertThat(s.runUntilIdle()).isEqualTo(6);
        assertThat(log).containsExactly("now", "now2", "now-again", "a@10", "b@20", "c@20");
        assertThat(s.elapsedNs()).isEqualTo(20);
    }

    @Test
    void runForDoesNotRunAnEventBeyondTheTargetBehindACancelledOne() {
        SimScheduler.Event cancelled = s.after(100, () -> log.add("cancelled"));
        s.after(500, () -> log.add("500@" + s.elapsedNs()));
        cancelled.cancel();

        assertThat(s.runFor(200)).isZero();
        assertThat(log).isEmpty();
        assertThat(s.elapsedNs()).isEqualTo(200);
        s.runFor(300);
        assertThat(log).containsExactly("500@500");
    }

    @Test
    void runUntilStopsAtTheTargetAndSetsTheClock() {
        long t0 = s.nowNs();
        s.schedule(t0 + 100, () -> log.add("100"));
        s.schedule(t0 + 200, () -> log.add("200"));

        assertThat(s.runUntil(t0 + 150)).isEqualTo(1);
        assertThat(s.nowNs()).isEqualTo(t0 + 150);
        assertThat(s.runFor(50)).isEqualTo(1);
        assertThat(log).containsExactly("100", "200");
        assertThatThrownBy(() -> s.schedule(t0, () -> {})).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void cancelledEventsDoNotRun() {
        SimScheduler.Event e = s.after(5, () -> log.add("x"));
        assertThat(e.cancel()).isTrue();
        assertThat(e.isPending()).isFalse();
        assertThat(s.runUntilIdle()).isZero();
        assertThat(log).isEmpty();
    }

    @Test
    void aLivelockFailsInsteadOfHanging() {
        Runnable[] again = new Runnable[1];
        again[0] = () -> s.after(0, again[0]);
        s.after(0, again[0]);
        assertThatThrownBy(() -> s.runUntilIdle(1000)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not idle");
        s.maxEventsPerRun(500);
        assertThatThrownBy(() -> s.runFor(1)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("livelock");
    }

    @Test
    void tickerMayWrapAndWallClockFollowsVirtualTime() {
        SimScheduler w = new SimScheduler(Long.MAX_VALUE - 10, 1_000L);
        w.after(25, () -> log.add("after-wrap"));
        w.runUntilIdle();
        assertThat(w.ticker().nanoTime()).isEqualTo(Long.MIN_VALUE + 14);
        assertThat(log).containsExactly("after-wrap");
        w.runFor(3_000_000_000L);
        assertThat(w.wallClock().currentTimeMillis()).isEqualTo(1_000L + 3_000L);
        assertThat(new SimScheduler().wallClock().now().toEpochMilli()).isEqualTo(SimScheduler.DEFAULT_EPOCH_MILLIS);
    }
}
