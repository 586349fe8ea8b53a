package org.mailpolicy.ratelimit;

import java.util.Arrays;
import java.util.List;

/**
 * What the store saw and did: its clock, whether the update was charged, and each cell's
 * theoretical arrival time (TAT) before the update, in µs since the epoch (0: no state).
 */
public final class GcraOutcome {

    private final long nowMicros;
    private final boolean allowed;
    private final long[] tatsBefore;
    private final long[] tatsAfter;

    public GcraOutcome(long nowMicros, boolean allowed, long[] tatsBefore) {
        this(nowMicros, allowed, tatsBefore.clone(), null);
    }

    /** An in-memory store's outcome, which owns its arrays and knows the TATs after already. */
    GcraOutcome(long nowMicros, boolean allowed, long[] tatsBefore, long[] tatsAfter) {
        this.nowMicros = nowMicros;
        this.allowed = allowed;
        this.tatsBefore = tatsBefore;
        this.tatsAfter = tatsAfter;
    }

    public long nowMicros() {
        return nowMicros;
    }

    public boolean allowed() {
        return allowed;
    }

    /** The TAT of the update's cell {@code i} before the update. */
    public long tatBefore(int i) {
        return tatsBefore[i];
    }

    /** The TATs after the update: as the store computed them, or computed again the same way ({@link Gcra}). */
    long[] tatsAfter(List<GcraCell> cells, GcraUpdate.Mode mode) {
        if (tatsAfter != null) {
            return tatsAfter;
        }
        long[] after = new long[tatsBefore.length];
        Gcra.apply(nowMicros, cells, tatsBefore, mode, after);
        return after;
    }

    @Override
    public String toString() {
        return "GcraOutcome[now=" + nowMicros + ", allowed=" + allowed + ", tats=" + Arrays.toString(tatsBefore) + "]";
    }
}
