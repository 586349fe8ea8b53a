package org.mailpolicy.ratelimit;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * GCRA state in this JVM, for a single James node. Each bucket is a cell holding an immutable
 * state (every TAT of the bucket) that an update replaces with one compare-and-set: the whole
 * decision over every window and dimension is computed from one snapshot and published at once
 * or retried, so it is atomic and all-or-nothing without a lock. Threads never block one another,
 * which matters with many SMTP threads on few cores: a thread descheduled in the middle of a
 * decision holds nothing the others wait for. A leaky refusal changes no TAT, so it writes no
 * state: it only adds one to the live state's tally of refusals (a refusal racing the very
 * moment the state expires may count in the old tally, which is gone with it).
 *
 * <p>Bounded: when more than {@code maxBuckets} buckets hold state, buckets whose TATs are all in
 * the past are dropped (they hold nothing a fresh bucket does not); if that is not enough, the
 * buckets closest to full recovery are dropped, which under a flood of distinct keys forgives
 * the least-used keys first. A dropped cell is marked retired first, so an update racing the
 * drop starts again on a fresh cell instead of writing into one no longer in the map.
 */
public final class InMemoryRateLimitStore implements RateLimitStore {

    public static final int DEFAULT_MAX_BUCKETS = 100_000;

    private final LongSupplier micros;
    private final int maxBuckets;
    private final ConcurrentHashMap<BucketId, Cell> buckets = new ConcurrentHashMap<>();
    private final ReentrantLock sweeping = new ReentrantLock();

    /** A store of at most {@value #DEFAULT_MAX_BUCKETS} buckets on a monotonic clock. */
    public InMemoryRateLimitStore() {
        this(new MonotonicClock(), DEFAULT_MAX_BUCKETS);
    }

    /** @param clock read once per update attempt; tests pass one they move by hand */
    public InMemoryRateLimitStore(Clock clock, int maxBuckets) {
        Objects.requireNonNull(clock, "clock");
        if (maxBuckets < 1) {
            throw new IllegalArgumentException("maxBuckets must be at least 1");
        }
        // The monotonic clock answers in µs without building an Instant on every decision.
        this.micros = clock instanceof MonotonicClock ? ((MonotonicClock) clock)::micros : () -> micros(clock.instant());
        this.maxBuckets = maxBuckets;
    }

    @Override
    public GcraOutcome apply(GcraUpdate update) {
        BucketId key = update.bucketId();
        // A rule hands the same id back for a key it sees again: the cell found for it last time
        // is tried before the map, unless another store found it or it has been retired since.
        BucketId found = key.found();
        if (found instanceof Cell && ((Cell) found).store == this) {
            GcraOutcome outcome = ((Cell) found).apply(update, micros);
            if (outcome != null) {
                return outcome;
            }
        }
        while (true) {
            Cell cell = buckets.get(key);
            boolean created = false;
            if (cell == null) {
                Cell fresh = new Cell(key, this);
                cell = buckets.putIfAbsent(fresh, fresh);
                if (cell == null) {
                    cell = fresh;
                    created = true;
                }
            }
            GcraOutcome outcome = cell.apply(update, micros);
            if (outcome != null) {
                key.found(cell);
                if (created && buckets.size() > maxBuckets) {
                    sweep();
                }
                return outcome;
            }
            buckets.remove(key, cell);
        }
    }

    @Override
    public Optional<StoredBucket> read(String bucket) {
        Cell cell = buckets.get(BucketId.parse(bucket));
        if (cell == null) {
            return Optional.empty();
        }
        State state = cell.state;
        long now = micros.getAsLong();
        if (state == State.RETIRED || state.expiresAt <= now) {
            return Optional.empty();
        }
        Map<String, Long> live = new HashMap<>();
        for (int i = 0; i < state.fields.length; i++) {
            if (state.tatAt(i) > now) {
                live.put(state.fields[i], state.tatAt(i));
            }
        }
        return Optional.of(new StoredBucket(now, live, state.limitedCount()));
    }

    @Override
    public boolean reset(String bucket) {
        Cell cell = buckets.remove(BucketId.parse(bucket));
        if (cell == null) {
            return false;
        }
        State last = cell.retire();
        return last != State.RETIRED && last.expiresAt > micros.getAsLong();
    }

    @Override
    public List<LimitedBucket> mostLimited(int limit) {
        long now = micros.getAsLong();
        List<LimitedBucket> found = new ArrayList<>();
        buckets.forEach((key, cell) -> {
            State state = cell.state;
            long limited = state.limitedCount();
            if (state != State.RETIRED && state.expiresAt > now && limited > 0) {
                found.add(new LimitedBucket(key.toString(), limited));
            }
        });
        found.sort(Comparator.comparingLong(LimitedBucket::limitedCount).reversed().thenComparing(LimitedBucket::bucket));
        return found.size() > limit ? List.copyOf(found.subList(0, limit)) : found;
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
            long now = micros.getAsLong();
            buckets.forEach((key, cell) -> {
                if (cell.retireIfExpired(now)) {
                    buckets.remove(key, cell);
                }
            });
            int target = Math.max(1, maxBuckets - maxBuckets / 10);
            if (buckets.size() > target) {
                List<Map.Entry<BucketId, Cell>> byExpiry = new ArrayList<>(buckets.entrySet());
                byExpiry.sort(Comparator.comparingLong(e -> e.getValue().state.expiresAt));
                for (int i = 0; i < byExpiry.size() && buckets.size() > target; i++) {
                    Map.Entry<BucketId, Cell> entry = byExpiry.get(i);
                    entry.getValue().retire();
                    buckets.remove(entry.getKey(), entry.getValue());
                }
            }
        } finally {
            sweeping.unlock();
        }
    }

    private static long micros(Instant now) {
        return Math.addExact(Math.multiplyExact(now.getEpochSecond(), 1_000_000L), now.getNano() / 1_000);
    }

    /** One bucket: its id, which is its own key in the map, and its current state, replaced as a whole by compare-and-set. */
    private static final class Cell extends BucketId {
        private static final AtomicReferenceFieldUpdater<Cell, State> STATE =
                AtomicReferenceFieldUpdater.newUpdater(Cell.class, State.class, "state");

        private volatile State state = State.EMPTY;
        /** The store whose map holds this cell. */
        final InMemoryRateLimitStore store;

        Cell(BucketId id, InMemoryRateLimitStore store) {
            super(id);
            this.store = store;
        }

        /**
         * The outcome, or null when the cell was retired and the caller must use a fresh one. A
         * leaky refusal changes no TAT, so it writes nothing: it only counts itself in the live
         * state's tally ({@link RefusalTally}); the first refusal of a live state publishes the
         * tally with one CAS.
         */
        GcraOutcome apply(GcraUpdate update, LongSupplier micros) {
            List<GcraCell> cells = update.cells();
            GcraUpdate.Mode mode = update.mode();
            while (true) {
                State current = state;
                if (current == State.RETIRED) {
                    return null;
                }
                long now = micros.getAsLong();
                GcraOutcome outcome = cells.size() == 1 ? current.apply(now, cells.get(0), mode) : current.apply(now, cells, mode);
                if (!outcome.allowed() && mode != GcraUpdate.Mode.STRICT) {
                    if (counted(current, now)) {
                        return outcome;
                    }
                    continue;
                }
                State next = current.next(now, update, outcome, !outcome.allowed());
                if (STATE.compareAndSet(this, current, next)) {
                    if (!outcome.allowed()) {
                        next.limited.increment();
                    }
                    return outcome;
                }
            }
        }

        /** Counts a leaky refusal in the live state's tally; false when the state changed meanwhile. */
        private boolean counted(State current, long now) {
            if (current.expiresAt <= now) {
                // Only a cost above the limit is refused by a bucket holding nothing; its count would expire at once.
                return true;
            }
            if (current.limited != null) {
                current.limited.increment();
                return true;
            }
            State tallied = current.withTally();
            if (STATE.compareAndSet(this, current, tallied)) {
                tallied.limited.increment();
                return true;
            }
            return false;
        }

        boolean retireIfExpired(long now) {
            State current = state;
            return current != State.RETIRED && current.expiresAt <= now && STATE.compareAndSet(this, current, State.RETIRED);
        }

        /** Marks the cell retired; returns the state it held. */
        State retire() {
            return STATE.getAndSet(this, State.RETIRED);
        }
    }

    /**
     * A bucket's TATs ({@code tats[i]} for {@code fields[i]}, µs; for a bucket of one field, the
     * usual one, its TAT in {@code tat} and no array), the tally of refusals while it has been live
     * (null until the first), and the latest TAT: once that is past, the state is the same as no
     * state at all, and the next state starts a new tally.
     */
    private static final class State {
        static final State EMPTY = new State(new String[0], new long[0], null);
        static final State RETIRED = new State(new String[0], new long[0], null);

        final String[] fields;
        private final long[] tats;
        private final long tat;
        final RefusalTally limited;
        final long expiresAt;

        State(String[] fields, long[] tats, RefusalTally limited) {
            this.fields = fields;
            this.tats = tats;
            this.tat = 0;
            this.limited = limited;
            long latest = 0;
            for (long one : tats) {
                latest = Math.max(latest, one);
            }
            this.expiresAt = latest;
        }

        /** The state of a bucket of one field. */
        State(String[] fields, long tat, RefusalTally limited) {
            this.fields = fields;
            this.tats = null;
            this.tat = tat;
            this.limited = limited;
            this.expiresAt = tat;
        }

        long tatAt(int i) {
            return tats == null ? tat : tats[i];
        }

        long limitedCount() {
            return limited == null ? 0 : limited.sum();
        }

        /** This state with a tally to count refusals in. */
        State withTally() {
            return tats == null ? new State(fields, tat, new RefusalTally()) : new State(fields, tats, new RefusalTally());
        }

        /** The update of one cell applied to this state, nothing written. */
        GcraOutcome apply(long now, GcraCell cell, GcraUpdate.Mode mode) {
            long before = tat(cell.field(), now);
            boolean allowed = mode == GcraUpdate.Mode.REFUND || Gcra.fits(now, cell, before);
            return new GcraOutcome(now, allowed, before, Gcra.after(now, cell, before, mode, allowed));
        }

        /** The update of several cells applied to this state, nothing written. */
        GcraOutcome apply(long now, List<GcraCell> cells, GcraUpdate.Mode mode) {
            int n = cells.size();
            long[] before = new long[n];
            for (int i = 0; i < n; i++) {
                before[i] = tat(cells.get(i).field(), now);
            }
            long[] after = new long[n];
            boolean allowed = Gcra.apply(now, cells, before, mode, after);
            return new GcraOutcome(now, allowed, before, after);
        }

        long tat(String field, long now) {
            for (int i = 0; i < fields.length; i++) {
                if (fields[i].equals(field)) {
                    return tatAt(i) > now ? tatAt(i) : 0;
                }
            }
            return 0;
        }

        /**
         * The state after the update: its cells' new TATs (the outcome's array, which it may keep:
         * no one changes it), this state's other live TATs kept, and its tally while it is live.
         */
        State next(long now, GcraUpdate update, GcraOutcome outcome, boolean refused) {
            List<GcraCell> cells = update.cells();
            GcraUpdate.Mode mode = update.mode();
            boolean live = expiresAt > now;
            RefusalTally tally = live ? limited : null;
            if (refused && tally == null) {
                tally = new RefusalTally();
            }
            int n = cells.size();
            if ((fields == update.fields() || sameFields(cells)) && allLive(outcome, cells, mode)) {
                // The usual update: the same counters as last time, all charged. Nothing to copy.
                return n == 1 ? new State(fields, outcome.tatAfter(0, cells, mode), tally) : new State(fields, outcome.tatsAfter(cells, mode), tally);
            }
            long[] after = outcome.tatsAfter(cells, mode);
            int kept = 0;
            if (live) {
                for (int i = 0; i < fields.length; i++) {
                    if (tatAt(i) > now && !updated(fields[i], cells)) {
                        kept++;
                    }
                }
            }
            int size = kept;
            for (int i = 0; i < n; i++) {
                if (after[i] != 0) {
                    size++;
                }
            }
            if (size == 0) {
                return EMPTY;
            }
            if (kept == 0 && size == n) {
                // Every cell charged and nothing else live: the update's own fields, shared by every bucket of its rule.
                return n == 1 ? new State(update.fields(), after[0], tally) : new State(update.fields(), after, tally);
            }
            String[] nextFields = new String[size];
            long[] nextTats = new long[size];
            int j = 0;
            for (int i = 0; i < n; i++) {
                if (after[i] != 0) {
                    nextFields[j] = cells.get(i).field();
                    nextTats[j++] = after[i];
                }
            }
            if (kept > 0) {
                for (int i = 0; i < fields.length; i++) {
                    if (tatAt(i) > now && !updated(fields[i], cells)) {
                        nextFields[j] = fields[i];
                        nextTats[j++] = tatAt(i);
                    }
                }
            }
            return new State(nextFields, nextTats, tally);
        }

        /** True when this state's fields are the cells' own, in order (the rule's counters, unchanged). */
        private boolean sameFields(List<GcraCell> cells) {
            if (fields.length != cells.size()) {
                return false;
            }
            for (int i = 0; i < fields.length; i++) {
                if (fields[i] != cells.get(i).field()) {
                    return false;
                }
            }
            return true;
        }

        private static boolean allLive(GcraOutcome outcome, List<GcraCell> cells, GcraUpdate.Mode mode) {
            for (int i = 0; i < cells.size(); i++) {
                if (outcome.tatAfter(i, cells, mode) == 0) {
                    return false;
                }
            }
            return true;
        }

        private static boolean updated(String field, List<GcraCell> cells) {
            for (int i = 0; i < cells.size(); i++) {
                if (cells.get(i).field().equals(field)) {
                    return true;
                }
            }
            return false;
        }
    }
}
