package org.mailpolicy.ratelimit;

import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/**
 * A charge made at RCPT that stays open until end of DATA: {@link RateLimiter#commit} settles the
 * bytes against the message's real size, {@link RateLimiter#release} gives everything back when
 * the transaction is aborted. Settling twice does nothing.
 */
public final class Reservation {

    private static final AtomicIntegerFieldUpdater<Reservation> SETTLED =
            AtomicIntegerFieldUpdater.newUpdater(Reservation.class, "settled");

    private final RateLimitDecision decision;
    private final long bytes;
    private final List<Charge> charges;
    private volatile int settled;

    /** @param charges owned by the reservation from now on */
    Reservation(RateLimitDecision decision, long bytes, List<Charge> charges) {
        this.decision = decision;
        this.bytes = bytes;
        this.charges = charges;
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

    /** True the first time only, and never when nothing was charged: whoever settles the reservation owns it. */
    boolean settle() {
        return decision.allowed() && !charges.isEmpty() && SETTLED.compareAndSet(this, 0, 1);
    }

    /** One bucket's update that was charged, with the rule it belongs to. */
    static final class Charge {
        final RateLimitRule rule;
        final GcraUpdate update;

        Charge(RateLimitRule rule, GcraUpdate update) {
            this.rule = rule;
            this.update = update;
        }
    }
}
