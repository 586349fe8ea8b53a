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

    private static final RateLimitDecision UNLIMITED = new RateLimitDecision(Status.ALLOWED, null, null, false, List.of());

    private final Status status;
    private final RateLimitBudget budget;
    private final RateLimitAction action;
    private final boolean exceedsLimit;
    private final List<String> storeFailures;

    private RateLimitDecision(Status status, RateLimitBudget budget, RateLimitAction action, boolean exceedsLimit, List<String> storeFailures) {
        this.status = status;
        this.budget = budget;
        this.action = action;
        this.exceedsLimit = exceedsLimit;
        this.storeFailures = List.copyOf(storeFailures);
    }

    static RateLimitDecision allowed(RateLimitBudget tightest, List<String> storeFailures) {
        return tightest == null && storeFailures.isEmpty() ? UNLIMITED
                : new RateLimitDecision(Status.ALLOWED, tightest, null, false, storeFailures);
    }

    static RateLimitDecision limited(RateLimitBudget limiting, RateLimitAction action, boolean exceedsLimit, List<String> storeFailures) {
        return new RateLimitDecision(Status.LIMITED, Objects.requireNonNull(limiting), action, exceedsLimit, storeFailures);
    }

    static RateLimitDecision storeFailure(List<String> storeFailures) {
        return new RateLimitDecision(Status.STORE_FAILURE, null, null, false, storeFailures);
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
        return Optional.ofNullable(budget);
    }

    /** When limited: the limiting rule's action. */
    public Optional<RateLimitAction> action() {
        return Optional.ofNullable(action);
    }

    /** Time until the same attempt would be allowed; zero unless limited. */
    public Duration retryAfter() {
        return status == Status.LIMITED ? budget.retryAfter() : Duration.ZERO;
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
        return status + (budget == null ? "" : " " + budget) + (exceedsLimit ? " (exceeds the limit)" : "")
                + (storeFailures.isEmpty() ? "" : " store failures " + storeFailures);
    }
}
