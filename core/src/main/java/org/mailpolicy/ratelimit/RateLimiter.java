package org.mailpolicy.ratelimit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rate-limit engine: decides whether an attempt fits every applicable rule and charges it.
 *
 * <p>Each rule counts per key (one bucket per rule and key). A bucket's windows and dimensions
 * are decided together by one store call, atomically and all-or-nothing. When a request touches
 * several buckets (several rules, or one bucket per recipient), they are charged in rule order
 * and the ones already charged are refunded as soon as one refuses, so a refused attempt leaves
 * no charge behind in a leaky rule.
 *
 * <p>Thread-safe; one instance serves every SMTP and spool thread.
 */
public final class RateLimiter {

    private static final Logger LOG = LoggerFactory.getLogger(RateLimiter.class);

    private final RateLimitRulesSource rules;
    private final RateLimitStore store;

    public RateLimiter(RateLimitRulesSource rules, RateLimitStore store) {
        this.rules = Objects.requireNonNull(rules, "rules");
        this.store = Objects.requireNonNull(store, "store");
    }

    /** Decides and, when allowed, charges the attempt for good. */
    public RateLimitDecision check(RateLimitRequest request) {
        return reserve(request).decision();
    }

    /**
     * Decides and, when allowed, charges the attempt with the request's bytes as an estimate
     * (the SIZE parameter, or 0), to be settled by {@link #commit} or {@link #release}.
     */
    public Reservation reserve(RateLimitRequest request) {
        List<Reservation.Charge> planned = new ArrayList<>(1);
        for (RateLimitRule rule : rules.current().rules()) {
            if (rule.exempts(request)) {
                continue;
            }
            List<RateLimitWindow> windows = rule.windowsFor(request);
            for (Map.Entry<String, Long> key : rule.keysFor(request).entrySet()) {
                planned.add(new Reservation.Charge(rule, key.getKey(),
                        new GcraUpdate(bucket(rule.name(), key.getKey()), mode(rule), cells(windows, request, key.getValue()))));
            }
        }
        List<Reservation.Charge> done = new ArrayList<>(planned.size());
        RateLimitDecision decision = charge(planned, done);
        return new Reservation(decision, request.bytes(), decision.allowed() ? done : List.of());
    }

    /**
     * The counters of the windows charged with this request's costs. A single window whose unit
     * costs already match (one message, one recipient) is used as it is, with no list built.
     */
    private static List<GcraCell> cells(List<RateLimitWindow> windows, RateLimitRequest request, long recipients) {
        if (windows.size() == 1) {
            List<GcraCell> counters = windows.get(0).counters();
            boolean unchanged = true;
            for (int i = 0; i < counters.size() && unchanged; i++) {
                unchanged = counters.get(i).cost() == cost(counters.get(i), request, recipients);
            }
            if (unchanged) {
                return counters;
            }
        }
        List<GcraCell> cells = new ArrayList<>();
        for (RateLimitWindow window : windows) {
            for (GcraCell counter : window.counters()) {
                cells.add(counter.withCost(cost(counter, request, recipients)));
            }
        }
        return cells;
    }

    private static long cost(GcraCell counter, RateLimitRequest request, long recipients) {
        return counter.dimension() == Dimension.RECIPIENTS ? recipients : request.amount(counter.dimension());
    }

    /**
     * Settles a reservation against the message's real size: the difference to the reserved
     * bytes is charged (all-or-nothing, as at RCPT) or refunded. When the extra bytes do not fit,
     * the whole reservation is released and the decision says which limit refused.
     */
    public RateLimitDecision commit(Reservation reservation, long actualBytes) {
        if (actualBytes < 0) {
            throw new IllegalArgumentException("actualBytes must not be negative");
        }
        if (!reservation.settle()) {
            return reservation.decision();
        }
        long delta = actualBytes - reservation.bytes();
        List<Reservation.Charge> extra = new ArrayList<>();
        for (Reservation.Charge charge : reservation.charges()) {
            List<GcraCell> byteCells = new ArrayList<>();
            for (GcraCell cell : charge.update.cells()) {
                if (cell.dimension() == Dimension.BYTES) {
                    byteCells.add(cell.withCost(Math.abs(delta)));
                }
            }
            if (!byteCells.isEmpty() && delta != 0) {
                GcraUpdate.Mode mode = delta > 0 ? charge.update.mode() : GcraUpdate.Mode.REFUND;
                extra.add(new Reservation.Charge(charge.rule, charge.key, new GcraUpdate(charge.update.bucket(), mode, byteCells)));
            }
        }
        if (delta < 0) {
            refund(extra);
            return reservation.decision();
        }
        RateLimitDecision decision = charge(extra, new ArrayList<>());
        if (!decision.allowed()) {
            refund(reservation.charges());
            return decision;
        }
        return decision.storeFailures().isEmpty() ? reservation.decision() : decision;
    }

    /** Gives back everything a reservation charged (an aborted or refused transaction). */
    public void release(Reservation reservation) {
        if (reservation.settle()) {
            refund(reservation.charges());
        }
    }

    /** The state of one bucket, by rule name and key as a decision reports them. */
    public Optional<RateLimitState> state(String ruleName, String key) {
        return rules.current().rule(ruleName).flatMap(rule -> state(rule, rule.windowsForKey(key), key));
    }

    /**
     * What an administrator reads for a rule and key: the bucket's state, or its full budget
     * when it holds none. Empty only when no rule has that name.
     *
     * @throws RateLimitStoreException when the store cannot answer
     */
    public Optional<RateLimitState> read(String ruleName, String key) {
        return rules.current().rule(ruleName).map(rule -> {
            List<RateLimitWindow> windows = rule.windowsForKey(key);
            return state(rule, windows, key).orElseGet(() -> new RateLimitState(rule.name(), key,
                    budgets(rule.name(), key, windows, Map.of(), 0), 0));
        });
    }

    /** True when a rule of that name is in force. */
    public boolean hasRule(String ruleName) {
        return rules.current().rule(ruleName).isPresent();
    }

    /** The state of every bucket the request would be counted under, with its overrides. */
    public List<RateLimitState> state(RateLimitRequest request) {
        List<RateLimitState> states = new ArrayList<>();
        for (RateLimitRule rule : rules.current().rules()) {
            List<RateLimitWindow> windows = rule.windowsFor(request);
            for (String key : rule.keysFor(request).keySet()) {
                states.add(state(rule, windows, key).orElseGet(() -> new RateLimitState(rule.name(), key,
                        budgets(rule.name(), key, windows, Map.of(), 0), 0)));
            }
        }
        return states;
    }

    /** Gives a bucket its full budget back; true when it held state. */
    public boolean reset(String ruleName, String key) {
        return store.reset(bucket(ruleName, key));
    }

    /** The buckets that refused most, most first; the bucket id is {@code rule|key}. */
    public List<LimitedBucket> mostLimited(int limit) {
        return store.mostLimited(limit);
    }

    /** The store's id of a rule's bucket for a key. */
    public static String bucket(String ruleName, String key) {
        return ruleName + "|" + key;
    }

    private Optional<RateLimitState> state(RateLimitRule rule, List<RateLimitWindow> windows, String key) {
        return store.read(bucket(rule.name(), key)).map(stored -> new RateLimitState(rule.name(), key,
                budgets(rule.name(), key, windows, stored.tats(), stored.nowMicros()), stored.limitedCount()));
    }

    private static List<RateLimitBudget> budgets(String rule, String key, List<RateLimitWindow> windows, Map<String, Long> tats, long now) {
        List<RateLimitBudget> budgets = new ArrayList<>();
        for (RateLimitWindow window : windows) {
            for (GcraCell one : window.counters()) {
                long tat = tats.getOrDefault(one.field(), 0L);
                budgets.add(budget(rule, key, one, Gcra.remaining(one, tat, now), Gcra.retryAfter(one, tat, now)));
            }
        }
        return budgets;
    }

    private static RateLimitBudget budget(String rule, String key, GcraCell cell, long remaining, long retryAfterMicros) {
        return new RateLimitBudget(rule, key, cell.window(), cell.dimension(), cell.limit(), remaining, Duration.ofNanos(retryAfterMicros * 1_000));
    }

    /** Charges the planned updates in order; on the first refusal, refunds those already charged. */
    private RateLimitDecision charge(List<Reservation.Charge> planned, List<Reservation.Charge> done) {
        List<String> storeFailures = new ArrayList<>(0);
        RateLimitBudget tightest = null;
        for (Reservation.Charge charge : planned) {
            GcraUpdate update = charge.update;
            GcraOutcome outcome;
            try {
                outcome = store.apply(update);
            } catch (RuntimeException e) {
                storeFailures.add(charge.rule.name());
                LOG.warn("rate-limit store failed for rule {} bucket {} ({}): {}", charge.rule.name(), update.bucket(),
                        charge.rule.failurePolicy().configName(), e.toString());
                if (charge.rule.failurePolicy() == FailurePolicy.FAIL_CLOSED) {
                    refund(done);
                    return RateLimitDecision.storeFailure(storeFailures);
                }
                continue;
            }
            Evaluation evaluation = evaluate(charge, outcome);
            if (!outcome.allowed()) {
                refund(done);
                return RateLimitDecision.limited(evaluation.limiting, charge.rule.action(), evaluation.exceedsLimit, storeFailures);
            }
            done.add(charge);
            if (tightest == null || share(evaluation.tightest) < share(tightest)) {
                tightest = evaluation.tightest;
            }
        }
        return RateLimitDecision.allowed(tightest, storeFailures);
    }

    /**
     * The budget a decision reports: when refused, the counter that makes the attempt wait
     * longest; when allowed, the one with the smallest share left. Only that one is built.
     */
    private static Evaluation evaluate(Reservation.Charge charge, GcraOutcome outcome) {
        List<GcraCell> cells = charge.update.cells();
        long now = outcome.nowMicros();
        long[] after = outcome.tatsAfter(cells, charge.update.mode());
        Evaluation evaluation = new Evaluation();
        int chosen = -1;
        long chosenRemaining = 0;
        long chosenWait = -1;
        double chosenShare = Double.MAX_VALUE;
        for (int i = 0; i < after.length; i++) {
            GcraCell cell = cells.get(i);
            if (cell.cost() > cell.limit()) {
                evaluation.exceedsLimit = true;
            }
            long remaining = Gcra.remaining(cell, after[i], now);
            if (outcome.allowed()) {
                double share = (double) remaining / cell.limit();
                if (share < chosenShare) {
                    chosen = i;
                    chosenShare = share;
                    chosenRemaining = remaining;
                }
            } else {
                long wait = Gcra.retryAfter(cell, after[i], now);
                if (wait > chosenWait) {
                    chosen = i;
                    chosenWait = wait;
                    chosenRemaining = remaining;
                }
            }
        }
        RateLimitBudget budget = budget(charge.rule.name(), charge.key, cells.get(chosen), chosenRemaining, Math.max(chosenWait, 0));
        evaluation.limiting = budget;
        evaluation.tightest = budget;
        return evaluation;
    }

    private void refund(List<Reservation.Charge> charges) {
        for (int i = charges.size() - 1; i >= 0; i--) {
            GcraUpdate update = charges.get(i).update;
            try {
                store.apply(new GcraUpdate(update.bucket(), GcraUpdate.Mode.REFUND, update.cells()));
            } catch (RuntimeException e) {
                LOG.warn("rate-limit store failed to refund bucket {}: {}", update.bucket(), e.toString());
            }
        }
    }

    private static double share(RateLimitBudget budget) {
        return (double) budget.remaining() / budget.limit();
    }

    private static GcraUpdate.Mode mode(RateLimitRule rule) {
        return rule.chargeMode() == ChargeMode.STRICT ? GcraUpdate.Mode.STRICT : GcraUpdate.Mode.LEAKY;
    }

    private static final class Evaluation {
        RateLimitBudget limiting;
        RateLimitBudget tightest;
        boolean exceedsLimit;
    }
}
