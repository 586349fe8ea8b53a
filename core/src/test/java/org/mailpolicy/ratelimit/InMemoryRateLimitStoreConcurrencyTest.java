package org.mailpolicy.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** 8 threads on one key never get more than the limit (issue 6 acceptance), with the clock held still. */
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
}
