package org.mailpolicy.dmarcreport;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The time a report covers, {@code [begin, end)} in whole seconds (RFC 9990 §3.1.1 date_range, seconds
 * since the epoch, UTC).
 */
public final class ReportInterval {

    /** RFC 7489 §7.2: reports are daily unless the domain owner or receiver chooses otherwise. */
    public static final Duration DAILY = Duration.ofDays(1);

    private final Instant begin;
    private final Instant end;

    public ReportInterval(Instant begin, Instant end) {
        if (!end.isAfter(begin)) {
            throw new IllegalArgumentException("a report interval ends after it begins: " + begin + " .. " + end);
        }
        this.begin = Instant.ofEpochSecond(begin.getEpochSecond());
        this.end = Instant.ofEpochSecond(end.getEpochSecond());
    }

    /**
     * The interval of {@code length} holding {@code time}, counted from the epoch, so that daily
     * intervals run midnight to midnight UTC (RFC 7489 §7.2: report generators SHOULD align on
     * hour boundaries, and daily reports on UTC days, so reports from many receivers line up).
     */
    public static ReportInterval containing(Instant time, Duration length) {
        long seconds = length.getSeconds();
        // Whole seconds, as date_range counts them; intervals shorter than an hour are for tests.
        if (seconds < 1) {
            throw new IllegalArgumentException("a report interval is at least a second, got " + length);
        }
        long begin = Math.floorDiv(time.getEpochSecond(), seconds) * seconds;
        return new ReportInterval(Instant.ofEpochSecond(begin), Instant.ofEpochSecond(begin + seconds));
    }

    public Instant begin() {
        return begin;
    }

    /** The first second after the interval. */
    public Instant end() {
        return end;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ReportInterval && begin.equals(((ReportInterval) o).begin)
                && end.equals(((ReportInterval) o).end);
    }

    @Override
    public int hashCode() {
        return Objects.hash(begin, end);
    }

    @Override
    public String toString() {
        return begin.getEpochSecond() + ".." + end.getEpochSecond();
    }
}
