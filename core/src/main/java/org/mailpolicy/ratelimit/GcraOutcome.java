package org.mailpolicy.ratelimit;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * What the store saw and did: its clock, whether the update was charged, and each cell's
 * theoretical arrival time (TAT) before the update, in µs since the epoch (0, or any time not
 * after the clock: no state).
 */
public final class GcraOutcome {

    private final long nowMicros;
    private final boolean allowed;
    // Several cells: their TATs in arrays (after: null until computed). One cell: in the fields
    // below, so that the usual decision builds no array.
    private final long[] tatsBefore;
    private long[] tatsAfter;
    private final long tatBefore;
    private final long tatAfter;

    public GcraOutcome(long nowMicros, boolean allowed, long[] tatsBefore) {
        this(nowMicros, allowed, tatsBefore.clone(), null);
    }

    /** An in-memory store's outcome, which owns its arrays and knows the TATs after already. */
    GcraOutcome(long nowMicros, boolean allowed, long[] tatsBefore, long[] tatsAfter) {
        this.nowMicros = nowMicros;
        this.allowed = allowed;
        this.tatsBefore = tatsBefore;
        this.tatsAfter = tatsAfter;
        this.tatBefore = 0;
        this.tatAfter = 0;
    }

    /**
     * An in-memory store's leaky refusal, which leaves every TAT as it was: {@code tats}, which no
     * one changes, is both before and after.
     */
    static GcraOutcome leftAsTheyWere(long nowMicros, long[] tats) {
        return new GcraOutcome(nowMicros, false, tats, tats);
    }

    /** An in-memory store's outcome for an update of one cell. */
    GcraOutcome(long nowMicros, boolean allowed, long tatBefore, long tatAfter) {
        this.nowMicros = nowMicros;
        this.allowed = allowed;
        this.tatsBefore = null;
        this.tatBefore = tatBefore;
        this.tatAfter = tatAfter;
    }

    public long nowMicros() {
        return nowMicros;
    }

    public boolean allowed() {
        return allowed;
    }

    /** The TAT of the update's cell {@code i} before the update ({@code 0}: no state). */
    public long tatBefore(int i) {
        if (tatsBefore != null) {
            return tatsBefore[i] > nowMicros ? tatsBefore[i] : 0;
        }
        Objects.checkIndex(i, 1);
        return tatBefore;
    }

    /** The TAT of the update's cell {@code i} after it: as the store computed it, or computed again the same way ({@link Gcra}). */
    long tatAfter(int i, List<GcraCell> cells, GcraUpdate.Mode mode) {
        if (tatsBefore != null) {
            return tatsAfter(cells, mode)[i];
        }
        Objects.checkIndex(i, 1);
        return tatAfter;
    }

    /** Every TAT after the update, in a new array or one no one changes. */
    long[] tatsAfter(List<GcraCell> cells, GcraUpdate.Mode mode) {
        if (tatsBefore == null) {
            return new long[] {tatAfter};
        }
        if (tatsAfter == null) {
            long[] after = new long[tatsBefore.length];
            Gcra.apply(nowMicros, cells, tatsBefore, mode, after);
            tatsAfter = after;
        }
        return tatsAfter;
    }

    /** How far the TAT of the update's cell {@code i} is ahead of the store's clock after the update, µs. */
    long aheadAfter(int i, List<GcraCell> cells, GcraUpdate.Mode mode) {
        return Gcra.ahead(tatAfter(i, cells, mode), nowMicros);
    }

    /** This outcome of an update of one cell, packed as {@link RateLimitStore#applyOne} answers it. */
    long answerOfOne(List<GcraCell> cells, GcraUpdate.Mode mode) {
        return answerOfOne(allowed, aheadAfter(0, cells, mode));
    }

    /** {@code ahead} when charged, {@code -1 - ahead} when refused. */
    static long answerOfOne(boolean allowed, long ahead) {
        return allowed ? ahead : -1 - ahead;
    }

    static boolean allowedBy(long answer) {
        return answer >= 0;
    }

    static long aheadIn(long answer) {
        return answer >= 0 ? answer : -1 - answer;
    }

    @Override
    public String toString() {
        return "GcraOutcome[now=" + nowMicros + ", allowed=" + allowed + ", tats="
                + (tatsBefore != null ? Arrays.toString(tatsBefore) : "[" + tatBefore + "]") + "]";
    }
}
