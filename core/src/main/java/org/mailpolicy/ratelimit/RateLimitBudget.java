package org.mailpolicy.ratelimit;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** One counter of one bucket as a decision or a state read sees it. */
public final class RateLimitBudget {

    private final String rule;
    private final String key;
    private final String window;
    private final Dimension dimension;
    private final long limit;
    private final long remaining;
    private final Duration retryAfter;

    RateLimitBudget(String rule, String key, String window, Dimension dimension, long limit, long remaining, Duration retryAfter) {
        this.rule = rule;
        this.key = key;
        this.window = window;
        this.dimension = dimension;
        this.limit = limit;
        this.remaining = remaining;
        this.retryAfter = retryAfter;
    }

    /**
     * {@code cell} of a bucket whose TAT is {@code ahead} µs ahead of now; with the wait for the
     * cell's cost when {@code waiting}, else with no wait (an allowed decision's budget).
     */
    static RateLimitBudget of(String rule, String key, GcraCell cell, long ahead, boolean waiting) {
        return new RateLimitBudget(rule, key, cell.window(), cell.dimension(), cell.limit(), Gcra.remaining(cell, ahead),
                waiting ? micros(Gcra.retryAfter(cell, ahead)) : Duration.ZERO);
    }

    static Duration micros(long micros) {
        return Duration.ofNanos(micros * 1_000);
    }

    public String rule() {
        return rule;
    }

    /** The key the budget is counted under, for example {@code user=alice@example.com,ip=192.0.2.1}. */
    public String key() {
        return key;
    }

    /** The window's name, for example {@code 1m}. */
    public String window() {
        return window;
    }

    public Dimension dimension() {
        return dimension;
    }

    public long limit() {
        return limit;
    }

    /** Units still available now (after this decision's charge when it was allowed). */
    public long remaining() {
        return remaining;
    }

    /** Time until the attempt would fit (for a state read: until one more unit fits); zero when it fits now. */
    public Duration retryAfter() {
        return retryAfter;
    }

    /**
     * {@code window}, {@code dimension}, {@code limit}, {@code remaining}, {@code retryAfterMillis}
     * as JSON-friendly values, in that order: the shape WebAdmin and the command line print.
     */
    public Map<String, Object> fields() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("window", window);
        fields.put("dimension", dimension.configName());
        fields.put("limit", limit);
        fields.put("remaining", remaining);
        fields.put("retryAfterMillis", retryAfter.toMillis());
        return fields;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof RateLimitBudget)) {
            return false;
        }
        RateLimitBudget b = (RateLimitBudget) o;
        return rule.equals(b.rule) && key.equals(b.key) && window.equals(b.window) && dimension == b.dimension
                && limit == b.limit && remaining == b.remaining && retryAfter.equals(b.retryAfter);
    }

    @Override
    public int hashCode() {
        return Objects.hash(rule, key, window, dimension, limit, remaining, retryAfter);
    }

    @Override
    public String toString() {
        return rule + "[" + key + "] " + window + " " + dimension.configName() + ": " + remaining + "/" + limit
                + (retryAfter.isZero() ? "" : ", retry after " + retryAfter);
    }
}
