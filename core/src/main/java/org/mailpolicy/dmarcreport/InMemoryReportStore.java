package org.mailpolicy.dmarcreport;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The default {@link ReportStore}: in memory, bounded by the number of distinct records it holds,
 * claimed ones included (the count of an existing record always grows; a new record past the bound is
 * dropped and counted in {@link #dropped()}). {@link #writeSnapshot} and {@link #readSnapshot} carry its
 * content, claimed reports included, across a clean restart; a crash loses it. One node holds it, so a
 * claim needs no lease: it lasts until acknowledged or released.
 */
public final class InMemoryReportStore implements ReportStore {

    private final int maxRecords;
    private final Map<ReportKey, Pending> pending = new LinkedHashMap<>();
    private final Map<ReportKey, Pending> claimed = new LinkedHashMap<>();
    private int records;
    private long dropped;

    public InMemoryReportStore(int maxRecords) {
        if (maxRecords <= 0) {
            throw new IllegalArgumentException("maxRecords must be positive, got " + maxRecords);
        }
        this.maxRecords = maxRecords;
    }

    @Override
    public synchronized boolean add(ReportRow row) {
        return add(row.key(), row.policy(), row.record(), 1);
    }

    private boolean add(ReportKey key, PolicyPublished policy, ReportRecord record, long count) {
        Pending batch = pending.get(key);
        ReportRecord identity = record.withCount(1);
        if (batch == null || !batch.counts.containsKey(identity)) {
            if (records >= maxRecords) {
                dropped += count;
                return false;
            }
            if (batch == null) {
                batch = new Pending();
                pending.put(key, batch);
            }
            records++;
        }
        // RFC 9990 §3.1.1 policy_published: the policy in force; the latest one seen stands for the interval.
        batch.policy = policy;
        batch.counts.merge(identity, count, InMemoryReportStore::saturatedAdd);
        return true;
    }

    @Override
    public synchronized List<ReportKey> due(Instant now) {
        return pending.keySet().stream().filter(k -> !k.interval().end().isAfter(now))
                .sorted(Comparator.comparing((ReportKey k) -> k.interval().end()).thenComparing(ReportKey::domain))
                .collect(Collectors.toList());
    }

    @Override
    public synchronized Optional<ReportBatch> claim(ReportKey key) {
        if (claimed.containsKey(key)) {
            return Optional.empty();
        }
        Pending batch = pending.remove(key);
        if (batch == null) {
            return Optional.empty();
        }
        claimed.put(key, batch);
        return Optional.of(batch.toBatch(key));
    }

    @Override
    public synchronized void acknowledge(ReportKey key) {
        Pending batch = claimed.remove(key);
        if (batch != null) {
            records -= batch.counts.size();
        }
    }

    @Override
    public synchronized void release(ReportKey key) {
        Pending batch = claimed.remove(key);
        if (batch == null) {
            return;
        }
        // The claimed records still count against the bound, so putting them back never drops one.
        records -= batch.counts.size();
        Pending newer = pending.get(key);
        PolicyPublished policy = newer != null ? newer.policy : batch.policy;
        batch.counts.forEach((record, count) -> add(key, policy, record, count));
    }

    @Override
    public synchronized List<ReportBatch> pending() {
        Map<ReportKey, Pending> all = new LinkedHashMap<>();
        claimed.forEach((key, batch) -> all.put(key, batch.copy()));
        pending.forEach((key, batch) -> all.merge(key, batch.copy(), Pending::mergedWith));
        List<ReportBatch> batches = new ArrayList<>();
        all.forEach((key, batch) -> batches.add(batch.toBatch(key)));
        return batches;
    }

    /** Messages whose row was dropped because the store was full. */
    public synchronized long dropped() {
        return dropped;
    }

    /** Distinct records held. */
    public synchronized int size() {
        return records;
    }

    /** Writes everything held, claimed reports included, to {@code file} (through a temporary file, so a crash never leaves half a snapshot). */
    public synchronized void writeSnapshot(Path file) throws IOException {
        ReportSnapshot.write(file, pending());
    }

    /**
     * Adds what {@code file} holds (written by {@link #writeSnapshot}) to this store, within its bound.
     * A missing file adds nothing; a damaged one is an {@link IOException} naming the file.
     */
    public synchronized void readSnapshot(Path file) throws IOException {
        for (ReportBatch batch : ReportSnapshot.read(file)) {
            for (ReportRecord record : batch.records()) {
                add(batch.key(), batch.policy(), record, record.count());
            }
        }
    }

    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return sum < 0 ? Long.MAX_VALUE : sum;
    }

    private static final class Pending {
        private PolicyPublished policy;
        private final Map<ReportRecord, Long> counts = new LinkedHashMap<>();

        Pending copy() {
            Pending copy = new Pending();
            copy.policy = policy;
            copy.counts.putAll(counts);
            return copy;
        }

        /** This claimed batch with the rows recorded since the claim, whose policy is the latest. */
        Pending mergedWith(Pending newer) {
            newer.counts.forEach((record, count) -> counts.merge(record, count, InMemoryReportStore::saturatedAdd));
            policy = newer.policy;
            return this;
        }

        ReportBatch toBatch(ReportKey key) {
            List<ReportRecord> list = new ArrayList<>();
            counts.forEach((record, count) -> list.add(record.withCount(count)));
            return new ReportBatch(key, policy, list);
        }
    }
}
