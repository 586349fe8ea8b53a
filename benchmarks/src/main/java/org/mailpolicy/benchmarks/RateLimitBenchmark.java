package org.mailpolicy.benchmarks;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.mailpolicy.ratelimit.Dimension;
import org.mailpolicy.ratelimit.InMemoryRateLimitStore;
import org.mailpolicy.ratelimit.RateLimitDecision;
import org.mailpolicy.ratelimit.RateLimitRequest;
import org.mailpolicy.ratelimit.RateLimitRules;
import org.mailpolicy.ratelimit.RateLimitWindow;
import org.mailpolicy.ratelimit.RateLimiter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import es.moki.ratelimitj.core.limiter.request.RequestLimitRule;
import es.moki.ratelimitj.core.limiter.request.RequestRateLimiter;
import es.moki.ratelimitj.inmemory.request.InMemorySlidingWindowRequestRateLimiter;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.local.LocalBucketBuilder;

/**
 * In-memory rate-limit decisions per second with 16 threads: MailPolicy's {@link RateLimiter}
 * against Bucket4j 8.19 (a local bucket per key) and RateLimitJ 0.7 (what James's rate limiter
 * uses), each limiting one message per key with the same limit; on one hot key, and on keys drawn
 * from 100,000. At 1,000,000 a minute the hot key's burst is spent within milliseconds, so its
 * figure is mostly refusals, while each random key is seldom hit and always allowed; at
 * 10,000,000,000 a day (an increment of 8 µs, not the 0 that would leave nothing to count) no key
 * is ever refused within a run, so the hot key's figure is allowed decisions, each one written.
 * Rules of two windows (a burst window and a daily cap, as admins set them; Bucket4j gets two
 * bandwidths, RateLimitJ two rules) are measured the same way: spent, or never reached.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(16)
@State(Scope.Benchmark)
public class RateLimitBenchmark {

    private static final int KEY_SPACE = 100_000;

    @Param({"hot", "random"})
    public String keys;

    /**
     * Messages per period, one window or several joined by {@code +} (a burst window and a daily
     * cap, as admins set them): spent on the hot key, or never spent. A window never spent allows
     * at most one message per µs of its period: a finer rate is below GCRA's µs resolution, so a
     * message would cost that window nothing and the row would measure one window, not two.
     */
    @Param({"1000000/1m", "10000000000/1d", "1000000/1m+10000000000/1d", "1000000000/1h+10000000000/1d"})
    public String limit;

    private RateLimiter mailPolicy;
    private Map<String, Bucket> buckets;
    private List<RateLimitWindow> windows;
    private RequestRateLimiter rateLimitJ;
    private String[] names;

    @Setup
    public void setUp() {
        // The rule as an admin writes it in mailpolicy.properties, read by the rules parser.
        Map<String, String> properties = new HashMap<>();
        properties.put("ratelimit.rule.per-user.key", "user");
        for (String window : limit.split("\\+")) {
            int slash = window.indexOf('/');
            properties.put("ratelimit.rule.per-user.window." + window.substring(slash + 1), "messages:" + window.substring(0, slash));
        }
        RateLimitRules rules = RateLimitRules.parse(properties);
        windows = rules.rules().get(0).windows();
        mailPolicy = new RateLimiter(rules, new InMemoryRateLimitStore());
        buckets = new ConcurrentHashMap<>();
        Set<RequestLimitRule> rateLimitJRules = new HashSet<>();
        for (RateLimitWindow window : windows) {
            rateLimitJRules.add(RequestLimitRule.of(window.period(), messages(window)));
        }
        rateLimitJ = new InMemorySlidingWindowRequestRateLimiter(rateLimitJRules);
        names = new String[KEY_SPACE];
        for (int i = 0; i < KEY_SPACE; i++) {
            names[i] = "user" + i + "@example.com";
        }
    }

    private String key() {
        return "hot".equals(keys) ? names[0] : names[ThreadLocalRandom.current().nextInt(KEY_SPACE)];
    }

    @Benchmark
    public RateLimitDecision mailPolicyInMemory() {
        return mailPolicy.check(RateLimitRequest.builder().user(key()).messages(1).build());
    }

    @Benchmark
    public boolean bucket4jLocal() {
        return buckets.computeIfAbsent(key(), k -> bucket()).tryConsume(1);
    }

    @Benchmark
    public ConsumptionProbe bucket4jLocalProbe() {
        return buckets.computeIfAbsent(key(), k -> bucket()).tryConsumeAndReturnRemaining(1);
    }

    private Bucket bucket() {
        LocalBucketBuilder builder = Bucket.builder();
        for (RateLimitWindow window : windows) {
            long messages = messages(window);
            builder.addLimit(bandwidth -> bandwidth.capacity(messages).refillGreedy(messages, window.period()));
        }
        return builder.build();
    }

    private static long messages(RateLimitWindow window) {
        return window.limits().get(Dimension.MESSAGES);
    }

    @Benchmark
    public boolean rateLimitJInMemory() {
        return rateLimitJ.overLimitWhenIncremented(key());
    }
}
