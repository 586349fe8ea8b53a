package org.mailpolicy.ratelimit;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
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
 * GCRA state in this JVM, for a single James node. Each bucket is a cell holding a state (every
 * TAT of the bucket) that an update replaces with one compare-and-set, or, for the usual bucket
 * of one counter, whose TAT it moves with one compare-and-set: the whole decision over every
 * window and dimension is computed from one snapshot and published at once or retried, so it is
 * atomic and all-or-nothing without a lock. Threads never block one another,
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

    /**
     * A store of at most {@value #DEFAULT_MAX_BUCKETS} buckets on a monotonic clock, which under a
     * flood of decisions is read from a word ticked every millisecond ({@link Ticker}).
     */
    public InMemoryRateLimitStore() {
        this(new MonotonicClock(), DEFAULT_MAX_BUCKETS);
    }

    /**
     * @param clock read once per update, before the bucket's state, so that nothing but arithmetic
     *     sits between reading a state and writing the next (an update that retries keeps the time
     *     it read: a time earlier than a concurrent update's only makes the fit stricter); tests
     *     pass a clock they move by hand
     */
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
        long now = micros.getAsLong();
        while (true) {
            Cell cell = cell(update.bucketId());
            GcraOutcome outcome = cell.apply(update, now);
            if (outcome != null) {
                return outcome;
            }
            buckets.remove(cell, cell);
        }
    }

    @Override
    public long applyOne(GcraUpdate update) {
        if (update.cells().size() != 1) {
            throw new IllegalArgumentException("an update of one cell expected, got " + update.cells());
        }
        long now = micros.getAsLong();
        while (true) {
            Cell cell = cell(update.bucketId());
            long answer = cell.applyOne(update, now);
            if (answer != Cell.RETIRED) {
                return answer;
            }
            buckets.remove(cell, cell);
        }
    }

    /**
     * The bucket's cell: the one its id was found as last time (a rule hands the same id back for
     * a key it sees again), unless another store found it or it has been retired since; else the
     * map's, made if absent, after making room when the store is full. A cell handed out may be
     * retired before it is used: its update then answers so, and the caller drops it and asks again.
     */
    private Cell cell(BucketId key) {
        BucketId found = key.found();
        if (found instanceof Cell && ((Cell) found).store == this && !((Cell) found).retired()) {
            return (Cell) found;
        }
        Cell cell = buckets.get(key);
        if (cell == null) {
            if (buckets.size() >= maxBuckets) {
                sweep();
            }
            Cell fresh = new Cell(key, this);
            Cell raced = buckets.putIfAbsent(fresh, fresh);
            cell = raced == null ? fresh : raced;
        }
        key.found(cell);
        return cell;
    }

    @Override
    public Optional<StoredBucket> read(String bucket) {
        Cell cell = buckets.get(BucketId.parse(bucket));
        if (cell == null) {
            return Optional.empty();
        }
        State state = cell.state;
        long now = micros.getAsLong();
        if (state == State.RETIRED || state.expiresAt() <= now) {
            return Optional.empty();
        }
        Map<String, Long> live = new HashMap<>();
        for (int i = 0; i < state.fields.length; i++) {
            long tat = state.tatAt(i);
            if (tat > now) {
                live.put(state.fields[i], tat);
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
        return last != State.RETIRED && last.expiresAt() > micros.getAsLong();
    }

    @Override
    public List<LimitedBucket> mostLimited(int limit) {
        long now = micros.getAsLong();
        List<LimitedBucket> found = new ArrayList<>();
        buckets.forEach((key, cell) -> {
            State state = cell.state;
            long limited = state.limitedCount();
            if (state != State.RETIRED && state.expiresAt() > now && limited > 0) {
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
                // Each expiry is read once: decisions move TATs while the sort runs, and a sort
                // whose keys change under it may throw.
                List<Map.Entry<Cell, Long>> byExpiry = new ArrayList<>();
                buckets.forEach((key, cell) -> byExpiry.add(Map.entry(cell, cell.state.expiresAt())));
                byExpiry.sort(Map.Entry.comparingByValue());
                for (int i = 0; i < byExpiry.size() && buckets.size() > target; i++) {
                    Cell cell = byExpiry.get(i).getKey();
                    cell.retire();
                    buckets.remove(cell, cell);
                }
            }
        } finally {
            sweeping.unlock();
        }
    }

    private static long micros(Instant now) {
        return Math.addExact(Math.multiplyExact(now.getEpochSecond(), 1_000_000L), now.getNano() / 1_000);
    }

    /**
     * One bucket: its id, which is its own key in the map, and its current state.
     *
     * <p>A state of one counter, the usual bucket, keeps its TAT in a word that a decision moves
     * with one compare-and-set: a decision on a hammered key then allocates no state and writes
     * one cache line. Every other change (other counters, a first refusal to tally, a new live
     * period, retirement) replaces the state as a whole, by compare-and-set of the reference; a
     * word is sealed first (made negative, still telling its TAT) so that no decision moves it
     * between the snapshot and its replacement. A decision that meets a sealed word publishes an
     * unsealed copy itself, so a thread descheduled between sealing and replacing holds up no one.
     */
    private static final class Cell extends BucketId {
        private static final AtomicReferenceFieldUpdater<Cell, State> STATE =
                AtomicReferenceFieldUpdater.newUpdater(Cell.class, State.class, "state");

        /** {@link #applyOne}'s answer when the cell was retired: no packed answer is this low. */
        static final long RETIRED = Long.MIN_VALUE;

        private volatile State state = State.EMPTY;
        /** The store whose map holds this cell. */
        final InMemoryRateLimitStore store;

        Cell(BucketId id, InMemoryRateLimitStore store) {
            super(id);
            this.store = store;
        }

        /**
         * An update of one cell answered as {@link RateLimitStore#applyOne} packs it, or
         * {@link #RETIRED}. On a state of that one counter, the word alone moves, unless the tally
         * must change (a first refusal to count, or a new live period); a leaky refusal writes
         * nothing but its count in the live tally. Anything else is a whole update ({@link #apply}).
         */
        long applyOne(GcraUpdate update, long now) {
            GcraCell cell = update.cells().get(0);
            GcraUpdate.Mode mode = update.mode();
            while (true) {
                State current = state;
                if (!current.hasWord() || !current.counts(cell)) {
                    break;
                }
                long word = current.word();
                if (word < 0) {
                    help(current, word);
                    continue;
                }
                boolean live = word > now;
                long before = live ? word : 0;
                boolean allowed = mode == GcraUpdate.Mode.REFUND || Gcra.fits(now, cell, before);
                long after = Gcra.after(now, cell, before, mode, allowed);
                RefusalTally tally = current.limited;
                if (!allowed && mode != GcraUpdate.Mode.STRICT && (!live || tally != null)) {
                    // Only a cost above the limit is refused by a bucket holding nothing; its count would expire at once.
                    if (live) {
                        tally.increment();
                    }
                    return GcraOutcome.answerOfOne(false, Gcra.ahead(after, now));
                }
                boolean sameTally = allowed ? tally == null || live : tally != null && live;
                if (!sameTally) {
                    break;
                }
                if (current.move(word, after)) {
                    if (!allowed) {
                        tally.increment();
                    }
                    return GcraOutcome.answerOfOne(allowed, Gcra.ahead(after, now));
                }
            }
            GcraOutcome outcome = apply(update, now);
            return outcome == null ? RETIRED : outcome.answerOfOne(update.cells(), mode);
        }

        /**
         * The outcome of a whole update, or null when the cell was retired and the caller must use
         * a fresh one: the next state is computed from one snapshot (a word sealed first) and
         * replaces it with one compare-and-set, or the update starts again. A leaky refusal
         * changes no TAT: it counts itself in the live state's tally, publishing a state with a
         * tally for the first refusal.
         */
        GcraOutcome apply(GcraUpdate update, long now) {
            List<GcraCell> cells = update.cells();
            GcraUpdate.Mode mode = update.mode();
            int spins = 1;
            while (true) {
                State current = frozen();
                if (current == State.RETIRED) {
                    return null;
                }
                GcraOutcome outcome = current.apply(now, update);
                boolean refused = !outcome.allowed();
                State next = refused && mode != GcraUpdate.Mode.STRICT ? current.counting(now)
                        : current.next(now, update, outcome.tatsAfter(cells, mode), refused);
                if (next == current || STATE.compareAndSet(this, current, next)) {
                    if (refused && next.expiresAt() > now) {
                        next.limited.increment();
                    }
                    return outcome;
                }
                // Another decision won: retrying at once on a hammered bucket mostly takes the
                // state's cache line from the thread about to win next. Back off, a little longer each time.
                for (int i = 0; i < spins; i++) {
                    Thread.onSpinWait();
                }
                spins = Math.min(spins << 1, 256);
            }
        }

        boolean retired() {
            return state == State.RETIRED;
        }

        /** Replaces a state whose word another thread sealed with an unsealed copy, so that decisions go on. */
        private void help(State sealed, long word) {
            STATE.compareAndSet(this, sealed, new State(sealed.fields, State.unsealed(word), sealed.limited));
        }

        boolean retireIfExpired(long now) {
            State current = state;
            if (current == State.RETIRED || current.expiresAt() > now) {
                return false;
            }
            if (current.hasWord()) {
                long word = current.word();
                if (word < 0 || word > now || !current.seal(word)) {
                    return false;
                }
            }
            return STATE.compareAndSet(this, current, State.RETIRED);
        }

        /** Marks the cell retired; returns the state it held. */
        State retire() {
            while (true) {
                State current = frozen();
                if (current == State.RETIRED || STATE.compareAndSet(this, current, State.RETIRED)) {
                    return current;
                }
            }
        }

        /** The current state as a snapshot to replace: a word it has is sealed first, so that no decision moves it meanwhile. */
        private State frozen() {
            while (true) {
                State current = state;
                if (!current.hasWord()) {
                    return current;
                }
                long word = current.word();
                if (word < 0) {
                    help(current, word);
                } else if (current.seal(word)) {
                    return current;
                }
            }
        }
    }

    /**
     * A bucket's TATs ({@code tats[i]} for {@code fields[i]}, µs; for a bucket of one field, the
     * usual one, its TAT in a word the cell moves in place, and no array), the tally of refusals
     * while it has been live (null until the first), and the latest TAT: once that is past, the
     * state is the same as no state at all, and the next state starts a new tally. A state with
     * an array never changes.
     */
    private static final class State {
        private static final VarHandle WORD;

        static {
            try {
                WORD = MethodHandles.lookup().findVarHandle(State.class, "word", long.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        static final State EMPTY = new State(new String[0], new long[0], null);
        static final State RETIRED = new State(new String[0], new long[0], null);

        final String[] fields;
        private final long[] tats;
        /** The TAT of a state of one field; {@code -1 - TAT} once sealed. */
        private volatile long word;
        final RefusalTally limited;
        private final long latest;

        State(String[] fields, long[] tats, RefusalTally limited) {
            this.fields = fields;
            this.tats = tats;
            this.limited = limited;
            long latest = 0;
            for (long one : tats) {
                latest = Math.max(latest, one);
            }
            this.latest = latest;
        }

        /** The state of a bucket of one field. */
        State(String[] fields, long tat, RefusalTally limited) {
            this.fields = fields;
            this.tats = null;
            this.word = tat;
            this.limited = limited;
            this.latest = 0;
        }

        static long unsealed(long word) {
            return word < 0 ? -1 - word : word;
        }

        boolean hasWord() {
            return tats == null;
        }

        long word() {
            return word;
        }

        /** True when this state of one field counts the cell's field. */
        boolean counts(GcraCell cell) {
            return fields[0].equals(cell.field());
        }

        /** Moves the word from {@code word} to {@code tat}; false when it moved meanwhile or was sealed. */
        boolean move(long word, long tat) {
            return WORD.compareAndSet(this, word, tat);
        }

        /** Freezes the word at {@code word} for good; false when it moved meanwhile or was sealed. */
        boolean seal(long word) {
            return WORD.compareAndSet(this, word, -1 - word);
        }

        /** The latest TAT: past it, the state holds nothing. */
        long expiresAt() {
            return tats == null ? unsealed(word) : latest;
        }

        long tatAt(int i) {
            return tats == null ? unsealed(word) : tats[i];
        }

        long limitedCount() {
            return limited == null ? 0 : limited.sum();
        }

        /** The update applied to this state, nothing written. */
        GcraOutcome apply(long now, GcraUpdate update) {
            List<GcraCell> cells = update.cells();
            GcraUpdate.Mode mode = update.mode();
            int n = cells.size();
            if (tats != null && fields == update.fields()) {
                // A state built by the same rule's updates holds their TATs in their order, in an
                // array no one changes: the outcome reads them there, a past one as no state.
                boolean allowed = mode == GcraUpdate.Mode.REFUND || Gcra.fitAll(now, cells, tats);
                if (!allowed && mode == GcraUpdate.Mode.LEAKY) {
                    return GcraOutcome.leftAsTheyWere(now, tats);
                }
                long[] after = new long[n];
                Gcra.after(now, cells, tats, mode, allowed, after);
                return new GcraOutcome(now, allowed, tats, after);
            }
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
                    return live(tatAt(i), now);
                }
            }
            return 0;
        }

        /** The TAT as a decision at {@code now} sees it: {@code 0} once past. */
        private static long live(long tat, long now) {
            return tat > now ? tat : 0;
        }

        /**
         * The state a leaky refusal leaves: the same TATs, with a tally to count it in while live.
         * A state with a word is never kept: it was sealed to be replaced.
         */
        State counting(long now) {
            RefusalTally tally = limited == null && expiresAt() > now ? new RefusalTally() : limited;
            if (hasWord()) {
                return new State(fields, unsealed(word), tally);
            }
            return tally == limited ? this : new State(fields, tats, tally);
        }

        /**
         * The state after the update: its cells' new TATs ({@code after}, which it may keep: no
         * one changes it), this state's other live TATs kept, and its tally while it is live.
         */
        State next(long now, GcraUpdate update, long[] after, boolean refused) {
            List<GcraCell> cells = update.cells();
            RefusalTally tally = expiresAt() > now ? limited : null;
            if (refused && tally == null) {
                tally = new RefusalTally();
            }
            int n = cells.size();
            int kept = fields == update.fields() || sameFields(cells) ? 0 : kept(now, cells);
            if (kept == 0) {
                if (allPast(after)) {
                    return EMPTY;
                }
                // Nothing live but the update's counters: its fields, shared by every bucket of its
                // rule, with a TAT of 0 for a counter left with no state (a cost of 0, such as bytes
                // not yet known at RCPT), so that the rule's next update reads this state by position.
                return n == 1 ? new State(update.fields(), after[0], tally) : new State(update.fields(), after, tally);
            }
            int size = kept;
            for (int i = 0; i < n; i++) {
                if (after[i] != 0) {
                    size++;
                }
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
            for (int i = 0; i < fields.length; i++) {
                if (tatAt(i) > now && !updated(fields[i], cells)) {
                    nextFields[j] = fields[i];
                    nextTats[j++] = tatAt(i);
                }
            }
            return new State(nextFields, nextTats, tally);
        }

        /** How many of this state's live TATs are of fields the update does not count. */
        private int kept(long now, List<GcraCell> cells) {
            int kept = 0;
            for (int i = 0; i < fields.length; i++) {
                if (tatAt(i) > now && !updated(fields[i], cells)) {
                    kept++;
                }
            }
            return kept;
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

        private static boolean allPast(long[] after) {
            for (long tat : after) {
                if (tat != 0) {
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
