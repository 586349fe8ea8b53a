package org.mailpolicy.ratelimit;

import java.util.Arrays;

/**
 * What the store saw and did: its clock, whether the update was charged, and each cell's
 * theoretical arrival time (TAT) before the update, in µs since the epoch (0: no state).
 */
public final class GcraOutcome {

    private final long nowMicros;
    private final boolean allowed;
    private final long[] tatsBefore;

    public GcraOutcome(long nowMicros, boolean allowed, long[] tatsBefore) {
        this.nowMicros = nowMicros;
        this.allowed = allowed;
        this.tatsBefore = tatsBefore.clone();
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

    @Override
    public String toString() {
        return "GcraOutcome[now=" + nowMicros + ", allowed=" + allowed + ", tats=" + Arrays.toString(tatsBefore) + "]";
    }
}
