package org.mailpolicy.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Redis store through a password and through a (one-node) Redis Cluster. */
class RedisClusterAndAuthTest {

    private static final RateLimitRules RULES = RateLimitRules.parse(Map.of(
            "ratelimit.rule.sub.key", "user+ip", "ratelimit.rule.sub.window.1d", "messages:3, recipients:5",
            "ratelimit.rule.sub.window.1h", "bytes:1MB"));
    private static final RateLimitRequest ALICE = RateLimitRequest.builder().user("alice@example.com")
            .clientIp(RateLimiterTest.ip("2001:db8::1")).recipient("bob@example.net").build();

    @TempDir
    Path dir;

    @Test
    void aPasswordInTheUriIsUsedAndAWrongOneFailsLikeAnOutage() throws Exception {
        try (RedisServer redis = RedisServer.start("--requirepass", "s3cret")) {
            try (RedisRateLimitStore store = RedisRateLimitStore.standalone("redis://s3cret@127.0.0.1:" + redis.port(), Duration.ofSeconds(1))) {
                assertLimitHolds(new RateLimiter(RULES, store));
            }
            try (RedisRateLimitStore wrong = RedisRateLimitStore.standalone("redis://nope@127.0.0.1:" + redis.port(), Duration.ofSeconds(1))) {
                assertThat(new RateLimiter(RULES, wrong).check(ALICE).storeFailures()).containsExactly("sub");
            }
        }
    }

    @Test
    void aTlsPortWithAPasswordServesDecisions() throws Exception {
        Path cert = dir.resolve("redis.crt");
        Path key = dir.resolve("redis.key");
        Process openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                "-keyout", key.toString(), "-out", cert.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(openssl.waitFor()).as("openssl makes the server's certificate").isZero();
        int tlsPort = RedisServer.freePort();
        try (RedisServer redis = RedisServer.start("--requirepass", "s3cret", "--tls-port", Integer.toString(tlsPort),
                "--tls-cert-file", cert.toString(), "--tls-key-file", key.toString(), "--tls-auth-clients", "no")) {
            // rediss:// is TLS; the test's self-signed certificate is not in the JDK's trust store.
            try (RedisRateLimitStore store = RedisRateLimitStore.standalone("rediss://s3cret@127.0.0.1:" + tlsPort + "?verifyPeer=NONE",
                    Duration.ofSeconds(2))) {
                assertLimitHolds(new RateLimiter(RULES, store));
            }
            try (RedisRateLimitStore plain = RedisRateLimitStore.standalone("redis://s3cret@127.0.0.1:" + tlsPort, Duration.ofSeconds(1))) {
                assertThat(new RateLimiter(RULES, plain).check(ALICE).storeFailures()).as("plain text on the TLS port").containsExactly("sub");
            }
        }
    }

    @Test
    void aSentinelLeadsToTheMaster() throws Exception {
        try (RedisServer master = RedisServer.start();
                RedisServer sentinel = RedisServer.sentinel(dir, "mailpolicy", master.port())) {
            try (RedisRateLimitStore store = RedisRateLimitStore.standalone("redis-sentinel://127.0.0.1:" + sentinel.port() + "#mailpolicy",
                    Duration.ofSeconds(2))) {
                assertLimitHolds(new RateLimiter(RULES, store));
            }
            assertThat(keysIn(master)).as("the counters are in the master the Sentinel named").isNotEmpty();
        }
    }

    private static List<String> keysIn(RedisServer redis) {
        RedisClient client = RedisClient.create(redis.uri());
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            return c.sync().keys(RedisRateLimitStore.PREFIX + "*");
        } finally {
            client.shutdown();
        }
    }

    @Test
    void aClusterKeepsEachBucketInOneSlot() throws Exception {
        try (RedisServer redis = RedisServer.start("--cluster-enabled", "yes", "--dir", dir.toString(),
                "--cluster-config-file", dir.resolve("nodes.conf").toString())) {
            assignAllSlots(redis);
            try (RedisRateLimitStore store = RedisRateLimitStore.cluster(List.of(redis.uri()), Duration.ofSeconds(1))) {
                RateLimiter limiter = new RateLimiter(RULES, store);
                assertLimitHolds(limiter);
                assertThat(limiter.mostLimited(3)).containsExactly(new LimitedBucket("sub|user=alice@example.com,ip=2001:db8:0:0:0:0:0:0/64", 3));
                assertThat(limiter.reset("sub", "user=alice@example.com,ip=2001:db8:0:0:0:0:0:0/64")).isTrue();
                assertThat(limiter.check(ALICE).allowed()).isTrue();
            }
        }
    }

    private static void assertLimitHolds(RateLimiter limiter) {
        assertThat(IntStream.range(0, 5).filter(i -> limiter.check(ALICE).allowed()).count()).isEqualTo(3);
        RateLimitDecision refused = limiter.check(ALICE);
        assertThat(refused.status()).isEqualTo(RateLimitDecision.Status.LIMITED);
        assertThat(refused.storeFailures()).isEmpty();
    }

    private static void assignAllSlots(RedisServer redis) throws InterruptedException {
        RedisClient client = RedisClient.create(redis.uri());
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            c.sync().clusterAddSlots(IntStream.range(0, 16384).toArray());
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!c.sync().clusterInfo().contains("cluster_state:ok") && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
        } finally {
            client.shutdown();
        }
    }
}
