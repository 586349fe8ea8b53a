package org.mailpolicy.benchmarks;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.mailpolicy.ratelimit.Dimension;
import org.mailpolicy.ratelimit.KeyPart;
import org.mailpolicy.ratelimit.RateLimitDecision;
import org.mailpolicy.ratelimit.RateLimitRequest;
import org.mailpolicy.ratelimit.RateLimitRule;
import org.mailpolicy.ratelimit.RateLimitRules;
import org.mailpolicy.ratelimit.RateLimitWindow;
import org.mailpolicy.ratelimit.RateLimiter;
import org.mailpolicy.ratelimit.RedisRateLimitStore;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import es.moki.ratelimitj.core.limiter.request.RequestLimitRule;
import es.moki.ratelimitj.core.limiter.request.RequestRateLimiter;
import es.moki.ratelimitj.redis.request.RedisRateLimiterFactory;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.BucketProxy;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.github.bucket4j.redis.lettuce.cas.LettuceBasedProxyManager;
import io.lettuce.core.RedisClient;

/**
 * Rate-limit decisions per second against a real redis-server (the Debian package, started by
 * the benchmark on a free loopback port, nothing persisted), 16 threads: MailPolicy's
 * {@link RedisRateLimitStore} (one Lua script per decision) against Bucket4j 8.19's Lettuce proxy
 * (compare-and-swap: a GET, then a CAS script, retried on conflict) and RateLimitJ 0.7's Redis
 * sliding window (what James's rate limiter offers), each limiting one message per key at
 * 1,000,000 a minute; on one hot key, and on keys drawn from 100,000. Before measuring, each is
 * run 1,000 times and the Redis commands it cost (from {@code INFO commandstats}) are printed
 * per decision.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(16)
@State(Scope.Benchmark)
public class RedisRateLimitBenchmark {

    private static final long LIMIT = 1_000_000;
    private static final Duration PERIOD = Duration.ofMinutes(1);
    private static final int KEY_SPACE = 100_000;
    private static final Path REDIS = Path.of("/usr/bin/redis-server");
    private static final Pattern COMMAND_STAT = Pattern.compile("cmdstat_([a-z|_-]+):calls=(\\d+)");

    @Param({"hot", "random"})
    public String keys;

    private Process redis;
    private int port;
    private RedisRateLimitStore store;
    private RateLimiter mailPolicy;
    private RedisClient bucket4jClient;
    private LettuceBasedProxyManager<byte[]> bucket4j;
    private BucketProxy[] bucket4jBuckets;
    private RedisClient rateLimitJClient;
    private RedisRateLimiterFactory rateLimitJFactory;
    private RequestRateLimiter rateLimitJ;
    private String[] names;

    @Setup
    public void setUp() throws Exception {
        port = freePort();
        redis = startRedis(port);
        String uri = "redis://127.0.0.1:" + port;
        RateLimitRule rule = RateLimitRule.builder("per-user")
                .key(KeyPart.USER)
                .window(new RateLimitWindow("1m", PERIOD, Map.of(Dimension.MESSAGES, LIMIT)))
                .build();
        // A patient timeout: 16 threads on 2 cores must measure decisions, not fail-open answers.
        store = RedisRateLimitStore.standalone(uri, Duration.ofSeconds(5));
        mailPolicy = new RateLimiter(RateLimitRules.of(List.of(rule)), store);

        bucket4jClient = RedisClient.create(uri);
        bucket4j = Bucket4jLettuce.casBasedBuilder(bucket4jClient)
                .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofSeconds(10)))
                .build();
        BucketConfiguration configuration = BucketConfiguration.builder()
                .addLimit(limit -> limit.capacity(LIMIT).refillGreedy(LIMIT, PERIOD))
                .build();

        rateLimitJClient = RedisClient.create(uri);
        rateLimitJFactory = new RedisRateLimiterFactory(rateLimitJClient);
        rateLimitJ = rateLimitJFactory.getInstance(Set.of(RequestLimitRule.of(PERIOD, LIMIT)));

        names = new String[KEY_SPACE];
        bucket4jBuckets = new BucketProxy[KEY_SPACE];
        for (int i = 0; i < KEY_SPACE; i++) {
            names[i] = "user" + i + "@example.com";
            bucket4jBuckets[i] = bucket4j.builder().build(("bucket4j:" + names[i]).getBytes(StandardCharsets.UTF_8), () -> configuration);
        }

        System.out.printf("%nRedis commands per decision, from INFO commandstats over 1,000 decisions on one key"
                + " (commands a script runs count too; eval/evalsha are the round trips of a scripted decision):%n");
        System.out.printf("  MailPolicy RedisRateLimitStore  %s%n", commandsPerDecision(() -> mailPolicy.check(request(names[1]))));
        System.out.printf("  Bucket4j 8.19 Lettuce CAS       %s%n", commandsPerDecision(() -> bucket4jBuckets[1].tryConsume(1)));
        System.out.printf("  RateLimitJ 0.7 Redis            %s%n", commandsPerDecision(() -> rateLimitJ.overLimitWhenIncremented(names[1])));
    }

    @TearDown
    public void tearDown() {
        store.close();
        bucket4jClient.shutdown();
        rateLimitJFactory.close();
        rateLimitJClient.shutdown();
        redis.destroy();
    }

    private String key() {
        return "hot".equals(keys) ? names[0] : names[ThreadLocalRandom.current().nextInt(KEY_SPACE)];
    }

    private int index() {
        return "hot".equals(keys) ? 0 : ThreadLocalRandom.current().nextInt(KEY_SPACE);
    }

    private static RateLimitRequest request(String user) {
        return RateLimitRequest.builder().user(user).messages(1).build();
    }

    @Benchmark
    public RateLimitDecision mailPolicyRedis() {
        return mailPolicy.check(request(key()));
    }

    @Benchmark
    public boolean bucket4jRedisCas() {
        return bucket4jBuckets[index()].tryConsume(1);
    }

    @Benchmark
    public boolean rateLimitJRedis() {
        return rateLimitJ.overLimitWhenIncremented(key());
    }

    private String commandsPerDecision(Supplier<?> decision) throws IOException {
        Map<String, Long> before = commandCalls();
        for (int i = 0; i < 1_000; i++) {
            decision.get();
        }
        Map<String, Long> after = commandCalls();
        // The INFO of the first reading is counted by the second one.
        after.merge("info", -1L, Long::sum);
        StringBuilder out = new StringBuilder();
        long total = 0;
        for (Map.Entry<String, Long> command : after.entrySet()) {
            long calls = command.getValue() - before.getOrDefault(command.getKey(), 0L);
            if (calls > 0) {
                total += calls;
                out.append(String.format(Locale.ROOT, " %s=%.2f", command.getKey(), calls / 1_000.0));
            }
        }
        return String.format(Locale.ROOT, "%.2f:%s", total / 1_000.0, out);
    }

    /** Calls per command so far, from {@code INFO commandstats}, read over a plain socket. */
    private Map<String, Long> commandCalls() throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.getOutputStream().write("INFO commandstats\r\n".getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            String header = readLine(socket);
            int length = Integer.parseInt(header.substring(1));
            String body = new String(socket.getInputStream().readNBytes(length), StandardCharsets.US_ASCII);
            Map<String, Long> calls = new TreeMap<>();
            Matcher stat = COMMAND_STAT.matcher(body);
            while (stat.find()) {
                calls.put(stat.group(1), Long.parseLong(stat.group(2)));
            }
            return calls;
        }
    }

    private static String readLine(Socket socket) throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = socket.getInputStream().read()) != '\n' && c >= 0) {
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static Process startRedis(int port) throws IOException, InterruptedException {
        if (!Files.isExecutable(REDIS)) {
            throw new IllegalStateException(REDIS + " is missing: install the Debian package redis-server");
        }
        Process process = new ProcessBuilder(REDIS.toString(), "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--daemonize", "no", "--loglevel", "warning")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            try (Socket ignored = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return process;
            } catch (IOException notYet) {
                Thread.sleep(20);
            }
        }
        process.destroy();
        throw new IllegalStateException("redis-server did not listen on port " + port + " within 10 s");
    }
}
