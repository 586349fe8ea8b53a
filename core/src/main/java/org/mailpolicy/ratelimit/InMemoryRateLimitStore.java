package org.mailpolicy.ratelimit;

import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;

/**
 * GCRA state in this JVM, for a single James node. Each update runs inside
 * {@link ConcurrentHashMap#compute}, which locks only the bucket's hash bin: updates of one
 * bucket are serialised, updates of different buckets run in parallel (lock striping by bin).
 *
 * <p>Bounded: when more than {@code maxBuckets} buckets hold state, buckets whose TATs are all in
 * the past are dropped (they hold nothing a fresh bucket does not); if that is not enough, the
 * buckets closest to full recovery are dropped, which under a flood of distinct keys forgives
 * the least-used keys first.
 */
public final class InMemoryRateLimitStore implements RateLimitStore {

    public static final int DEFAULT_MAX_BUCKETS = 100_000;

    private final Clock clock;
    private final int maxBuckets;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final ReentrantLock sweeping = new ReentrantLock();

    /** A store of at most {@value #DEFAULT_MAX_BUCKETS} buckets on a monotonic clock. */
    public InMemoryRateLimitStore() {
        this(new MonotonicClock(), DEFAULT_MAX_BUCKETS);
    }

    /** @param clock read once per update; tests pass one they move by hand */
    public InMemoryRateLimitStore(Clock clock, int maxBuckets) {
        this.clock = Objects.requireNonNull(clock, "clock");
        if (maxBuckets < 1) {
            throw new IllegalArgumentException("maxBuckets must be at least 1");
        }
        this.maxBuckets = maxBuckets;
    }

    @Override
    public GcraOutcome apply(GcraUpdate update) {
        GcraOutcome[] outcome = new GcraOutcome[1];
        boolean[] created = new boolean[1];
        buckets.compute(update.bucket(), (key, bucket) -> {
            long now = nowMicros();
            List<GcraCell> cells = update.cells();
            long[] before = new long[cells.size()];
            for (int i = 0; i < before.length; i++) {
                before[i] = bucket == null ? 0 : bucket.tat(cells.get(i).field(), now);
            }
            Gcra.Result result = Gcra.apply(now, cells, before, update.mode());
            outcome[0] = new GcraOutcome(now, result.allowed, before);
            Bucket next = bucket == null ? new Bucket() : bucket;
            created[0] = bucket == null;
            for (int i = 0; i < before.length; i++) {
                next.set(cells.get(i).field(), result.tatsAfter[i]);
            }
            if (!result.allowed) {
                next.limited++;
            }
            next.refreshExpiry();
            return next.expiresAt > now ? next : null;
        });
        if (created[0] && buckets.size() > maxBuckets) {
            sweep();
        }
        return outcome[0];
    }

    @Override
    public Optional<StoredBucket> read(String bucket) {
        long now = nowMicros();
        StoredBucket[] state = new StoredBucket[1];
        buckets.computeIfPresent(bucket, (key, b) -> {
            if (b.expiresAt <= now) {
                return null;
            }
            Map<String, Long> live = b.tats.entrySet().stream().filter(e -> e.getValue() > now)
                    .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
            state[0] = new StoredBucket(now, live, b.limited);
            return b;
        });
        return Optional.ofNullable(state[0]);
    }

    @Override
    public boolean reset(String bucket) {
        long now = nowMicros();
        Bucket removed = buckets.remove(bucket);
        return removed != null && removed.expiresAt > now;
    }

    @Override
    public List<LimitedBucket> mostLimited(int limit) {
        long now = nowMicros();
        return buckets.entrySet().stream()
                .filter(e -> e.getValue().expiresAt > now && e.getValue().limited > 0)
                .map(e -> new LimitedBucket(e.getKey(), e.getValue().limited))
                .sorted(Comparator.comparingLong(LimitedBucket::limitedCount).reversed().thenComparing(LimitedBucket::bucket))
                .limit(limit)
                .collect(Collectors.toList());
    }

    /** Buckets holding state, expired or not yet swept. */
    int size() {
        return buckets.size();
    }

    private void sweep() {
        if (!sweeping.tryLock()) {
            return;
        }
        try {
            long now = nowMicros();
            for (String key : buckets.keySet()) {
                buckets.computeIfPresent(key, (k, b) -> b.expiresAt <= now ? null : b);
            }
            int target = Math.max(1, maxBuckets - maxBuckets / 10);
            if (buckets.size() > target) {
                List<Map.Entry<String, Long>> byExpiry = buckets.entrySet().stream()
                        .map(e -> Map.entry(e.getKey(), e.getValue().expiresAt))
                        .sorted(Map.Entry.comparingByValue())
                        .collect(Collectors.toList());
                for (int i = 0; i < byExpiry.size() && buckets.size() > target; i++) {
                    buckets.remove(byExpiry.get(i).getKey());
                }
            }
        } finally {
            sweeping.unlock();
        }
    }

    private long nowMicros() {
        Instant now = clock.instant();
        return Math.addExact(Math.multiplyExact(now.getEpochSecond(), 1_000_000L), now.getNano() / 1_000);
    }

    /** Mutated only inside the map's compute functions, which serialise access per bucket. */
    private static final class Bucket {
        private final Map<String, Long> tats = new HashMap<>(4);
        private volatile long limited;
        private volatile long expiresAt;

        long tat(String field, long now) {
            Long tat = tats.get(field);
            return tat == null || tat <= now ? 0 : tat;
        }

        void set(String field, long tat) {
            if (tat == 0) {
                tats.remove(field);
            } else {
                tats.put(field, tat);
            }
        }

        void refreshExpiry() {
            expiresAt = tats.values().stream().mapToLong(Long::longValue).max().orElse(0);
        }
    }
}
