package org.mailpolicy.dmarcreport;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mailpolicy.ratelimit.RedisServer;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;

/** The Redis report store against a real redis-server: shared by nodes, each interval taken by one (RFC 9990 §3.1.1). */
class RedisReportStoreTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static RedisServer redis;
    private static RedisClient admin;
    private static StatefulRedisConnection<String, String> adminConnection;
    private RedisReportStore nodeA;
    private RedisReportStore nodeB;

    @BeforeAll
    static void startRedis() throws Exception {
        redis = RedisServer.start();
        admin = RedisClient.create(redis.uri());
        adminConnection = admin.connect();
    }

    @AfterAll
    static void stopRedis() throws Exception {
        adminConnection.close();
        admin.shutdown();
        redis.close();
    }

    @BeforeEach
    void connect() {
        adminConnection.sync().flushall();
        nodeA = RedisReportStore.connect(redis.uri(), TIMEOUT, 100);
        nodeB = RedisReportStore.connect(redis.uri(), TIMEOUT, 100);
    }

    @AfterEach
    void close() {
        nodeA.close();
        nodeB.close();
    }

    @Test
    void rowsFromSeveralNodesAggregateIntoOneReportAsInMemory() {
        InMemoryReportStore memory = new InMemoryReportStore(100);
        for (ReportRow row : List.of(ReportRows.passing("192.0.2.1"), ReportRows.passing("192.0.2.1"),
                ReportRows.failing("198.51.100.9"), ReportRows.passing("2001:db8::1"))) {
            assertThat(nodeA.add(row)).isTrue();
            memory.add(row);
        }
        assertThat(nodeB.add(ReportRows.passing("192.0.2.1"))).isTrue();
        memory.add(ReportRows.passing("192.0.2.1"));

        ReportKey key = ReportRows.passing("192.0.2.1").key();
        assertThat(nodeB.due(ReportRows.DAY.end().minusSeconds(1))).isEmpty();
        assertThat(nodeB.due(ReportRows.DAY.end())).containsExactly(key);
        assertThat(nodeA.pending()).singleElement().satisfies(b -> assertThat(b.messages()).isEqualTo(5));

        ReportBatch fromRedis = nodeB.take(key).orElseThrow();
        ReportBatch fromMemory = memory.take(key).orElseThrow();
        assertThat(fromRedis.policy()).isEqualTo(fromMemory.policy());
        assertThat(fromRedis.records()).containsExactlyInAnyOrderElementsOf(fromMemory.records());
        assertThat(fromRedis.messages()).isEqualTo(5);
        assertThat(nodeA.take(key)).isEmpty();
        assertThat(nodeA.due(ReportRows.DAY.end())).isEmpty();
        assertThat(adminConnection.sync().keys(RedisReportStore.PREFIX + "*")).isEmpty();
    }

    @Test
    void nodesRacingForADueReportGetItOnce() throws Exception {
        for (int i = 0; i < 50; i++) {
            nodeA.add(ReportRows.passing("192.0.2." + (i % 5)));
        }
        ReportKey key = ReportRows.passing("192.0.2.1").key();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Optional<ReportBatch>>> takers = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                RedisReportStore node = i % 2 == 0 ? nodeA : nodeB;
                takers.add(() -> node.claim(key));
            }
            long taken = 0;
            long messages = 0;
            for (Future<Optional<ReportBatch>> result : pool.invokeAll(takers)) {
                if (result.get().isPresent()) {
                    taken++;
                    messages += result.get().get().messages();
                }
            }
            assertThat(taken).isEqualTo(1);
            assertThat(messages).isEqualTo(50);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aClaimWhoseNodeDiedIsTakenOverWhenItsLeaseRunsOut() throws Exception {
        RedisReportStore dying = RedisReportStore.connect(redis.uri(), TIMEOUT, 100, Duration.ofMillis(300));
        try {
            for (int i = 0; i < 3; i++) {
                nodeA.add(ReportRows.passing("192.0.2.1"));
            }
            ReportKey key = ReportRows.passing("192.0.2.1").key();
            assertThat(dying.claim(key).orElseThrow().messages()).isEqualTo(3);
            // The node dies here, between claim and send.
            assertThat(nodeB.due(ReportRows.DAY.end())).as("the lease is live").isEmpty();
            assertThat(nodeB.claim(key)).isEmpty();
            assertThat(nodeA.pending()).as("report show lists claimed reports").singleElement()
                    .satisfies(b -> assertThat(b.messages()).isEqualTo(3));

            Thread.sleep(400);
            assertThat(nodeB.due(ReportRows.DAY.end())).containsExactly(key);
            ReportBatch takenOver = nodeB.claim(key).orElseThrow();
            assertThat(takenOver.messages()).isEqualTo(3);
            dying.acknowledge(key);
            assertThat(nodeA.pending()).as("a claim taken over is the new owner's to end").hasSize(1);
            nodeB.acknowledge(key);
            assertThat(adminConnection.sync().keys(RedisReportStore.PREFIX + "*")).isEmpty();
        } finally {
            dying.close();
        }
    }

    @Test
    void aReleasedClaimIsOfferedAgainWithRowsRecordedSince() {
        nodeA.add(ReportRows.passing("192.0.2.1"));
        nodeA.add(ReportRows.failing("198.51.100.7"));
        ReportKey key = ReportRows.passing("192.0.2.1").key();
        ReportBatch claimed = nodeA.claim(key).orElseThrow();
        nodeB.add(ReportRows.passing("192.0.2.1"));
        assertThat(nodeB.claim(key)).as("another node's live claim").isEmpty();
        nodeB.release(key);
        assertThat(nodeB.claim(key)).as("only the owner releases").isEmpty();

        nodeA.release(key);
        assertThat(nodeB.due(ReportRows.DAY.end())).containsExactly(key);
        ReportBatch again = nodeB.claim(key).orElseThrow();
        assertThat(again.messages()).isEqualTo(claimed.messages() + 1);
        assertThat(again.policy()).isEqualTo(claimed.policy());
        nodeB.acknowledge(key);
        assertThat(nodeA.due(ReportRows.DAY.end())).isEmpty();
        assertThat(adminConnection.sync().keys(RedisReportStore.PREFIX + "*")).isEmpty();
    }

    @Test
    void rowsRecordedWhileAReportIsClaimedWaitForTheNextReport() {
        nodeA.add(ReportRows.passing("192.0.2.1"));
        ReportKey key = ReportRows.passing("192.0.2.1").key();
        nodeA.claim(key).orElseThrow();
        nodeB.add(ReportRows.passing("192.0.2.2"));
        nodeA.acknowledge(key);
        assertThat(nodeB.claim(key).orElseThrow().records()).extracting(ReportRecord::sourceIp).containsExactly("192.0.2.2");
    }

    @Test
    void aReportHoldsAtMostMaxRecordsDistinctRecordsButCountsGrow() {
        RedisReportStore small = RedisReportStore.connect(redis.uri(), TIMEOUT, 2);
        try {
            assertThat(small.add(ReportRows.passing("192.0.2.1"))).isTrue();
            assertThat(small.add(ReportRows.passing("192.0.2.2"))).isTrue();
            assertThat(small.add(ReportRows.passing("192.0.2.3"))).isFalse();
            assertThat(small.add(ReportRows.passing("192.0.2.1"))).isTrue();
            assertThat(small.take(ReportRows.passing("192.0.2.1").key()).orElseThrow().messages()).isEqualTo(3);
        } finally {
            small.close();
        }
    }

    @Test
    void redisDownMeansNothingRecordedAndNothingDueNotAnException() throws Exception {
        RedisReportStore unreachable = RedisReportStore.connect("redis://127.0.0.1:1", Duration.ofMillis(200), 10);
        try {
            assertThat(unreachable.add(ReportRows.passing("192.0.2.1"))).isFalse();
            assertThat(unreachable.due(ReportRows.DAY.end())).isEmpty();
            assertThat(unreachable.claim(ReportRows.passing("192.0.2.1").key())).isEmpty();
            unreachable.acknowledge(ReportRows.passing("192.0.2.1").key());
            unreachable.release(ReportRows.passing("192.0.2.1").key());
        } finally {
            unreachable.close();
        }
    }
}
