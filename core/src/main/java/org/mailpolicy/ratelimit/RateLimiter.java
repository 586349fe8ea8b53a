package org.mailpolicy.ratelimit;

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
        return decide(request, null);
    }

    /**
     * Decides and, when allowed, charges the attempt with the request's bytes as an estimate
     * (the SIZE parameter, or 0), to be settled by {@link #commit} or {@link #release}.
     */
    public Reservation reserve(RateLimitRequest request) {
        List<Reservation.Charge> charged = new ArrayList<>(1);
        RateLimitDecision decision = decide(request, charged);
        return new Reservation(decision, request.bytes(), decision.allowed() ? charged : List.of());
    }

    /**
     * Charges every bucket the request is counted in, rule by rule, all or none of them.
     *
     * @param charged where a reservation keeps the charges; null for none
     */
    private RateLimitDecision decide(RateLimitRequest request, List<Reservation.Charge> charged) {
        Charging charging = null;
        List<RateLimitRule> all = rules.current().rules();
        for (int r = 0; r < all.size(); r++) {
            RateLimitRule rule = all.get(r);
            if (rule.exempts(request)) {
                continue;
            }
            List<RateLimitWindow> windows = rule.windowsFor(request);
            if (!rule.perRecipient()) {
                GcraUpdate unit = rule.unitUpdateFor(request);
                if (unit == null) {
                    continue;
                }
                List<GcraCell> cells = cells(rule, windows, request, request.recipientCount());
                GcraUpdate update = cells == unit.cells() ? unit : new GcraUpdate(unit.bucketId(), unit.mode(), cells);
                if (charging == null && r == all.size() - 1) {
                    // The usual decision: nothing charged before, no rule after, one bucket.
                    return only(rule, update, charged);
                }
                charging = charging == null ? new Charging(charged) : charging;
                if (!charging.charge(rule, update)) {
                    return charging.refusal();
                }
                continue;
            }
            for (Map.Entry<BucketId, Long> bucket : rule.bucketsFor(request).entrySet()) {
                charging = charging == null ? new Charging(charged) : charging;
                if (!charging.charge(rule, new GcraUpdate(bucket.getKey(), rule.updateMode(), cells(rule, windows, request, bucket.getValue())))) {
                    return charging.refusal();
                }
            }
        }
        return charging == null ? RateLimitDecision.allowed(null, null, 0, 0, List.of()) : charging.allowed();
    }

    /**
     * The decision of a request counted in one bucket alone: that bucket's answer, with nothing to
     * refund or compare. A bucket of one counter, the usual rule, is answered without an outcome.
     */
    private RateLimitDecision only(RateLimitRule rule, GcraUpdate update, List<Reservation.Charge> charged) {
        List<GcraCell> cells = update.cells();
        boolean allowed;
        int cell;
        long ahead;
        try {
            if (cells.size() == 1) {
                long answer = store.applyOne(update);
                allowed = GcraOutcome.allowedBy(answer);
                cell = 0;
                ahead = GcraOutcome.aheadIn(answer);
            } else {
                GcraOutcome outcome = store.apply(update);
                allowed = outcome.allowed();
                cell = allowed ? tightest(cells, outcome, update.mode()) : longest(cells, outcome, update.mode());
                ahead = outcome.aheadAfter(cell, cells, update.mode());
            }
        } catch (RuntimeException e) {
            logFailure(rule, update, e);
            List<String> failed = List.of(rule.name());
            return rule.failurePolicy() == FailurePolicy.FAIL_CLOSED ? RateLimitDecision.storeFailure(failed)
                    : RateLimitDecision.allowed(null, null, 0, 0, failed);
        }
        if (!allowed) {
            return RateLimitDecision.limited(rule, update, cell, ahead, List.of());
        }
        if (charged != null) {
            charged.add(new Reservation.Charge(rule, update));
        }
        return RateLimitDecision.allowed(rule, update, cell, ahead, List.of());
    }

    /**
     * The counters of the windows charged with this request's costs. The rule's own counters,
     * when no override applies and their unit costs already match (one message, one recipient),
     * are used as they are, with no list built.
     */
    private static List<GcraCell> cells(RateLimitRule rule, List<RateLimitWindow> windows, RateLimitRequest request, long recipients) {
        if (windows == rule.windows()) {
            List<GcraCell> counters = rule.cells();
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
        Dimension dimension = counter.dimension();
        return dimension == Dimension.MESSAGES ? request.messages() : dimension == Dimension.RECIPIENTS ? recipients : request.bytes();
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
                extra.add(new Reservation.Charge(charge.rule, new GcraUpdate(charge.update.bucketId(), mode, byteCells)));
            }
        }
        if (delta < 0) {
            refund(extra);
            return reservation.decision();
        }
        Charging charging = new Charging(null);
        for (Reservation.Charge charge : extra) {
            if (!charging.charge(charge.rule, charge.update)) {
                refund(reservation.charges());
                return charging.refusal();
            }
        }
        RateLimitDecision decision = charging.allowed();
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
                budgets.add(RateLimitBudget.of(rule, key, one, Gcra.ahead(tats.getOrDefault(one.field(), 0L), now), true));
            }
        }
        return budgets;
    }

    /**
     * One decision under way: charges buckets one by one, keeps those charged so as to refund
     * them if a later one refuses, and the counter its decision will report: when refused, the
     * one that makes the attempt wait longest; when allowed, the one with the smallest share
     * left. Only that counter and its TAT are kept; the budget is built if someone asks.
     */
    private final class Charging {
        // The buckets charged: in the reservation's list; else the first one alone (the usual
        // decision, no list), then a list of all.
        private List<Reservation.Charge> done;
        private RateLimitRule firstRule;
        private GcraUpdate first;
        private List<String> storeFailures = List.of();
        private RateLimitDecision refusal;
        private RateLimitRule rule;
        private GcraUpdate update;
        private int index;
        private GcraCell cell;
        private long ahead;

        Charging(List<Reservation.Charge> kept) {
            this.done = kept;
        }

        /** Charges one bucket; false when the decision is made: refused, or a fail-closed store failed. */
        boolean charge(RateLimitRule by, GcraUpdate update) {
            GcraOutcome outcome = apply(by, update);
            if (outcome == null) {
                return storeFailed(by);
            }
            if (!outcome.allowed()) {
                refundDone();
                refusal = refused(by, update, outcome, List.copyOf(storeFailures));
                return false;
            }
            List<GcraCell> cells = update.cells();
            int i = tightest(cells, outcome, update.mode());
            long aheadOfI = outcome.aheadAfter(i, cells, update.mode());
            if (cell == null || share(cells.get(i), aheadOfI) < share(cell, ahead)) {
                rule = by;
                this.update = update;
                index = i;
                cell = cells.get(i);
                ahead = aheadOfI;
            }
            keep(by, update);
            return true;
        }

        private void keep(RateLimitRule by, GcraUpdate update) {
            if (done != null) {
                done.add(new Reservation.Charge(by, update));
            } else if (first == null) {
                firstRule = by;
                first = update;
            } else {
                done = new ArrayList<>(4);
                done.add(new Reservation.Charge(firstRule, first));
                done.add(new Reservation.Charge(by, update));
            }
        }

        private boolean storeFailed(RateLimitRule by) {
            storeFailures = storeFailures.isEmpty() ? new ArrayList<>(1) : storeFailures;
            storeFailures.add(by.name());
            if (by.failurePolicy() == FailurePolicy.FAIL_CLOSED) {
                refundDone();
                refusal = RateLimitDecision.storeFailure(List.copyOf(storeFailures));
                return false;
            }
            return true;
        }

        private void refundDone() {
            if (done != null) {
                refund(done);
            } else if (first != null) {
                refund(first);
            }
        }

        RateLimitDecision refusal() {
            return refusal;
        }

        RateLimitDecision allowed() {
            return RateLimitDecision.allowed(rule, update, index, ahead, List.copyOf(storeFailures));
        }
    }

    /** The store's outcome; null when it failed (logged). */
    private GcraOutcome apply(RateLimitRule rule, GcraUpdate update) {
        try {
            return store.apply(update);
        } catch (RuntimeException e) {
            logFailure(rule, update, e);
            return null;
        }
    }

    private static void logFailure(RateLimitRule rule, GcraUpdate update, RuntimeException e) {
        LOG.warn("rate-limit store failed for rule {} bucket {} ({}): {}", rule.name(), update.bucket(),
                rule.failurePolicy().configName(), e.toString());
    }

    /** The index of the charged cell with the smallest share of its budget left (the first of equals); 0 for one cell, with no share computed. */
    private static int tightest(List<GcraCell> cells, GcraOutcome outcome, GcraUpdate.Mode mode) {
        int tightest = 0;
        double least = cells.size() == 1 ? 0 : share(cells.get(0), outcome.aheadAfter(0, cells, mode));
        for (int i = 1; i < cells.size(); i++) {
            double share = share(cells.get(i), outcome.aheadAfter(i, cells, mode));
            if (share < least) {
                tightest = i;
                least = share;
            }
        }
        return tightest;
    }

    /** The refusal by {@code rule}'s bucket: it reports the counter that makes the attempt wait longest. */
    private static RateLimitDecision refused(RateLimitRule rule, GcraUpdate update, GcraOutcome outcome, List<String> storeFailures) {
        int longest = longest(update.cells(), outcome, update.mode());
        return RateLimitDecision.limited(rule, update, longest, outcome.aheadAfter(longest, update.cells(), update.mode()), storeFailures);
    }

    /** The index of the cell that makes a refused attempt wait longest (the first of equals); 0 for one cell, with no wait computed. */
    private static int longest(List<GcraCell> cells, GcraOutcome outcome, GcraUpdate.Mode mode) {
        int longest = 0;
        long wait = cells.size() == 1 ? 0 : Gcra.retryAfter(cells.get(0), outcome.aheadAfter(0, cells, mode));
        for (int i = 1; i < cells.size(); i++) {
            long retryAfter = Gcra.retryAfter(cells.get(i), outcome.aheadAfter(i, cells, mode));
            if (retryAfter > wait) {
                longest = i;
                wait = retryAfter;
            }
        }
        return longest;
    }

    private void refund(List<Reservation.Charge> charges) {
        for (int i = charges.size() - 1; i >= 0; i--) {
            refund(charges.get(i).update);
        }
    }

    private void refund(GcraUpdate update) {
        try {
            store.apply(new GcraUpdate(update.bucketId(), GcraUpdate.Mode.REFUND, update.cells(), update.fields()));
        } catch (RuntimeException e) {
            LOG.warn("rate-limit store failed to refund bucket {}: {}", update.bucket(), e.toString());
        }
    }

    private static double share(GcraCell cell, long ahead) {
        return (double) Gcra.remaining(cell, ahead) / cell.limit();
    }
}
