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

    private static final RateLimitDecision UNLIMITED = new RateLimitDecision(Status.ALLOWED, null, null, 0, 0, List.of());

    private final Status status;
    // The budget to report, kept as the index of its counter and how far that counter's TAT was
    // ahead of the store's clock after the decision: the budget is built only when asked for, so
    // that a decision nobody inspects costs no division, Duration or key text.
    private final RateLimitRule rule;
    private final GcraUpdate update;
    private final int cell;
    private final long ahead;
    private final List<String> storeFailures;

    /** @param storeFailures not changed by anyone after */
    private RateLimitDecision(Status status, RateLimitRule rule, GcraUpdate update, int cell, long ahead, List<String> storeFailures) {
        this.status = status;
        this.rule = rule;
        this.update = update;
        this.cell = cell;
        this.ahead = ahead;
        this.storeFailures = storeFailures;
    }

    /**
     * Allowed, reporting counter {@code cell} of {@code update}, its TAT {@code ahead} µs ahead of
     * the store's clock once charged (null rule: no rule applied).
     */
    static RateLimitDecision allowed(RateLimitRule rule, GcraUpdate update, int cell, long ahead, List<String> storeFailures) {
        return rule == null && storeFailures.isEmpty() ? UNLIMITED
                : new RateLimitDecision(Status.ALLOWED, rule, update, cell, ahead, storeFailures);
    }

    /** Refused by counter {@code cell} of {@code rule}'s {@code update}, its TAT {@code ahead} µs ahead of the store's clock. */
    static RateLimitDecision limited(RateLimitRule rule, GcraUpdate update, int cell, long ahead, List<String> storeFailures) {
        return new RateLimitDecision(Status.LIMITED, Objects.requireNonNull(rule), update, cell, ahead, storeFailures);
    }

    static RateLimitDecision storeFailure(List<String> storeFailures) {
        return new RateLimitDecision(Status.STORE_FAILURE, null, null, 0, 0, storeFailures);
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
        return update == null ? Optional.empty() : Optional.of(budgetOf());
    }

    private RateLimitBudget budgetOf() {
        return RateLimitBudget.of(rule.name(), update.bucketId().key(), counter(), ahead, status == Status.LIMITED);
    }

    private GcraCell counter() {
        return update.cells().get(cell);
    }

    /** When limited: the limiting rule's action. */
    public Optional<RateLimitAction> action() {
        return status == Status.LIMITED ? Optional.ofNullable(rule.action()) : Optional.empty();
    }

    /** Time until the same attempt would be allowed; zero unless limited. */
    public Duration retryAfter() {
        return status == Status.LIMITED ? RateLimitBudget.micros(Gcra.retryAfter(counter(), ahead)) : Duration.ZERO;
    }

    /** True when the attempt costs more than a whole window allows, so retrying never helps (a message larger than the byte limit). */
    public boolean exceedsLimit() {
        if (status != Status.LIMITED) {
            return false;
        }
        for (GcraCell one : update.cells()) {
            if (one.cost() > one.limit()) {
                return true;
            }
        }
        return false;
    }

    /** The rules whose store failed during this decision (fail-open ones when allowed). */
    public List<String> storeFailures() {
        return storeFailures;
    }

    @Override
    public String toString() {
        return status + (update == null ? "" : " " + budgetOf()) + (exceedsLimit() ? " (exceeds the limit)" : "")
                + (storeFailures.isEmpty() ? "" : " store failures " + storeFailures);
    }
}
