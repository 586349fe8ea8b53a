package org.mailpolicy.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Redis store against a real redis-server: same answers as in memory, one command per decision, failure policies. */
class RedisRateLimitStoreTest {

    private static RedisServer redis;
    private static RedisClient admin;
    private static StatefulRedisConnection<String, String> adminConnection;
    private RedisRateLimitStore store;

    @BeforeAll
    static void startRedis() throws IOException, InterruptedException {
        redis = RedisServer.start();
        admin = RedisClient.create(redis.uri());
        adminConnection = admin.connect();
    }

    @AfterAll
    static void stopRedis() throws IOException, InterruptedException {
        adminConnection.close();
        admin.shutdown();
        redis.close();
    }

    @BeforeEach
    void connect() {
        adminConnection.sync().flushall();
        // behaviour tests: a busy build machine can miss 50 ms; the timeout itself is tested below
        store = RedisRateLimitStore.standalone(redis.uri(), HAMMER_TIMEOUT);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private RateLimiter limiter(String... properties) {
        return limiter(store, properties);
    }

    private static RateLimiter limiter(RateLimitStore store, String... properties) {
        Map<String, String> map = new java.util.HashMap<>();
        for (int i = 0; i < properties.length; i += 2) {
            map.put(properties[i], properties[i + 1]);
        }
        return new RateLimiter(RateLimitRules.parse(map), store);
    }

    /**
     * The hammering tests check exactness, not latency: on two cores shared with other builds a
     * cold JVM can miss 50 ms, and a fail-open miss would hide nothing but make the count vary.
     */
    private static final Duration HAMMER_TIMEOUT = Duration.ofSeconds(2);

    private static final RateLimitRequest ALICE = RateLimitRequest.builder().user("alice@example.com").recipient("bob@example.net").build();

    @Test
    void aBurstPassesThenRetryAfterIsOneEmissionIntervalOnRedisClock() {
        RateLimiter limiter = limiter("ratelimit.rule.sub.key", "user", "ratelimit.rule.sub.window.1d", "messages:10");
        for (int i = 0; i < 10; i++) {
            RateLimitDecision d = limiter.check(ALICE);
            assertThat(d.allowed()).isTrue();
            assertThat(d.budget().orElseThrow().remaining()).isEqualTo(9 - i);
        }
        RateLimitDecision refused = limiter.check(ALICE);
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.retryAfter()).isBetween(Duration.ofSeconds(8640 - 5), Duration.ofSeconds(8640));
        assertThat(refused.budget().orElseThrow().key()).isEqualTo("user=alice@example.com");
    }

    @Test
    void dimensionsAndWindowsAreAllOrNothingAndStrictChargesRefusals() {
        RateLimiter limiter = limiter("ratelimit.rule.sub.key", "user",
                "ratelimit.rule.sub.window.1h", "messages:10, recipients:3", "ratelimit.rule.sub.window.1d", "messages:100");
        RateLimitRequest three = RateLimitRequest.builder().user("alice@example.com").recipientCount(3).build();
        assertThat(limiter.check(three).allowed()).isTrue();
        RateLimitDecision refused = limiter.check(three);
        assertThat(refused.budget().orElseThrow().dimension()).isEqualTo(Dimension.RECIPIENTS);
        RateLimitState state = limiter.state("sub", "user=alice@example.com").orElseThrow();
        assertThat(state.budgets()).extracting(RateLimitBudget::remaining).containsExactlyInAnyOrder(9L, 0L, 99L);
        assertThat(state.limitedCount()).isEqualTo(1);
        assertThat(limiter.mostLimited(5)).containsExactly(new LimitedBucket("sub|user=alice@example.com", 1));
        assertThat(limiter.reset("sub", "user=alice@example.com")).isTrue();
        assertThat(limiter.state("sub", "user=alice@example.com")).isEmpty();
    }

    @Test
    void reservationsSettleOnRedis() {
        RateLimiter limiter = limiter("ratelimit.rule.sub.key", "user", "ratelimit.rule.sub.window.1d", "messages:10, bytes:10MB");
        Reservation r = limiter.reserve(RateLimitRequest.builder().user("alice@example.com").bytes(1 << 20).build());
        assertThat(limiter.commit(r, 3L << 20).allowed()).isTrue();
        RateLimitBudget bytes = limiter.state("sub", "user=alice@example.com").orElseThrow().budgets().stream()
                .filter(b -> b.dimension() == Dimension.BYTES).findFirst().orElseThrow();
        // Redis's clock runs: 10 MB a day refills 121 bytes a second while the test runs.
        assertThat(bytes.remaining()).isBetween((7L << 20) - 1, (7L << 20) + 1210);
        limiter.release(limiter.reserve(RateLimitRequest.builder().user("alice@example.com").bytes(5L << 20).build()));
        assertThat(limiter.check(RateLimitRequest.builder().user("alice@example.com").bytes(6L << 20).build()).allowed()).isTrue();
    }

    @Test
    void theLuaScriptAndTheJavaStoreGiveTheSameAnswers() {
        String[] rules = {"ratelimit.rule.odd.key", "user", "ratelimit.rule.odd.window.1d", "messages:7, bytes:1000003",
                "ratelimit.rule.odd.window.12h", "recipients:13", "ratelimit.rule.odd.mode", "strict"};
        RateLimiter onRedis = limiter(rules);
        RateLimiter inMemory = limiter(new InMemoryRateLimitStore(), rules);
        for (int i = 0; i < 12; i++) {
            RateLimitRequest request = RateLimitRequest.builder().user("alice@example.com").recipientCount(i % 3).bytes(333_331L * (i % 2)).build();
            RateLimitDecision a = onRedis.check(request);
            RateLimitDecision b = inMemory.check(request);
            assertThat(a.status()).as("attempt %d", i).isEqualTo(b.status());
            assertThat(a.budget().map(RateLimitBudget::remaining)).as("attempt %d", i).isEqualTo(b.budget().map(RateLimitBudget::remaining));
            assertThat(a.budget().map(RateLimitBudget::dimension)).as("attempt %d", i).isEqualTo(b.budget().map(RateLimitBudget::dimension));
        }
    }

    @Test
    void twoNodesSharingOneRedisEnforceOneLimitTogether() throws InterruptedException {
        String[] rules = {"ratelimit.rule.r.key", "user", "ratelimit.rule.r.window.1d", "messages:500, recipients:1200"};
        try (RedisRateLimitStore nodeA = RedisRateLimitStore.standalone(redis.uri(), HAMMER_TIMEOUT);
                RedisRateLimitStore nodeB = RedisRateLimitStore.standalone(redis.uri(), HAMMER_TIMEOUT)) {
            RateLimiter a = limiter(nodeA, rules);
            RateLimiter b = limiter(nodeB, rules);
            Hammer.Totals[] totals = new Hammer.Totals[2];
            Thread onB = new Thread(() -> {
                try {
                    totals[1] = Hammer.run(b, 4, 200, 3);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            onB.start();
            totals[0] = Hammer.run(a, 4, 200, 3);
            onB.join();
            assertThat(totals[0].storeFailures + totals[1].storeFailures).isZero();
            assertThat(totals[0].allowedMessages + totals[1].allowedMessages).isLessThanOrEqualTo(500);
            assertThat(totals[0].allowedRecipients + totals[1].allowedRecipients).isLessThanOrEqualTo(1200);
            assertThat(totals[0].allowedMessages).as("both nodes were served").isPositive();
            assertThat(totals[1].allowedMessages).as("both nodes were served").isPositive();
        }
    }

    @Test
    void eachDecisionIsOneRedisCommand() {
        RateLimiter limiter = limiter("ratelimit.rule.sub.key", "user",
                "ratelimit.rule.sub.window.1m", "messages:1000, recipients:5000, bytes:1GB", "ratelimit.rule.sub.window.1d", "messages:5000");
        limiter.check(ALICE);
        adminConnection.sync().configResetstat();
        for (int i = 0; i < 100; i++) {
            limiter.check(ALICE);
        }
        String stats = adminConnection.sync().info("commandstats");
        Map<String, Long> calls = Arrays.stream(stats.split("\r?\n")).filter(l -> l.startsWith("cmdstat_"))
                .collect(java.util.stream.Collectors.toMap(l -> l.substring("cmdstat_".length(), l.indexOf(':')),
                        l -> Long.parseLong(l.replaceAll("^[^:]*:calls=([0-9]+),.*", "$1"))));
        // commandstats also counts the commands a script runs. The client's own commands are the
        // EVALSHAs: the script calls TIME once and HGET once per cell (4 cells), so any command the
        // client sent besides would show as an extra call.
        assertThat(calls).as(stats).containsEntry("evalsha", 100L).containsEntry("time", 100L).containsEntry("hget", 400L)
                .containsEntry("pttl", 100L).doesNotContainKeys("eval", "script|load", "hgetall", "get", "set");
        assertThat(calls.keySet()).as(stats).isSubsetOf("evalsha", "time", "hget", "hset", "hdel", "hincrby", "pttl", "pexpire",
                "config|resetstat", "info");
    }

    @Test
    void eightThreadsOnOneKeyNeverGetMoreThanTheLimit() throws InterruptedException {
        try (RedisRateLimitStore patient = RedisRateLimitStore.standalone(redis.uri(), HAMMER_TIMEOUT)) {
            RateLimiter limiter = limiter(patient, "ratelimit.rule.r.key", "user", "ratelimit.rule.r.window.1d", "messages:1000");
            Hammer.Totals totals = Hammer.run(limiter, 8, 250, 1);
            assertThat(totals.storeFailures).isZero();
            assertThat(totals.allowedMessages).isEqualTo(1000);
        }
    }

    @Test
    void eightThreadsWithTwoWindowsAndTwoDimensionsStayWithinEveryLimit() throws InterruptedException {
        try (RedisRateLimitStore patient = RedisRateLimitStore.standalone(redis.uri(), HAMMER_TIMEOUT)) {
            RateLimiter limiter = limiter(patient, "ratelimit.rule.r.key", "user",
                    "ratelimit.rule.r.window.12h", "messages:700, recipients:1500",
                    "ratelimit.rule.r.window.1d", "messages:600, recipients:1600");
            Hammer.Totals totals = Hammer.run(limiter, 8, 250, 3);
            Hammer.assertWithin(totals, 600, 1500);
            Hammer.assertStateMatches(limiter, totals, 600, 1500);
        }
    }

    @Test
    void redisDownFailsOpenOrClosedWithinTheTimeoutAndRecovers() throws IOException, InterruptedException {
        RateLimitRules open = RateLimitRules.parse(Map.of("ratelimit.rule.open.key", "user", "ratelimit.rule.open.window.1d", "messages:100"));
        RateLimitRules closed = RateLimitRules.parse(Map.of("ratelimit.rule.closed.key", "user", "ratelimit.rule.closed.window.1d", "messages:100",
                "ratelimit.rule.closed.on-failure", "fail-closed"));
        RedisServer other = RedisServer.start();
        try (RedisRateLimitStore shared = RedisRateLimitStore.standalone(other.uri(), RedisRateLimitStore.DEFAULT_TIMEOUT)) {
            RateLimiter openLimiter = new RateLimiter(open, shared);
            RateLimiter closedLimiter = new RateLimiter(closed, shared);
            assertThat(openLimiter.check(ALICE).storeFailures()).isEmpty();

            other.stop();
            for (int i = 0; i < 20; i++) {
                long start = System.nanoTime();
                RateLimitDecision o = openLimiter.check(ALICE);
                RateLimitDecision c = closedLimiter.check(ALICE);
                Duration took = Duration.ofNanos(System.nanoTime() - start);
                assertThat(o.allowed()).isTrue();
                assertThat(o.storeFailures()).containsExactly("open");
                assertThat(c.status()).isEqualTo(RateLimitDecision.Status.STORE_FAILURE);
                assertThat(took).as("two decisions while Redis is down").isLessThan(Duration.ofMillis(2 * 50 + 400));
            }

            other.restart();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            RateLimitDecision after;
            do {
                Thread.sleep(100);
                after = closedLimiter.check(ALICE);
            } while (!after.allowed() && System.nanoTime() < deadline);
            assertThat(after.allowed()).as("fail-closed recovers when Redis returns").isTrue();
            assertThat(openLimiter.check(ALICE).storeFailures()).isEmpty();
        } finally {
            other.stop();
        }
    }

    @Test
    void aRedisThatHangsCostsNoMoreThanTheTimeout() throws IOException, InterruptedException {
        try (RedisRateLimitStore production = RedisRateLimitStore.standalone(redis.uri(), RedisRateLimitStore.DEFAULT_TIMEOUT)) {
            RateLimiter limiter = limiter(production, "ratelimit.rule.r.key", "user", "ratelimit.rule.r.window.1d", "messages:100");
            assertThat(limiter.check(ALICE).storeFailures()).isEmpty();
            assertEachDecisionEndsWithinTheTimeoutWhileRedisHangs(limiter);
        }
    }

    private void assertEachDecisionEndsWithinTheTimeoutWhileRedisHangs(RateLimiter limiter) throws IOException, InterruptedException {
        redis.freeze(true);
        try {
            for (int i = 0; i < 5; i++) {
                long start = System.nanoTime();
                RateLimitDecision d = limiter.check(ALICE);
                Duration took = Duration.ofNanos(System.nanoTime() - start);
                assertThat(d.allowed()).isTrue();
                assertThat(d.storeFailures()).containsExactly("r");
                assertThat(took).isBetween(Duration.ofMillis(45), Duration.ofMillis(50 + 400));
            }
        } finally {
            redis.freeze(false);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        RateLimitDecision after;
        do {
            after = limiter.check(ALICE);
        } while (!after.storeFailures().isEmpty() && System.nanoTime() < deadline);
        assertThat(after.storeFailures()).as("answers again once Redis thaws").isEmpty();
    }

    @Test
    void aStoreStartedWhileRedisIsDownConnectsLater() throws IOException, InterruptedException {
        int port = RedisServer.freePort();
        try (RedisRateLimitStore early = RedisRateLimitStore.standalone("redis://127.0.0.1:" + port, RedisRateLimitStore.DEFAULT_TIMEOUT)) {
            RateLimiter limiter = new RateLimiter(RateLimitRules.parse(Map.of(
                    "ratelimit.rule.r.key", "user", "ratelimit.rule.r.window.1d", "messages:100")), early);
            long start = System.nanoTime();
            assertThat(limiter.check(ALICE).storeFailures()).containsExactly("r");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(500));
        }
    }
}
