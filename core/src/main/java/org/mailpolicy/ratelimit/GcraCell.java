package org.mailpolicy.ratelimit;

import java.util.Objects;

/**
 * One GCRA counter of a bucket: a window and dimension ({@code field}, for example
 * {@code 1m:messages}), its period and limit, and the units this attempt costs.
 */
public final class GcraCell {

    private final String field;
    private final long periodMicros;
    private final long limit;
    private final long cost;

    public GcraCell(String field, long periodMicros, long limit, long cost) {
        this.field = Objects.requireNonNull(field, "field");
        if (periodMicros < 1 || limit < 1 || cost < 0) {
            throw new IllegalArgumentException("period and limit must be positive, cost not negative");
        }
        this.periodMicros = periodMicros;
        this.limit = limit;
        this.cost = cost;
    }

    public String field() {
        return field;
    }

    public long periodMicros() {
        return periodMicros;
    }

    public long limit() {
        return limit;
    }

    public long cost() {
        return cost;
    }

    @Override
    public String toString() {
        return field + "(" + limit + "/" + periodMicros + "µs, cost " + cost + ")";
    }
}
