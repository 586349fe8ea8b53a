package org.mailpolicy.benchmarks;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.mailpolicy.ratelimit.Dimension;
import org.mailpolicy.ratelimit.InMemoryRateLimitStore;
import org.mailpolicy.ratelimit.KeyPart;
import org.mailpolicy.ratelimit.RateLimitDecision;
import org.mailpolicy.ratelimit.RateLimitRequest;
import org.mailpolicy.ratelimit.RateLimitRule;
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

/**
 * In-memory rate-limit decisions per second with 16 threads: MailPolicy's {@link RateLimiter}
 * against Bucket4j 8.19 (a local bucket per key) and RateLimitJ 0.7 (what James's rate limiter
 * uses), each limiting one message per key at 1,000,000 a minute so decisions, not refusals, are
 * measured; on one hot key, and on keys drawn from 100,000.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(16)
@State(Scope.Benchmark)
public class RateLimitBenchmark {

    private static final long LIMIT = 1_000_000;
    private static final Duration PERIOD = Duration.ofMinutes(1);
    private static final int KEY_SPACE = 100_000;

    @Param({"hot", "random"})
    public String keys;

    private RateLimiter mailPolicy;
    private Map<String, Bucket> buckets;
    private RequestRateLimiter rateLimitJ;
    private String[] names;

    @Setup
    public void setUp() {
        RateLimitRule rule = RateLimitRule.builder("per-user")
                .key(KeyPart.USER)
                .window(new RateLimitWindow("1m", PERIOD, Map.of(Dimension.MESSAGES, LIMIT)))
                .build();
        mailPolicy = new RateLimiter(RateLimitRules.of(List.of(rule)), new InMemoryRateLimitStore());
        buckets = new ConcurrentHashMap<>();
        rateLimitJ = new InMemorySlidingWindowRequestRateLimiter(RequestLimitRule.of(PERIOD, LIMIT));
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
        return buckets.computeIfAbsent(key(), k -> Bucket.builder()
                .addLimit(limit -> limit.capacity(LIMIT).refillGreedy(LIMIT, PERIOD))
                .build()).tryConsume(1);
    }

    @Benchmark
    public boolean rateLimitJInMemory() {
        return rateLimitJ.overLimitWhenIncremented(key());
    }
}
