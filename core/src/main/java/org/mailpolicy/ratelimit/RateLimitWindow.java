package org.mailpolicy.ratelimit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One window of a rule: at most {@code limit} units of each dimension per {@code period}, for
 * example 10 messages and 50 recipients per minute. The whole budget may be spent at once (the
 * burst), then it refills evenly over the period.
 */
public final class RateLimitWindow {

    private final String name;
    private final Duration period;
    private final Map<Dimension, Long> limits;
    private final List<GcraCell> counters;

    public RateLimitWindow(String name, Duration period, Map<Dimension, Long> limits) {
        this.name = Objects.requireNonNull(name, "name");
        this.period = Objects.requireNonNull(period, "period");
        if (period.toNanos() < 1_000) {
            throw new IllegalArgumentException("window " + name + ": period must be at least 1 µs");
        }
        if (limits.isEmpty()) {
            throw new IllegalArgumentException("window " + name + ": needs at least one limit");
        }
        long periodMicros = period.toNanos() / 1_000;
        limits.forEach((dimension, limit) -> {
            if (limit < 1) {
                throw new IllegalArgumentException("window " + name + ": " + dimension.configName() + " limit must be at least 1");
            }
            // A message or recipient moves a TAT by period / limit µs, rounded down: above one a µs, by nothing.
            if (dimension != Dimension.BYTES && limit > periodMicros) {
                throw new IllegalArgumentException("window " + name + ": " + dimension.configName() + " limit " + limit
                        + " is more than one a microsecond, which a counter in µs cannot count; at most " + periodMicros);
            }
        });
        this.limits = Collections.unmodifiableMap(new EnumMap<>(limits));
        List<GcraCell> cells = new ArrayList<>();
        this.limits.forEach((dimension, limit) -> cells.add(new GcraCell(name, dimension, periodMicros, limit, 1)));
        this.counters = List.copyOf(cells);
    }

    /**
     * One GCRA counter per dimension, in dimension order, each costing one unit: built once so
     * that a decision only adjusts the cost instead of building field names per request.
     */
    List<GcraCell> counters() {
        return counters;
    }

    /** The name used in rules and in stored state, for example {@code 1m}. */
    public String name() {
        return name;
    }

    public Duration period() {
        return period;
    }

    public Map<Dimension, Long> limits() {
        return limits;
    }

    /** This window with some limits replaced, as an override asks. */
    RateLimitWindow withLimits(Map<Dimension, Long> replacements) {
        Map<Dimension, Long> merged = new EnumMap<>(limits);
        merged.putAll(replacements);
        return new RateLimitWindow(name, period, merged);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof RateLimitWindow)) {
            return false;
        }
        RateLimitWindow other = (RateLimitWindow) o;
        return name.equals(other.name) && period.equals(other.period) && limits.equals(other.limits);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, period, limits);
    }

    @Override
    public String toString() {
        return name + limits;
    }
}
