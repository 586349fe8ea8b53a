package org.mailpolicy.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.mailpolicy.net.IpLiteral;

/** GCRA decisions through the public engine, with a clock that moves only when told. */
class RateLimiterTest {

    private final MutableClock clock = MutableClock.atSomeInstant();
    private final InMemoryRateLimitStore store = new InMemoryRateLimitStore(clock, 1000);

    private RateLimiter limiter(String... properties) {
        Map<String, String> map = new java.util.HashMap<>();
        for (int i = 0; i < properties.length; i += 2) {
            map.put(properties[i], properties[i + 1]);
        }
        return new RateLimiter(RateLimitRules.parse(map), store);
    }

    private static RateLimitRequest alice(int recipients) {
        RateLimitRequest.Builder b = RateLimitRequest.builder().user("alice@example.com").sender("alice@example.com");
        for (int i = 0; i < recipients; i++) {
            b.recipient("r" + i + "@example.net");
        }
        return b.build();
    }

    @Test
    void aBurstOfTheWholeBudgetPassesThenTheNextWaitsOneEmissionInterval() {
        RateLimiter limiter = limiter("ratelimit.rule.sub.key", "user", "ratelimit.rule.sub.window.1m", "messages:10");
        for (int i = 0; i < 10; i++) {
            RateLimitDecision d = limiter.check(alice(1));
            assertThat(d.allowed()).isTrue();
            assertThat(d.budget().orElseThrow().remaining()).isEqualTo(9 - i);
        }
        RateLimitDecision refused = limiter.check(alice(1));
        assertThat(refused.status()).isEqualTo(RateLimitDecision.Status.LIMITED);
        assertThat(refused.retryAfter()).isEqualTo(Duration.ofSeconds(6));
        assertThat(refused.action()).contains(RateLimitAction.TEMPFAIL);
        RateLimitBudget budget = refused.budget().orElseThrow();
        assertThat(budget.rule()).isEqualTo("sub");
        assertThat(budget.key()).isEqualTo("user=alice@example.com");
        assertThat(budget.window()).isEqualTo("1m");
        assertThat(budget.dimension()).isEqualTo(Dimension.MESSAGES);
        assertThat(budget.remaining()).isZero();
    }

    @Test
    void retryAfterIsExactToTheMicrosecond() {
        RateLimiter limiter = limiter("ratelimit.rule.sub.key", "user", "ratelimit.rule.sub.window.1m", "messages:10");
        for (int i = 0; i < 10; i++) {
            limiter.check(alice(1));
        }
        clock.advance(Duration.ofSeconds(6).minusNanos(1_000));
        assertThat(limiter.check(alice(1)).retryAfter()).isEqualTo(Duration.ofNanos(1_000));
        clock.advance(Duration.ofNanos(1_000));
        assertThat(limiter.check(alice(1)).allowed()).isTrue();
        assertThat(limiter.check(alice(1)).retryAfter()).isEqualTo(Duration.ofSeconds(6));
    }

    @Test
    void aSteadyRateAtTheLimitIsAlwaysAllowedAndOneAboveIsNot() {
        RateLimiter limiter = limiter("ratelimit.rule.sub.key", "user", "ratelimit.rule.sub.window.1m", "messages:10");
        for (int i = 0; i < 10; i++) {
            limiter.check(alice(1));
        }
        for (int i = 0; i < 100; i++) {
            clock.advance(Duration.ofSeconds(6));
            assertThat(limiter.check(alice(1)).allowed()).isTrue();
            assertThat(limiter.check(alice(1)).allowed()).isFalse();
        }
    }

    @Test
    void aPeriodThatDoesNotDivideEvenlyStillAllowsExactlyTheLimit() {
        RateLimiter limiter = limiter("ratelimit.rule.sub.key", "user", "ratelimit.rule.sub.window.1m", "messages:7");
        long allowed = java.util.stream.IntStream.range(0, 20).filter(i -> limiter.check(alice(1)).allowed()).count();
        assertThat(allowed).isEqualTo(7);
        clock.advance(Duration.ofMinutes(1));
        allowed = java.util.stream.IntStream.range(0, 20).filter(i -> limiter.check(alice(1)).allowed()).count();
        assertThat(allowed).isEqualTo(7);
    }

    @Test
    void theLongWindowCapsWhatTheBurstWindowWouldAllow() {
        RateLimiter limiter = limiter("ratelimit.rule.sub.key", "user",
                "ratelimit.rule.sub.window.1m", "messages:10", "ratelimit.rule.sub.window.1h", "messages:20");
        assertThat(countAllowed(limiter, 30)).isEqualTo(10);
        clock.advance(Duration.ofMinutes(1));
        assertThat(countAllowed(limiter, 30)).isEqualTo(10);
        clock.advance(Duration.ofMinutes(1));
        RateLimitDecision refused = limiter.check(alice(1));
        assertThat(refused.budget().orElseThrow().window()).isEqualTo("1h");
        // 1h / 20 = 3 min per message: 20 messages put the 1h TAT 60 min after the first burst; one more
        // needs it at most 57 min after it, that is 1 min from now.
        assertThat(refused.retryAfter()).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void dimensionsAreAllOrNothing() {
        RateLimiter limiter = limiter("ratelimit.rule.sub.key", "user", "ratelimit.rule.sub.window.1m", "messages:10,recipients:20");
        assertThat(limiter.check(alice(15)).allowed()).isTrue();
        RateLimitDecision refused = limiter.check(alice(6));
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.budget().orElseThrow().dimension()).isEqualTo(Dimension.RECIPIENTS);
        assertThat(budget(limiter, "sub", "user=alice@example.com", "1m", Dimension.MESSAGES).remaining())
                .as("the refused attempt did not charge messages").isEqualTo(9);
        assertThat(limiter.check(alice(5)).allowed()).isTrue();
    }

    @Test
    void windowsAreAllOrNothing() {
        RateLimiter limiter = limiter("ratelimit.rule.sub.key", "user",
                "ratelimit.rule.sub.window.1m", "recipients:10", "ratelimit.rule.sub.window.1d", "recipients:12");
        assertThat(limiter.check(alice(8)).allowed()).isTrue();
        clock.advance(Duration.ofMinutes(1));
        assertThat(limiter.check(alice(5)).allowed()).as("fits 1m, not 1d").isFalse();
        assertThat(budget(limiter, "sub", "user=alice@example.com", "1m", Dimension.RECIPIENTS).remaining()).isEqualTo(10);
        assertThat(limiter.check(alice(4)).allowed()).isTrue();
    }

    @Test
    void leakyRefusalsCostNothingSoARetryingClientGetsThroughOnTime() {
        RateLimiter limiter = limiter("ratelimit.rule.sub.key", "user", "ratelimit.rule.sub.window.1m", "messages:10");
        countAllowed(limiter, 10);
        for (int i = 0; i < 5; i++) {
            clock.advance(Duration.ofSeconds(1));
            assertThat(limiter.check(alice(1)).allowed()).isFalse();
        }
        clock.advance(Duration.ofSeconds(1));
        assertThat(limiter.check(alice(1)).allowed()).isTrue();
    }

    @Test
    void strictRefusalsAreChargedSoAHammeringClientStaysBlocked() {
        RateLimiter limiter = limiter("ratelimit.rule.sub.key", "user", "ratelimit.rule.sub.window.1m", "messages:10",
                "ratelimit.rule.sub.mode", "strict");
        countAllowed(limiter, 10);
        for (int i = 0; i < 5; i++) {
            clock.advance(Duration.ofSeconds(5));
            RateLimitDecision refused = limiter.check(alice(1));
            assertThat(refused.allowed()).isFalse();
            assertThat(refused.retryAfter()).as("each refusal pushes the next slot a full interval away").isEqualTo(Duration.ofSeconds(6));
        }
        clock.advance(Duration.ofSeconds(6));
        assertThat(limiter.check(alice(1)).allowed()).isTrue();
    }

    @Test
    void aRefusalByOneRuleRefundsTheRulesAlreadyCharged() {
        RateLimiter limiter = limiter("ratelimit.rule.a-user.key", "user", "ratelimit.rule.a-user.window.1m", "messages:10",
                "ratelimit.rule.b-ip.key", "ip", "ratelimit.rule.b-ip.window.1m", "messages:1");
        RateLimitRequest fromIp = RateLimitRequest.builder().user("alice@example.com").clientIp(ip("192.0.2.1")).build();
        assertThat(limiter.check(fromIp).allowed()).isTrue();
        RateLimitDecision refused = limiter.check(fromIp);
        assertThat(refused.budget().orElseThrow().rule()).isEqualTo("b-ip");
        assertThat(budget(limiter, "a-user", "user=alice@example.com", "1m", Dimension.MESSAGES).remaining()).isEqualTo(9);
    }

    @Test
    void bytesAreReservedAtRcptAndSettledAtEndOfData() {
        RateLimiter limiter = limiter("ratelimit.rule.sub.key", "user", "ratelimit.rule.sub.window.1m", "messages:10,bytes:10MB");
        Reservation r = limiter.reserve(RateLimitRequest.builder().user("alice@example.com").bytes(1 << 20).build());
        assertThat(r.decision().allowed()).isTrue();
        assertThat(limiter.commit(r, 4L << 20).allowed()).isTrue();
        assertThat(budget(limiter, "sub", "user=alice@example.com", "1m", Dimension.BYTES).remaining()).isEqualTo(6L << 20);
        assertThat(limiter.commit(r, 9L << 20).allowed()).as("settling twice does nothing").isTrue();
        assertThat(budget(limiter, "sub", "user=alice@example.com", "1m", Dimension.BYTES).remaining()).isEqualTo(6L << 20);

        Reservation smaller = limiter.reserve(RateLimitRequest.builder().user("alice@example.com").bytes(3L << 20).build());
        limiter.commit(smaller, 1L << 20);
        assertThat(budget(limiter, "sub", "user=alice@example.com", "1m", Dimension.BYTES).remaining()).isEqualTo(5L << 20);
    }

    @Test
    void bytesRefundedToNothingLeaveTheMessageCharged() {
        RateLimiter limiter = limiter("ratelimit.rule.sub.key", "user", "ratelimit.rule.sub.window.1m", "messages:10,bytes:10MB");
        Reservation r = limiter.reserve(RateLimitRequest.builder().user("alice@example.com").bytes(1 << 20).build());
        assertThat(limiter.commit(r, 0).allowed()).isTrue();
        assertThat(budget(limiter, "sub", "user=alice@example.com", "1m", Dimension.BYTES).remaining()).isEqualTo(10L << 20);
        assertThat(budget(limiter, "sub", "user=alice@example.com", "1m", Dimension.MESSAGES).remaining()).isEqualTo(9);
    }

    @Test
    void aCommitWhoseBytesDoNotFitReleasesTheWholeReservation() {
        RateLimiter limiter = limiter("ratelimit.rule.sub.key", "user", "ratelimit.rule.sub.window.1m", "messages:10,bytes:10MB");
        Reservation r = limiter.reserve(RateLimitRequest.builder().user("alice@example.com").build());
        RateLimitDecision settled = limiter.commit(r, 11L << 20);
        assertThat(settled.allowed()).isFalse();
        assertThat(settled.exceedsLimit()).isTrue();
        assertThat(settled.budget().orElseThrow().dimension()).isEqualTo(Dimension.BYTES);
        assertThat(limiter.state("sub", "user=alice@example.com")).as("nothing left charged").isEmpty();
    }

    @Test
    void anAbsurdlyLargeMessageIsRefusedAsExceedingTheLimitNotLetThroughByOverflow() {
        RateLimiter limiter = limiter("ratelimit.rule.sub.key", "user", "ratelimit.rule.sub.window.366d", "bytes:1");
        RateLimitDecision d = limiter.check(RateLimitRequest.builder().user("alice@example.com").bytes(Long.MAX_VALUE).build());
        assertThat(d.allowed()).isFalse();
        assertThat(d.exceedsLimit()).isTrue();
    }

    @Test
    void releaseGivesEverythingBack() {
        RateLimiter limiter = limiter("ratelimit.rule.sub.key", "user", "ratelimit.rule.sub.window.1m", "messages:10,recipients:10");
        Reservation r = limiter.reserve(alice(4));
        limiter.release(r);
        limiter.release(r);
        assertThat(limiter.state("sub", "user=alice@example.com")).isEmpty();
        assertThat(countAllowed(limiter, 20)).isEqualTo(10);
    }

    @Test
    void stateResetAndMostLimitedKeys() {
        RateLimiter limiter = limiter("ratelimit.rule.sub.key", "user", "ratelimit.rule.sub.window.1m", "messages:2");
        RateLimitRequest bob = RateLimitRequest.builder().user("bob@example.com").build();
        for (int i = 0; i < 5; i++) {
            limiter.check(alice(1));
        }
        for (int i = 0; i < 3; i++) {
            limiter.check(bob);
        }
        assertThat(limiter.mostLimited(10)).containsExactly(new LimitedBucket("sub|user=alice@example.com", 3),
                new LimitedBucket("sub|user=bob@example.com", 1));
        RateLimitState state = limiter.state("sub", "user=alice@example.com").orElseThrow();
        assertThat(state.limitedCount()).isEqualTo(3);
        assertThat(state.budgets()).containsExactly(new RateLimitBudget("sub", "user=alice@example.com", "1m", Dimension.MESSAGES,
                2, 0, Duration.ofSeconds(30)));
        assertThat(limiter.reset("sub", "user=alice@example.com")).isTrue();
        assertThat(limiter.state(alice(1)).get(0).budgets().get(0).remaining()).isEqualTo(2);
        assertThat(limiter.check(alice(1)).allowed()).isTrue();
    }

    @Test
    void aStoreThatFailsIsFailOpenByDefaultAndFailClosedWhenAsked() {
        RateLimitStore broken = new UnreachableStore();
        RateLimitRules rules = RateLimitRules.parse(Map.of(
                "ratelimit.rule.open.key", "user", "ratelimit.rule.open.window.1m", "messages:1"));
        RateLimitDecision open = new RateLimiter(rules, broken).check(alice(1));
        assertThat(open.allowed()).isTrue();
        assertThat(open.storeFailures()).containsExactly("open");

        RateLimitRules closedRules = RateLimitRules.parse(Map.of(
                "ratelimit.rule.closed.key", "user", "ratelimit.rule.closed.window.1m", "messages:1",
                "ratelimit.rule.closed.on-failure", "fail-closed"));
        RateLimitDecision closed = new RateLimiter(closedRules, broken).check(alice(1));
        assertThat(closed.status()).isEqualTo(RateLimitDecision.Status.STORE_FAILURE);
        assertThat(closed.storeFailures()).containsExactly("closed");
    }

    @Test
    void aRequestNoRuleAppliesToIsAllowedWithoutABudget() {
        RateLimiter limiter = limiter("ratelimit.rule.sub.key", "user", "ratelimit.rule.sub.window.1m", "messages:1");
        RateLimitDecision d = limiter.check(RateLimitRequest.builder().clientIp(ip("192.0.2.1")).build());
        assertThat(d.allowed()).isTrue();
        assertThat(d.budget()).isEmpty();
    }

    @Test
    void twoStoresUnderOneRuleSetKeepTheirOwnBuckets() {
        // A bucket id remembers the cell a store last found it as; another store must not use that cell.
        RateLimitRules rules = RateLimitRules.parse(Map.of("ratelimit.rule.sub.key", "user", "ratelimit.rule.sub.window.1m", "messages:1"));
        RateLimiter first = new RateLimiter(rules, store);
        RateLimiter second = new RateLimiter(rules, new InMemoryRateLimitStore(clock, 1000));
        assertThat(first.check(alice(1)).allowed()).isTrue();
        assertThat(first.check(alice(1)).allowed()).isFalse();
        assertThat(second.check(alice(1)).allowed()).isTrue();
        assertThat(second.check(alice(1)).allowed()).isFalse();
        assertThat(first.reset("sub", "user=alice@example.com")).isTrue();
        assertThat(first.check(alice(1)).allowed()).as("a reset bucket starts afresh though its id remembers the old cell").isTrue();
        assertThat(second.check(alice(1)).allowed()).isFalse();
    }

    @Test
    void idleBucketsExpireAndTheStoreStaysBounded() {
        InMemoryRateLimitStore small = new InMemoryRateLimitStore(clock, 100);
        RateLimiter limiter = new RateLimiter(RateLimitRules.parse(Map.of(
                "ratelimit.rule.ip.key", "ip", "ratelimit.rule.ip.window.1m", "messages:5")), small);
        for (int i = 0; i < 1000; i++) {
            limiter.check(RateLimitRequest.builder().clientIp(ip("10.0." + (i / 250) + "." + (i % 250))).build());
            if (i % 200 == 0) {
                clock.advance(Duration.ofMinutes(1));
            }
        }
        assertThat(small.size()).isLessThanOrEqualTo(101);
        clock.advance(Duration.ofMinutes(1));
        assertThat(small.mostLimited(10)).isEmpty();
        assertThat(small.read("ip|ip=10.0.3.249")).isEmpty();
    }

    @Test
    void theDefaultClockStartsAtWallTimeAndNeverGoesBack() {
        MonotonicClock monotonic = new MonotonicClock();
        java.time.Instant first = monotonic.instant();
        assertThat(Duration.between(first, java.time.Instant.now()).abs()).isLessThan(Duration.ofSeconds(1));
        java.time.Instant previous = first;
        for (int i = 0; i < 1000; i++) {
            java.time.Instant next = monotonic.instant();
            assertThat(next).isAfterOrEqualTo(previous);
            previous = next;
        }
    }

    private long countAllowed(RateLimiter limiter, int attempts) {
        return java.util.stream.IntStream.range(0, attempts).filter(i -> limiter.check(alice(1)).allowed()).count();
    }

    private static RateLimitBudget budget(RateLimiter limiter, String rule, String key, String window, Dimension dimension) {
        Optional<RateLimitState> state = limiter.state(rule, key);
        return state.orElseThrow().budgets().stream()
                .filter(b -> b.window().equals(window) && b.dimension() == dimension).findFirst().orElseThrow();
    }

    static InetAddress ip(String literal) {
        return IpLiteral.parseAddress(literal).orElseThrow();
    }

    /** A store whose back end never answers, as Redis behind a dead network does. */
    private static final class UnreachableStore implements RateLimitStore {
        @Override
        public GcraOutcome apply(GcraUpdate update) {
            throw new RateLimitStoreException("timed out after 50 ms", null);
        }

        @Override
        public Optional<StoredBucket> read(String bucket) {
            throw new RateLimitStoreException("timed out after 50 ms", null);
        }

        @Override
        public boolean reset(String bucket) {
            throw new RateLimitStoreException("timed out after 50 ms", null);
        }

        @Override
        public List<LimitedBucket> mostLimited(int limit) {
            throw new RateLimitStoreException("timed out after 50 ms", null);
        }
    }
}
