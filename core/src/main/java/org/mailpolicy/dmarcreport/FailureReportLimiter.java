package org.mailpolicy.dmarcreport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.mailpolicy.ratelimit.GcraCell;
import org.mailpolicy.ratelimit.GcraUpdate;
import org.mailpolicy.ratelimit.RateLimitStore;
import org.mailpolicy.ratelimit.RateLimitStoreException;

/**
 * The rate limits RFC 9991 §2 requires of failure report generators ("MUST implement a rate-limit on
 * outgoing reports", §8.1 against reports as a denial-of-service weapon): at most a number of reports
 * per reported domain, per destination and in all, per period. Each is a GCRA counter of the rate-limit
 * machinery ({@link RateLimitStore}): the budget refills continuously, one report every
 * {@code period / limit}, so a flood of forged mail yields a trickle of reports, not one burst an hour.
 * A report is charged to all three counters or to none.
 */
public final class FailureReportLimiter {

    private static final String FIELD = "reports";

    private final RateLimitStore store;
    private final GcraCell perDomain;
    private final GcraCell perDestination;
    private final GcraCell total;

    public FailureReportLimiter(RateLimitStore store, Duration period, int perDomain, int perDestination, int total) {
        if (period.isNegative() || period.isZero() || perDomain < 1 || perDestination < 1 || total < 1) {
            throw new IllegalArgumentException("failure report limits must be positive");
        }
        long micros = period.toNanos() / 1_000;
        this.store = store;
        this.perDomain = new GcraCell(FIELD, micros, perDomain, 1);
        this.perDestination = new GcraCell(FIELD, micros, perDestination, 1);
        this.total = new GcraCell(FIELD, micros, total, 1);
    }

    /**
     * Charges one report about {@code domain} to {@code destination}; empty when it may be sent, else
     * which limit refused it (nothing is then charged).
     */
    public Optional<String> acquire(String domain, String destination) {
        List<GcraUpdate> charged = new ArrayList<>(3);
        List<GcraUpdate> updates = List.of(
                new GcraUpdate("dmarc-failure|domain=" + domain.toLowerCase(Locale.ROOT), GcraUpdate.Mode.LEAKY, List.of(perDomain)),
                new GcraUpdate("dmarc-failure|to=" + destination.toLowerCase(Locale.ROOT), GcraUpdate.Mode.LEAKY, List.of(perDestination)),
                new GcraUpdate("dmarc-failure|all", GcraUpdate.Mode.LEAKY, List.of(total)));
        List<String> names = List.of("the limit per reported domain (" + perDomain.limit() + ")",
                "the limit per destination (" + perDestination.limit() + ")", "the limit in all (" + total.limit() + ")");
        try {
            for (int i = 0; i < updates.size(); i++) {
                if (!store.apply(updates.get(i)).allowed()) {
                    refund(charged);
                    return Optional.of(names.get(i));
                }
                charged.add(updates.get(i));
            }
            return Optional.empty();
        } catch (RateLimitStoreException e) {
            refund(charged);
            // Fail closed: without a working counter no report goes out.
            return Optional.of("the rate-limit store failed: " + e.getMessage());
        }
    }

    private void refund(List<GcraUpdate> charged) {
        for (GcraUpdate update : charged) {
            try {
                store.apply(new GcraUpdate(update.bucket(), GcraUpdate.Mode.REFUND, update.cells()));
            } catch (RateLimitStoreException e) {
                // The charge stays: one report fewer later, never one more.
            }
        }
    }
}
