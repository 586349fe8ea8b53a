package org.mailpolicy.james;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.metrics.api.TimeMetric;
import org.apache.mailet.AttributeName;
import org.mailpolicy.ratelimit.RateLimitAction;
import org.mailpolicy.ratelimit.RateLimitBudget;
import org.mailpolicy.ratelimit.RateLimitDecision;
import org.mailpolicy.ratelimit.RateLimitRequest;
import org.mailpolicy.ratelimit.RateLimitRule;
import org.mailpolicy.ratelimit.RateLimitRulesSource;
import org.mailpolicy.ratelimit.RateLimiter;
import org.mailpolicy.ratelimit.Reservation;
import org.mailpolicy.smtp.SmtpReply;

/**
 * Where James's threads ask the rate limiter, publish its metrics and learn the SMTP reply of a
 * refusal. Metrics: the timer {@code mailpolicy_ratelimit} (one decision, store round trips
 * included) and per rule the timer {@code mailpolicy_ratelimit_<rule>_latency} (the decisions the
 * rule took part in) and the counters {@code mailpolicy_ratelimit_<rule>_checked}, {@code _allowed},
 * {@code _limited}, {@code _store_errors}.
 */
public final class RateLimitEvaluation {

    /** On mail that was counted (by RateLimitHook or the RateLimit mailet), so it is not counted twice. */
    public static final AttributeName COUNTED = AttributeName.of("mailpolicy.ratelimit.counted");
    /** On mail the RateLimit mailet found over a limit: the SMTP reply RateLimitHook would have given. */
    public static final AttributeName EXCEEDED = AttributeName.of("mailpolicy.ratelimit.exceeded");

    private final RateLimiter limiter;
    private final RateLimitRulesSource rules;
    private final MetricFactory metrics;

    public RateLimitEvaluation(RateLimiter limiter, RateLimitRulesSource rules, MetricFactory metrics) {
        this.limiter = limiter;
        this.rules = rules;
        this.metrics = metrics;
    }

    /** Decides and charges, with the request's bytes as an estimate to settle with {@link #commit}. */
    public Reservation reserve(RateLimitRequest request) {
        List<String> applying = rules.current().rules().stream()
                .filter(rule -> rule.appliesTo(request))
                .map(RateLimitRule::name)
                .collect(Collectors.toList());
        if (applying.isEmpty()) {
            return limiter.reserve(request);
        }
        TimeMetric timer = metrics.timer("mailpolicy_ratelimit");
        List<TimeMetric> ruleTimers = applying.stream().map(rule -> metrics.timer("mailpolicy_ratelimit_" + rule + "_latency"))
                .collect(Collectors.toList());
        Reservation reservation = limiter.reserve(request);
        timer.stopAndPublish();
        ruleTimers.forEach(TimeMetric::stopAndPublish);
        RateLimitDecision decision = reservation.decision();
        for (String rule : applying) {
            count(rule, "checked");
            if (decision.allowed()) {
                count(rule, "allowed");
            }
        }
        record(decision);
        return reservation;
    }

    /** Settles a reservation against the message's real size. */
    public RateLimitDecision commit(Reservation reservation, long actualBytes) {
        TimeMetric timer = metrics.timer("mailpolicy_ratelimit");
        RateLimitDecision decision = limiter.commit(reservation, actualBytes);
        timer.stopAndPublish();
        if (decision != reservation.decision()) {
            record(decision);
        }
        return decision;
    }

    private void record(RateLimitDecision decision) {
        if (decision.status() == RateLimitDecision.Status.LIMITED) {
            count(decision.budget().orElseThrow().rule(), "limited");
        }
        decision.storeFailures().forEach(rule -> count(rule, "store_errors"));
    }

    private void count(String rule, String what) {
        metrics.generate("mailpolicy_ratelimit_" + rule + "_" + what).increment();
    }

    /**
     * The reply for a refused decision: {@code 451 4.7.1} (or {@code 550 5.7.1} for a rule whose
     * action is {@code reject}) naming the limit and when to retry; {@code 552 5.3.4} when the
     * message alone is more than a whole window allows; {@code 451 4.3.0} when a fail-closed
     * rule's store did not answer. Empty when allowed.
     */
    public static Optional<SmtpReply> replyFor(RateLimitDecision decision) {
        switch (decision.status()) {
            case STORE_FAILURE:
                return Optional.of(new SmtpReply(451, "4.3.0", "Rate limit temporarily unavailable, try again later"));
            case LIMITED:
                RateLimitBudget budget = decision.budget().orElseThrow();
                String limit = "rate limit " + budget.rule() + ": " + budget.limit() + " " + budget.dimension().configName()
                        + " per " + budget.window() + " for " + budget.key();
                if (decision.exceedsLimit()) {
                    return Optional.of(new SmtpReply(552, "5.3.4", "Message exceeds the " + limit));
                }
                if (decision.action().orElse(RateLimitAction.TEMPFAIL) == RateLimitAction.REJECT) {
                    return Optional.of(new SmtpReply(550, "5.7.1", "Exceeded the " + limit));
                }
                long seconds = Math.max(1, (decision.retryAfter().toMillis() + 999) / 1000);
                return Optional.of(new SmtpReply(451, "4.7.1", "Exceeded the " + limit + "; try again in " + seconds + " s"));
            default:
                return Optional.empty();
        }
    }
}
