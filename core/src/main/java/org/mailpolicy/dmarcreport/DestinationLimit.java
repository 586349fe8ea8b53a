package org.mailpolicy.dmarcreport;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

import org.mailpolicy.ratelimit.GcraCell;
import org.mailpolicy.ratelimit.GcraUpdate;
import org.mailpolicy.ratelimit.RateLimitStore;
import org.mailpolicy.ratelimit.RateLimitStoreException;
import org.mailpolicy.ratelimit.RateLimiter;

/**
 * How many reports one {@code rua=} mailbox gets: at most {@code maxReports} per interval, counted by
 * GCRA in a {@link RateLimitStore} (a burst of {@code maxReports}, then one more each
 * {@code interval / maxReports}). With {@code RedisRateLimitStore} every node charges the same bucket,
 * {@code mailpolicy:rl:{dmarc-report|<address>}}, atomically and on Redis's clock, so the cap holds for
 * the cluster, not per node; {@code mailpolicy ratelimit top} lists it and {@code reset} clears it like any
 * bucket.
 */
public final class DestinationLimit {

    /** The rule name the buckets go by, for {@code mailpolicy ratelimit reset --rule dmarc-report --key <address>}. */
    static final String RULE = "dmarc-report";
    private static final String FIELD = "interval:reports";

    private final RateLimitStore store;
    private final GcraCell cell;

    public DestinationLimit(RateLimitStore store, int maxReports, Duration interval) {
        if (maxReports < 1) {
            throw new IllegalArgumentException("maxReports must be positive, got " + maxReports);
        }
        this.store = store;
        this.cell = new GcraCell(FIELD, Math.max(1, interval.toNanos() / 1000), maxReports, 1);
    }

    /**
     * Charges one report to {@code address}; false, charging nothing, when it already had its reports.
     *
     * @throws RateLimitStoreException when the store cannot answer
     */
    public boolean admit(String address) {
        return store.apply(update(address, GcraUpdate.Mode.LEAKY)).allowed();
    }

    /**
     * Gives back the charge of a report that could not be queued after all.
     *
     * @throws RateLimitStoreException when the store cannot answer
     */
    public void refund(String address) {
        store.apply(update(address, GcraUpdate.Mode.REFUND));
    }

    /** The bucket {@code address} is counted in. */
    static String bucket(String address) {
        return RateLimiter.bucket(RULE, address.toLowerCase(Locale.ROOT));
    }

    private GcraUpdate update(String address, GcraUpdate.Mode mode) {
        return new GcraUpdate(bucket(address), mode, List.of(cell));
    }
}
