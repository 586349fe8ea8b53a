package org.mailpolicy.dmarcreport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mailpolicy.dmarcreport.ReportRows.DAY;
import static org.mailpolicy.dmarcreport.ReportRows.POLICY;
import static org.mailpolicy.dmarcreport.ReportRows.failing;
import static org.mailpolicy.dmarcreport.ReportRows.passing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** RFC 9990 §3.1.1: identical rows become one record with a count; the store is bounded and survives a restart. */
class InMemoryReportStoreTest {

    @TempDir
    Path temp;

    @Test
    void identicalRowsAggregateIntoOneRecordWithACount() {
        InMemoryReportStore store = new InMemoryReportStore(100);
        for (int i = 0; i < 5; i++) {
            store.add(passing("192.0.2.1"));
        }
        store.add(passing("192.0.2.2"));
        store.add(failing("198.51.100.7"));
        store.add(failing("198.51.100.7"));

        assertThat(store.size()).isEqualTo(3);
        ReportBatch batch = store.take(new ReportKey("example.com", DAY)).orElseThrow();
        assertThat(batch.records()).extracting(ReportRecord::sourceIp, ReportRecord::count)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("192.0.2.1", 5L),
                        org.assertj.core.groups.Tuple.tuple("192.0.2.2", 1L),
                        org.assertj.core.groups.Tuple.tuple("198.51.100.7", 2L));
        assertThat(batch.messages()).isEqualTo(8);
        assertThat(batch.policy()).isEqualTo(POLICY);
        assertThat(store.size()).isZero();
    }

    @Test
    void eachIntervalIsDueOnceItHasEndedAndIsTakenOnce() {
        InMemoryReportStore store = new InMemoryReportStore(100);
        store.add(passing("192.0.2.1"));
        ReportKey key = new ReportKey("example.com", DAY);

        assertThat(store.due(DAY.end().minusSeconds(1))).isEmpty();
        assertThat(store.due(DAY.end())).containsExactly(key);
        assertThat(store.take(key)).isPresent();
        assertThat(store.take(key)).isEmpty();
        assertThat(store.due(DAY.end().plus(Duration.ofDays(3)))).isEmpty();
    }

    @Test
    void aClaimedReportIsNotOfferedAgainUntilReleasedAndAReleaseLosesNoRow() {
        InMemoryReportStore store = new InMemoryReportStore(100);
        store.add(passing("192.0.2.1"));
        store.add(failing("198.51.100.7"));
        ReportKey key = new ReportKey("example.com", DAY);

        assertThat(store.claim(key).orElseThrow().messages()).isEqualTo(2);
        assertThat(store.due(DAY.end())).as("claimed").isEmpty();
        assertThat(store.claim(key)).isEmpty();
        // A late row for the claimed interval (recorded in the spool after the interval ended).
        store.add(passing("192.0.2.1"));
        assertThat(store.claim(key)).as("one claim per report at a time").isEmpty();
        assertThat(store.pending()).singleElement().satisfies(b -> assertThat(b.messages()).isEqualTo(3));

        store.release(key);
        assertThat(store.due(DAY.end())).containsExactly(key);
        assertThat(store.size()).isEqualTo(2);
        ReportBatch again = store.claim(key).orElseThrow();
        assertThat(again.messages()).isEqualTo(3);
        assertThat(again.records()).hasSize(2);
        store.acknowledge(key);
        assertThat(store.size()).isZero();
        assertThat(store.pending()).isEmpty();
    }

    @Test
    void anAcknowledgementKeepsRowsRecordedSinceTheClaim() {
        InMemoryReportStore store = new InMemoryReportStore(100);
        store.add(passing("192.0.2.1"));
        ReportKey key = new ReportKey("example.com", DAY);
        store.claim(key).orElseThrow();
        store.add(passing("192.0.2.2"));
        store.acknowledge(key);
        assertThat(store.due(DAY.end())).containsExactly(key);
        assertThat(store.claim(key).orElseThrow().records()).extracting(ReportRecord::sourceIp).containsExactly("192.0.2.2");
    }

    @Test
    void aReleaseIntoAFullStoreDropsNothing() {
        InMemoryReportStore store = new InMemoryReportStore(2);
        store.add(passing("192.0.2.1"));
        store.add(passing("192.0.2.2"));
        ReportKey key = new ReportKey("example.com", DAY);
        store.claim(key).orElseThrow();
        assertThat(store.add(passing("192.0.2.3"))).as("claimed records still count").isFalse();
        store.release(key);
        assertThat(store.claim(key).orElseThrow().messages()).isEqualTo(2);
    }

    @Test
    void aSnapshotKeepsClaimedReports() throws IOException {
        InMemoryReportStore before = new InMemoryReportStore(100);
        before.add(passing("192.0.2.1"));
        ReportKey key = new ReportKey("example.com", DAY);
        before.claim(key).orElseThrow();
        before.add(passing("192.0.2.1"));
        Path file = temp.resolve("claimed.snapshot");
        before.writeSnapshot(file);

        InMemoryReportStore after = new InMemoryReportStore(100);
        after.readSnapshot(file);
        assertThat(after.take(key).orElseThrow().messages()).isEqualTo(2);
    }

    @Test
    void dueReportsComeOldestFirst() {
        InMemoryReportStore store = new InMemoryReportStore(100);
        ReportInterval later = ReportInterval.containing(DAY.end(), ReportInterval.DAILY);
        store.add(ReportRow.builder("b.example", later, POLICY).headerFrom("b.example").build());
        store.add(ReportRow.builder("a.example", DAY, POLICY).headerFrom("a.example").build());
        assertThat(store.due(later.end())).extracting(ReportKey::domain).containsExactly("a.example", "b.example");
    }

    @Test
    void aFullStoreStillCountsKnownRecordsAndDropsNewOnes() {
        InMemoryReportStore store = new InMemoryReportStore(2);
        assertThat(store.add(passing("192.0.2.1"))).isTrue();
        assertThat(store.add(passing("192.0.2.2"))).isTrue();
        assertThat(store.add(passing("192.0.2.3"))).isFalse();
        assertThat(store.add(passing("192.0.2.1"))).isTrue();
        assertThat(store.size()).isEqualTo(2);
        assertThat(store.dropped()).isEqualTo(1);
        assertThat(store.take(new ReportKey("example.com", DAY)).orElseThrow().messages()).isEqualTo(3);
        assertThat(store.add(passing("192.0.2.3"))).isTrue();
    }

    @Test
    void aSnapshotCarriesEverythingAcrossARestart() throws IOException {
        InMemoryReportStore before = new InMemoryReportStore(100);
        for (int i = 0; i < 3; i++) {
            before.add(passing("2001:db8::1"));
        }
        before.add(failing("198.51.100.7"));
        before.add(ReportRow.builder("other.example", DAY, PolicyPublished.builder("other.example").pct(50).build())
                .headerFrom("other.example").reason("local_policy", "allow-listed").build());
        Path file = temp.resolve("dmarc-reports.snapshot");
        before.writeSnapshot(file);

        InMemoryReportStore after = new InMemoryReportStore(100);
        after.readSnapshot(file);
        after.add(passing("2001:db8::1"));

        assertThat(after.due(DAY.end())).hasSize(2);
        ReportBatch example = after.take(new ReportKey("example.com", DAY)).orElseThrow();
        ReportBatch expected = before.take(new ReportKey("example.com", DAY)).orElseThrow();
        assertThat(example.policy()).isEqualTo(expected.policy());
        assertThat(example.records().get(0)).isEqualTo(expected.records().get(0).withCount(4));
        assertThat(example.records().get(1)).isEqualTo(expected.records().get(1));
        ReportBatch other = after.take(new ReportKey("other.example", DAY)).orElseThrow();
        assertThat(other.policy().pct()).contains(50);
        assertThat(other.records().get(0).reasons()).containsExactly(new PolicyOverrideReason("local_policy",
                "allow-listed"));
        assertThat(Files.list(temp)).containsExactly(file);
    }

    @Test
    void aMissingSnapshotAddsNothing() throws IOException {
        InMemoryReportStore store = new InMemoryReportStore(10);
        store.readSnapshot(temp.resolve("absent"));
        assertThat(store.size()).isZero();
    }

    @Test
    void aDamagedSnapshotIsAnErrorNamingTheFile() throws IOException {
        InMemoryReportStore store = new InMemoryReportStore(10);
        store.add(passing("192.0.2.1"));
        Path file = temp.resolve("snapshot");
        store.writeSnapshot(file);
        byte[] whole = Files.readAllBytes(file);

        Files.write(file, java.util.Arrays.copyOf(whole, whole.length - 5));
        assertThatThrownBy(() -> new InMemoryReportStore(10).readSnapshot(file)).isInstanceOf(IOException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("truncated");
        Files.writeString(file, "not a snapshot at all");
        assertThatThrownBy(() -> new InMemoryReportStore(10).readSnapshot(file)).isInstanceOf(IOException.class)
                .hasMessageContaining("not a MailPolicy DMARC report snapshot");
        byte[] hugeLength = whole.clone();
        hugeLength[12] = 0x7f; // the first string's length
        Files.write(file, hugeLength);
        assertThatThrownBy(() -> new InMemoryReportStore(10).readSnapshot(file)).isInstanceOf(IOException.class)
                .hasMessageContaining("damaged");
    }

    @Test
    void concurrentAddsLoseNoMessage() throws Exception {
        InMemoryReportStore store = new InMemoryReportStore(1000);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            int thread = t;
            done.add(pool.submit(() -> {
                for (int i = 0; i < 10_000; i++) {
                    store.add(passing("192.0.2." + ((i + thread) % 50)));
                }
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        assertThat(store.take(new ReportKey("example.com", DAY)).orElseThrow().messages()).isEqualTo(80_000);
    }

    @Test
    void intervalsAlignOnUtcDays() {
        ReportInterval day = ReportInterval.containing(Instant.parse("2026-11-22T23:59:59Z"), ReportInterval.DAILY);
        assertThat(day.begin()).isEqualTo(Instant.parse("2026-11-22T00:00:00Z"));
        assertThat(day.end()).isEqualTo(Instant.parse("2026-11-23T00:00:00Z"));
        ReportInterval hour = ReportInterval.containing(Instant.parse("2026-11-22T10:17:00Z"), Duration.ofHours(1));
        assertThat(hour.begin()).isEqualTo(Instant.parse("2026-11-22T10:00:00Z"));
    }
}
