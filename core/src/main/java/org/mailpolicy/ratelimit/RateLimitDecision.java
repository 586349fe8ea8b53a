package org.mailpolicy.ratelimit;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The answer to one attempt. Immutable. */
public final class RateLimitDecision {

    public enum Status {
        /** Every applicable rule had the budget; it was charged. */
        ALLOWED,
        /** A rule's budget is spent; nothing was charged (unless the rule is strict). */
        LIMITED,
        /** A fail-closed rule's store did not answer; nothing was charged. The edge answers 451 4.3.0. */
        STORE_FAILURE
    }

    private static final RateLimitDecision UNLIMITED = new RateLimitDecision(Status.ALLOWED, null, null, null, 0, 0, null, false, List.of());

    private final Status status;
    // The budget to report, kept as the counter and its TAT: the budget is built only when asked
    // for, so that a decision nobody inspects costs no division, Duration or key text.
    private final String rule;
    private final BucketId bucket;
    private final GcraCell cell;
    private final long tat;
    private final long nowMicros;
    private final RateLimitAction action;
    private final boolean exceedsLimit;
    private final List<String> storeFailures;

    /** @param storeFailures not changed by anyone after */
    private RateLimitDecision(Status status, String rule, BucketId bucket, GcraCell cell, long tat, long nowMicros,
            RateLimitAction action, boolean exceedsLimit, List<String> storeFailures) {
        this.status = status;
        this.rule = rule;
        this.bucket = bucket;
        this.cell = cell;
        this.tat = tat;
        this.nowMicros = nowMicros;
        this.action = action;
        this.exceedsLimit = exceedsLimit;
        this.storeFailures = storeFailures;
    }

    /** Allowed, reporting {@code cell} of {@code rule}'s bucket with its TAT after the charge (null cell: no rule applied). */
    static RateLimitDecision allowed(String rule, BucketId bucket, GcraCell cell, long tat, long nowMicros, List<String> storeFailures) {
        return cell == null && storeFailures.isEmpty() ? UNLIMITED
                : new RateLimitDecision(Status.ALLOWED, rule, bucket, cell, tat, nowMicros, null, false, storeFailures);
    }

    /** Refused by {@code cell} of {@code rule}'s bucket, whose TAT is {@code tat} after the attempt. */
    static RateLimitDecision limited(String rule, BucketId bucket, GcraCell cell, long tat, long nowMicros, RateLimitAction action,
            boolean exceedsLimit, List<String> storeFailures) {
        return new RateLimitDecision(Status.LIMITED, rule, bucket, Objects.requireNonNull(cell), tat, nowMicros, action,
                exceedsLimit, storeFailures);
    }

    static RateLimitDecision storeFailure(List<String> storeFailures) {
        return new RateLimitDecision(Status.STORE_FAILURE, null, null, null, 0, 0, null, false, storeFailures);
    }

    public Status status() {
        return status;
    }

    public boolean allowed() {
        return status == Status.ALLOWED;
    }

    /**
     * When limited: the rule, key, window and dimension that refused, its remaining budget and
     * retry-after. When allowed: the budget closest to being spent. Empty when no rule applied
     * or the store failed.
     */
    public Optional<RateLimitBudget> budget() {
        return cell == null ? Optional.empty() : Optional.of(budgetOf());
    }

    private RateLimitBudget budgetOf() {
        return RateLimitBudget.of(rule, bucket.key(), cell, tat, nowMicros, status == Status.LIMITED);
    }

    /** When limited: the limiting rule's action. */
    public Optional<RateLimitAction> action() {
        return Optional.ofNullable(action);
    }

    /** Time until the same attempt would be allowed; zero unless limited. */
    public Duration retryAfter() {
        return status == Status.LIMITED ? RateLimitBudget.micros(Gcra.retryAfter(cell, tat, nowMicros)) : Duration.ZERO;
    }

    /** True when the attempt costs more than a whole window allows, so retrying never helps (a message larger than the byte limit). */
    public boolean exceedsLimit() {
        return exceedsLimit;
    }

    /** The rules whose store failed during this decision (fail-open ones when allowed). */
    public List<String> storeFailures() {
        return storeFailures;
    }

    @Override
    public String toString() {
        return status + (cell == null ? "" : " " + budgetOf()) + (exceedsLimit ? " (exceeds the limit)" : "")
                + (storeFailures.isEmpty() ? "" : " store failures " + storeFailures);
    }
}
