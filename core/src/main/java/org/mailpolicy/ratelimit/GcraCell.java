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
    private final long increment;
    private final String window;
    private final Dimension dimension;

    public GcraCell(String field, long periodMicros, long limit, long cost) {
        this(field, periodMicros, limit, cost, null, null);
    }

    /** A rule's counter, which knows its window and dimension so a decision need not parse the field. */
    GcraCell(String window, Dimension dimension, long periodMicros, long limit, long cost) {
        this(window + ":" + dimension.configName(), periodMicros, limit, cost, window, dimension);
    }

    private GcraCell(String field, long periodMicros, long limit, long cost, String window, Dimension dimension) {
        this.field = Objects.requireNonNull(field, "field");
        if (periodMicros < 1 || limit < 1 || cost < 0) {
            throw new IllegalArgumentException("period and limit must be positive, cost not negative");
        }
        this.periodMicros = periodMicros;
        this.limit = limit;
        this.cost = cost;
        this.increment = Gcra.increment(cost, periodMicros, limit);
        this.window = window;
        this.dimension = dimension;
    }

    /** This counter charged {@code cost} units; itself when the cost is the same, so the common case allocates nothing. */
    GcraCell withCost(long cost) {
        return cost == this.cost ? this : new GcraCell(field, periodMicros, limit, cost, window, dimension);
    }

    /** The window's name; null for a cell built from a field alone. */
    String window() {
        return window;
    }

    /** The dimension; null for a cell built from a field alone. */
    Dimension dimension() {
        return dimension;
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

    /** The TAT advance of this cell's cost, µs ({@link Gcra#increment}), computed once rather than per decision. */
    long increment() {
        return increment;
    }

    @Override
    public String toString() {
        return field + "(" + limit + "/" + periodMicros + "µs, cost " + cost + ")";
    }
}
