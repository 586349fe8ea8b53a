package org.mailpolicy.ratelimit;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** What one bucket holds now: each window and dimension's remaining budget, and how often it refused. */
public final class RateLimitState {

    private final String rule;
    private final String key;
    private final List<RateLimitBudget> budgets;
    private final long limitedCount;

    RateLimitState(String rule, String key, List<RateLimitBudget> budgets, long limitedCount) {
        this.rule = rule;
        this.key = key;
        this.budgets = List.copyOf(budgets);
        this.limitedCount = limitedCount;
    }

    public String rule() {
        return rule;
    }

    public String key() {
        return key;
    }

    /** One entry per window and dimension of the rule; {@code retryAfter} is the wait for one more unit. */
    public List<RateLimitBudget> budgets() {
        return budgets;
    }

    /** Attempts refused since the bucket last held no state. */
    public long limitedCount() {
        return limitedCount;
    }

    /** {@code rule}, {@code key}, {@code limitedCount} and {@code budgets} (each {@link RateLimitBudget#fields()}) as JSON-friendly values. */
    public Map<String, Object> fields() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("rule", rule);
        fields.put("key", key);
        fields.put("limitedCount", limitedCount);
        fields.put("budgets", budgets.stream().map(RateLimitBudget::fields).collect(Collectors.toList()));
        return fields;
    }

    @Override
    public String toString() {
        return rule + "[" + key + "] " + budgets + ", limited " + limitedCount;
    }
}
