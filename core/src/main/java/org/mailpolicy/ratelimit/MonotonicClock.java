package org.mailpolicy.ratelimit;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * Wall time read once, then advanced by {@link System#nanoTime()}: an NTP step or an admin's
 * {@code date -s} can neither free every budget at once nor block every sender for an hour.
 */
final class MonotonicClock extends Clock {

    private final Instant start = Instant.now();
    private final long startNanos = System.nanoTime();
    private final long startMicros = start.getEpochSecond() * 1_000_000L + start.getNano() / 1_000;

    /**
     * The time of a decision in µs since the epoch, without building an Instant: {@link #instant()}
     * as the ticker every in-memory store shares tells it, so under a flood of decisions up to a
     * tick behind.
     */
    long micros() {
        return startMicros + (Ticker.SHARED.nanoTime() - startNanos) / 1_000;
    }

    @Override
    public Instant instant() {
        return start.plusNanos(System.nanoTime() - startNanos);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
