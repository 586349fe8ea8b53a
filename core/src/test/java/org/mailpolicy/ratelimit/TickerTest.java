package org.mailpolicy.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TickerTest {

    private static final Duration TICK = Duration.ofMillis(1);

    @Test
    void callsBelowAFloodReadTheClockThemselves() throws InterruptedException {
        Ticker ticker = new Ticker(TICK, 1_000, 64);
        for (int round = 0; round < 20; round++) {
            // 63 calls within a tick are not a flood; the pause starts a new tick-long window.
            for (int i = 0; i < 63; i++) {
                long before = System.nanoTime();
                long read = ticker.nanoTime();
                assertThat(read).isBetween(before, System.nanoTime());
            }
            assertThat(ticker.ticking()).isFalse();
            Thread.sleep(3);
        }
    }

    @Test
    void aFloodIsAnsweredFromTicksThatFollowTheClockAndNeverRunAheadOfIt() throws InterruptedException {
        Ticker ticker = new Ticker(TICK, 1_000_000, 64);
        long end = System.nanoTime() + Duration.ofSeconds(1).toNanos();
        AtomicLong calls = new AtomicLong();
        AtomicLong distinct = new AtomicLong();
        AtomicLong ahead = new AtomicLong();
        AtomicLong longestLag = new AtomicLong();
        Hammer.together(4, thread -> {
            long previous = Long.MIN_VALUE;
            long now;
            do {
                long read = ticker.nanoTime();
                now = System.nanoTime();
                calls.incrementAndGet();
                if (read != previous) {
                    distinct.incrementAndGet();
                    previous = read;
                }
                if (read - now > 0) {
                    ahead.incrementAndGet();
                }
                longestLag.accumulateAndGet(now - read, Math::max);
            } while (now - end < 0);
        });
        assertThat(ticker.ticking()).isTrue();
        assertThat(ahead.get()).isZero();
        // A ticker that stopped following the clock would be a second behind by the end.
        assertThat(Duration.ofNanos(longestLag.get())).isLessThan(Duration.ofMillis(250));
        assertThat(distinct.get()).isLessThan(calls.get() / 10);
    }

    @Test
    void aStintEndsInCallsThatReadTheClockAndTheNextFloodStartsAnother() throws InterruptedException {
        Ticker ticker = new Ticker(TICK, 20, 64);
        floodUntilTicking(ticker);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (ticker.ticking() && System.nanoTime() - deadline < 0) {
            Thread.sleep(5);
        }
        assertThat(ticker.ticking()).isFalse();
        Thread.sleep(50);
        long before = System.nanoTime();
        assertThat(ticker.nanoTime()).isBetween(before, System.nanoTime());

        long beforeSecondFlood = System.nanoTime();
        floodUntilTicking(ticker);
        assertThat(ticker.nanoTime()).isGreaterThanOrEqualTo(beforeSecondFlood);
    }

    @Test
    void refusesATickOrStintItCannotKeep() {
        assertThatThrownBy(() -> new Ticker(Duration.ZERO, 1, 64)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Ticker(TICK, 0, 64)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Ticker(TICK, 1, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    private static void floodUntilTicking(Ticker ticker) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!ticker.ticking() && System.nanoTime() - deadline < 0) {
            ticker.nanoTime();
        }
        assertThat(ticker.ticking()).isTrue();
    }
}
