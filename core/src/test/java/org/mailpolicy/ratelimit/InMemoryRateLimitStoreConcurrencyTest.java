package org.mailpolicy.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** 8 threads on one key never get more than the limit (issue 6 acceptance), with the clock held still but in one test. */
class InMemoryRateLimitStoreConcurrencyTest {

    private final MutableClock clock = MutableClock.atSomeInstant();

    @Test
    void eightThreadsOnOneKeyGetExactlyTheLimit() throws InterruptedException {
        RateLimiter limiter = new RateLimiter(RateLimitRules.parse(Map.of(
                "ratelimit.rule.r.key", "user", "ratelimit.rule.r.window.1m", "messages:1000")),
                new InMemoryRateLimitStore(clock, 100));
        Hammer.Totals totals = Hammer.run(limiter, 8, 500, 1);
        assertThat(totals.allowedMessages).isEqualTo(1000);
        assertThat(totals.refused).isEqualTo(8 * 500 - 1000);
    }

    @Test
    void eightThreadsOnOneKeyOnTheDefaultClockGetTheBurstAndTheRefillOfTheTimeTheyHammered() throws InterruptedException {
        // A flood, so decisions read the ticked clock (Ticker): the refill must follow real time,
        // and a time behind the clock must not let more through than burst + rate x elapsed.
        RateLimiter limiter = new RateLimiter(RateLimitRules.parse(Map.of(
                "ratelimit.rule.r.key", "user", "ratelimit.rule.r.window.1s", "messages:1000")),
                new InMemoryRateLimitStore());
        AtomicLong allowed = new AtomicLong();
        long start = System.nanoTime();
        long end = start + java.time.Duration.ofMillis(1500).toNanos();
        Hammer.together(8, thread -> {
            RateLimitRequest alice = RateLimitRequest.builder().user("alice@example.com").build();
            while (System.nanoTime() - end < 0) {
                if (limiter.check(alice).allowed()) {
                    allowed.incrementAndGet();
                }
            }
        });
        double elapsedSeconds = (System.nanoTime() - start) / 1e9;
        assertThat(allowed.get()).isLessThanOrEqualTo(1000 + (long) Math.ceil(1000 * elapsedSeconds))
                .isGreaterThanOrEqualTo(1000 + (long) (1000 * (elapsedSeconds - 0.25)));
    }

    @Test
    void everyRefusalFromManyThreadsIsCountedAndNoneIsCharged() throws InterruptedException {
        InMemoryRateLimitStore store = new InMemoryRateLimitStore(clock, 100);
        RateLimiter limiter = new RateLimiter(RateLimitRules.parse(Map.of(
                "ratelimit.rule.r.key", "user", "ratelimit.rule.r.window.1m", "messages:100")), store);
        Hammer.Totals totals = Hammer.run(limiter, 8, 500, 1);
        assertThat(totals.allowedMessages).isEqualTo(100);
        // Leaky refusals write no TAT, only the tally: the budget left is what the allowed ones spent.
        RateLimitState state = limiter.state("r", "user=alice@example.com").orElseThrow();
        assertThat(state.budgets().get(0).remaining()).isZero();
        assertThat(state.limitedCount()).isEqualTo(totals.refused).isEqualTo(8 * 500 - 100);
        assertThat(limiter.mostLimited(5)).containsExactly(new LimitedBucket("r|user=alice@example.com", 8 * 500 - 100));
        clock.advance(java.time.Duration.ofMinutes(1));
        assertThat(limiter.mostLimited(5)).as("the tally lives as long as the state").isEmpty();
        assertThat(limiter.check(RateLimitRequest.builder().user("alice@example.com").build()).allowed()).isTrue();
        assertThat(limiter.state("r", "user=alice@example.com").orElseThrow().limitedCount()).as("a new state, a new tally").isZero();
    }

    @Test
    void twoWindowsAndTwoDimensionsAtOnceStayWithinEveryLimit() throws InterruptedException {
        InMemoryRateLimitStore store = new InMemoryRateLimitStore(clock, 100);
        RateLimiter limiter = new RateLimiter(RateLimitRules.parse(Map.of(
                "ratelimit.rule.r.key", "user",
                "ratelimit.rule.r.window.1m", "messages:700, recipients:1500",
                "ratelimit.rule.r.window.1h", "messages:600, recipients:1600")), store);
        Hammer.Totals totals = Hammer.run(limiter, 8, 500, 3);
        Hammer.assertWithin(totals, 600, 1500);
        Hammer.assertStateMatches(limiter, totals, 600, 1500);
    }

    /**
     * A bucket of one counter moves its TAT in place; an update of another shape replaces the
     * whole state. Threads alternating both shapes on one bucket, past its limit, so that states
     * are replaced under decisions all the time (and a tally is added), still get exactly the
     * limit, and every refusal is counted once.
     */
    @Test
    void updatesOfTwoShapesOnOneBucketLoseNoChargeAndNoRefusal() throws InterruptedException {
        InMemoryRateLimitStore store = new InMemoryRateLimitStore(clock, 100);
        GcraCell minute = new GcraCell("1m:messages", 60_000_000L, 5_000, 1);
        GcraCell hourAtNoCost = new GcraCell("1h:messages", 3_600_000_000L, 10, 0);
        GcraUpdate inPlace = new GcraUpdate("r|user=alice", GcraUpdate.Mode.LEAKY, List.of(minute));
        GcraUpdate replacing = new GcraUpdate("r|user=alice", GcraUpdate.Mode.LEAKY, List.of(minute, hourAtNoCost));
        int threads = 8;
        int attempts = 2_000;
        AtomicLong allowed = new AtomicLong();
        Hammer.together(threads, seed -> {
            for (int i = 0; i < attempts; i++) {
                boolean charged = (seed + i) % 3 == 0 ? store.apply(replacing).allowed() : GcraOutcome.allowedBy(store.applyOne(inPlace));
                if (charged) {
                    allowed.incrementAndGet();
                }
            }
        });
        assertThat(allowed.get()).isEqualTo(5_000);
        StoredBucket bucket = store.read("r|user=alice").orElseThrow();
        assertThat(bucket.limitedCount()).isEqualTo(threads * attempts - 5_000);
        assertThat(bucket.tats()).containsOnlyKeys("1m:messages");
        assertThat(bucket.tats().get("1m:messages") - bucket.nowMicros()).as("the whole minute spent, to the µs").isEqualTo(60_000_000L);
    }
}
