package org.mailpolicy.ratelimit;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A charge made at RCPT that stays open until end of DATA: {@link RateLimiter#commit} settles the
 * bytes against the message's real size, {@link RateLimiter#release} gives everything back when
 * the transaction is aborted. Settling twice does nothing.
 */
public final class Reservation {

    private final RateLimitDecision decision;
    private final long bytes;
    private final List<Charge> charges;
    private final AtomicBoolean settled;

    Reservation(RateLimitDecision decision, long bytes, List<Charge> charges) {
        this.decision = decision;
        this.bytes = bytes;
        this.charges = List.copyOf(charges);
        this.settled = new AtomicBoolean(!decision.allowed() || charges.isEmpty());
    }

    public RateLimitDecision decision() {
        return decision;
    }

    /** The bytes reserved. */
    public long bytes() {
        return bytes;
    }

    List<Charge> charges() {
        return charges;
    }

    /** True the first time only: whoever settles the reservation owns it. */
    boolean settle() {
        return settled.compareAndSet(false, true);
    }

    /** One bucket's update that was charged, with the rule and key it belongs to. */
    static final class Charge {
        final RateLimitRule rule;
        final String key;
        final GcraUpdate update;

        Charge(RateLimitRule rule, String key, GcraUpdate update) {
            this.rule = rule;
            this.key = key;
            this.update = update;
        }
    }
}
