package org.mailpolicy.dmarcreport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mailpolicy.ratelimit.InMemoryRateLimitStore;
import org.mailpolicy.ratelimit.MutableClock;
import org.mailpolicy.ratelimit.RateLimitStoreException;
import org.mailpolicy.ratelimit.RedisRateLimitStore;
import org.mailpolicy.ratelimit.RedisServer;

/** dmarc.report.maxReportsPerDestination: one cap per rua= mailbox, shared by every node that shares Redis. */
class DestinationLimitTest {

    private static final Duration HOUR = Duration.ofHours(1);
    private static RedisServer redis;

    @BeforeAll
    static void startRedis() throws Exception {
        redis = RedisServer.start();
    }

    @AfterAll
    static void stopRedis() throws Exception {
        redis.close();
    }

    @Test
    void twoNodesOnOneRedisShareTheCapOfADestination() {
        try (RedisRateLimitStore nodeA = RedisRateLimitStore.standalone(redis.uri(), Duration.ofSeconds(2));
                RedisRateLimitStore nodeB = RedisRateLimitStore.standalone(redis.uri(), Duration.ofSeconds(2))) {
            DestinationLimit a = new DestinationLimit(nodeA, 3, HOUR);
            DestinationLimit b = new DestinationLimit(nodeB, 3, HOUR);
            assertThat(a.admit("dmarc@shared.example")).isTrue();
            assertThat(b.admit("dmarc@shared.example")).isTrue();
            assertThat(a.admit("DMARC@shared.example")).as("one mailbox, whatever its case").isTrue();
            assertThat(b.admit("dmarc@shared.example")).as("the fourth report this interval, on either node").isFalse();
            assertThat(a.admit("dmarc@shared.example")).isFalse();
            assertThat(a.admit("dmarc@other.example")).as("another destination has its own cap").isTrue();

            b.refund("dmarc@shared.example");
            assertThat(a.admit("dmarc@shared.example")).as("a report that was not queued gives its charge back").isTrue();
            assertThat(nodeA.read(DestinationLimit.bucket("dmarc@shared.example"))).isPresent();
        }
    }

    @Test
    void inMemoryTheCapRefillsOverTheInterval() {
        MutableClock clock = MutableClock.atSomeInstant();
        DestinationLimit limit = new DestinationLimit(new InMemoryRateLimitStore(clock, 100), 2, HOUR);
        assertThat(limit.admit("dmarc@example.com")).isTrue();
        assertThat(limit.admit("dmarc@example.com")).isTrue();
        assertThat(limit.admit("dmarc@example.com")).isFalse();
        clock.advance(HOUR.dividedBy(2));
        assertThat(limit.admit("dmarc@example.com")).as("one report's worth back after half the interval").isTrue();
        assertThat(limit.admit("dmarc@example.com")).isFalse();
        clock.advance(HOUR);
        assertThat(limit.admit("dmarc@example.com")).isTrue();
        assertThat(limit.admit("dmarc@example.com")).isTrue();
    }

    @Test
    void redisDownIsAnExceptionTheReporterHandles() {
        try (RedisRateLimitStore down = RedisRateLimitStore.standalone("redis://127.0.0.1:1", Duration.ofMillis(200))) {
            assertThatThrownBy(() -> new DestinationLimit(down, 3, HOUR).admit("dmarc@example.com"))
                    .isInstanceOf(RateLimitStoreException.class);
        }
    }
}
