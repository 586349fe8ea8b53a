package org.mailpolicy.dmarcreport;

import java.util.Locale;
import java.util.Objects;

/** One report to send: a policy domain and an interval (RFC 9990 §3.1.1: one report per domain per interval). */
public final class ReportKey {

    private final String domain;
    private final ReportInterval interval;

    public ReportKey(String domain, ReportInterval interval) {
        this.domain = domain.toLowerCase(Locale.ROOT);
        this.interval = Objects.requireNonNull(interval);
    }

    public String domain() {
        return domain;
    }

    public ReportInterval interval() {
        return interval;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ReportKey && domain.equals(((ReportKey) o).domain)
                && interval.equals(((ReportKey) o).interval);
    }

    @Override
    public int hashCode() {
        return Objects.hash(domain, interval);
    }

    @Override
    public String toString() {
        return domain + "@" + interval;
    }
}
