package org.mailpolicy.ratelimit;

import java.util.List;

/**
 * The Generic Cell Rate Algorithm (ITU-T I.371 "virtual scheduling"), in the form every
 * {@link RateLimitStore} reproduces; {@code ratelimit.lua} is the same arithmetic line by line.
 *
 * <p>Why GCRA and not a token bucket: a token bucket stores two numbers per counter (tokens and
 * the last refill time) and refills with a division on every read; GCRA stores one, the
 * theoretical arrival time (TAT), and answers with additions and one comparison. It is exact
 * (no sliding-window approximation: the budget refills continuously, one unit every
 * {@code period / limit}), its state of a counter that has fully recovered is simply "absent"
 * (so idle keys expire by themselves, and a Redis key's TTL is the TAT), and one number per
 * window and dimension makes a multi-window, multi-dimension decision one small Redis hash
 * updated by one script.
 *
 * <p>A counter allows {@code limit} units per {@code period}, all at once as a burst. Emission
 * interval {@code T = period / limit}; a cost of {@code n} units moves the TAT by
 * {@code floor(n * period / limit)} µs (computed in doubles, as Lua does, so both stores
 * agree to the microsecond). An attempt fits when {@code max(TAT, now) + increment - now <= period}.
 * All arithmetic is in whole microseconds, below 2^53 so doubles hold it exactly.
 */
final class Gcra {

    private Gcra() {
    }

    /**
     * The TAT advance of the cell's cost, capped just past one period: a cost above the limit can
     * never fit, and the cap keeps {@code TAT + increment} far from overflowing.
     */
    static long increment(GcraCell cell) {
        double exact = Math.floor((double) cell.cost() * (double) cell.periodMicros() / (double) cell.limit());
        return (long) Math.min(exact, (double) (cell.periodMicros() + 1));
    }

    /** The TATs after applying {@code mode}; {@code 0} means "no state" (fully recovered). */
    static Result apply(long now, List<GcraCell> cells, long[] tats, GcraUpdate.Mode mode) {
        int n = cells.size();
        long[] after = new long[n];
        if (mode == GcraUpdate.Mode.REFUND) {
            for (int i = 0; i < n; i++) {
                long refunded = tats[i] - increment(cells.get(i));
                after[i] = refunded > now ? refunded : 0;
            }
            return new Result(true, after);
        }
        boolean allowed = true;
        long[] charged = new long[n];
        for (int i = 0; i < n; i++) {
            GcraCell cell = cells.get(i);
            charged[i] = Math.max(tats[i], now) + increment(cell);
            if (charged[i] - now > cell.periodMicros()) {
                allowed = false;
            }
        }
        for (int i = 0; i < n; i++) {
            if (allowed) {
                after[i] = charged[i];
            } else if (mode == GcraUpdate.Mode.STRICT) {
                after[i] = Math.min(charged[i], now + cells.get(i).periodMicros());
            } else {
                after[i] = tats[i];
            }
            if (after[i] <= now) {
                after[i] = 0;
            }
        }
        return new Result(allowed, after);
    }

    /** Units of {@code cell} still available at {@code now} given its TAT. */
    static long remaining(GcraCell cell, long tat, long now) {
        long used = Math.max(tat - now, 0);
        return (long) Math.floor((double) (cell.periodMicros() - used) * (double) cell.limit() / (double) cell.periodMicros());
    }

    /** µs until {@code cell}'s cost fits again given its TAT ({@code 0}: it fits now). */
    static long retryAfter(GcraCell cell, long tat, long now) {
        return Math.max(0, Math.max(tat, now) + increment(cell) - cell.periodMicros() - now);
    }

    static final class Result {
        final boolean allowed;
        final long[] tatsAfter;

        Result(boolean allowed, long[] tatsAfter) {
            this.allowed = allowed;
            this.tatsAfter = tatsAfter;
        }
    }
}
