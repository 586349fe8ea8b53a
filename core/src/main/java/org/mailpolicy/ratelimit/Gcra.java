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
     * The TAT advance of {@code cost} units, capped just past one period: a cost above the limit
     * can never fit, and the cap keeps {@code TAT + increment} far from overflowing.
     */
    static long increment(long cost, long periodMicros, long limit) {
        double exact = Math.floor((double) cost * (double) periodMicros / (double) limit);
        return (long) Math.min(exact, (double) (periodMicros + 1));
    }

    /**
     * Writes into {@code after} the TATs after applying {@code mode} ({@code 0} means "no state":
     * fully recovered) and answers whether the cells were charged; a refund always is.
     */
    static boolean apply(long now, List<GcraCell> cells, long[] tats, GcraUpdate.Mode mode, long[] after) {
        boolean allowed = mode == GcraUpdate.Mode.REFUND || fitAll(now, cells, tats);
        after(now, cells, tats, mode, allowed, after);
        return allowed;
    }

    /** True when every cell's cost fits at {@code now} given its TAT ({@code tats[i]} for cell {@code i}). */
    static boolean fitAll(long now, List<GcraCell> cells, long[] tats) {
        boolean all = true;
        for (int i = 0; i < cells.size(); i++) {
            all &= fits(now, cells.get(i), tats[i]);
        }
        return all;
    }

    /** Writes into {@code after} every cell's TAT after {@code mode}, given whether all of them fit. */
    static void after(long now, List<GcraCell> cells, long[] tats, GcraUpdate.Mode mode, boolean allowed, long[] after) {
        for (int i = 0; i < cells.size(); i++) {
            after[i] = after(now, cells.get(i), tats[i], mode, allowed);
        }
    }

    /** True when the cell's cost fits at {@code now} given its TAT: {@code max(TAT, now) + increment - now <= period}. */
    static boolean fits(long now, GcraCell cell, long tat) {
        return Math.max(tat, now) + cell.increment() - now <= cell.periodMicros();
    }

    /**
     * The cell's TAT after {@code mode} ({@code 0}: no state), given whether every cell of the
     * update fits: charged when all do, else unchanged (leaky) or charged up to one period ahead
     * (strict); a refund gives the increment back.
     */
    static long after(long now, GcraCell cell, long tat, GcraUpdate.Mode mode, boolean allowed) {
        long next;
        if (mode == GcraUpdate.Mode.REFUND) {
            next = tat - cell.increment();
        } else {
            long charged = Math.max(tat, now) + cell.increment();
            next = allowed ? charged : mode == GcraUpdate.Mode.STRICT ? Math.min(charged, now + cell.periodMicros()) : tat;
        }
        return next > now ? next : 0;
    }

    /** How far a TAT is ahead of {@code now}, µs: the part of the period a counter has used ({@code 0}: none). */
    static long ahead(long tat, long now) {
        return Math.max(tat - now, 0);
    }

    /** Units of {@code cell} still available when its TAT is {@code ahead} µs ahead of now. */
    static long remaining(GcraCell cell, long ahead) {
        return (long) Math.floor((double) (cell.periodMicros() - ahead) * (double) cell.limit() / (double) cell.periodMicros());
    }

    /** µs until {@code cell}'s cost fits again when its TAT is {@code ahead} µs ahead of now ({@code 0}: it fits now). */
    static long retryAfter(GcraCell cell, long ahead) {
        return Math.max(0, ahead + cell.increment() - cell.periodMicros());
    }
}
