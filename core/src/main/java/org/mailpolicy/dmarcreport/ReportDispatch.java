package org.mailpolicy.dmarcreport;

import java.util.List;

/**
 * What to do with one due report: the e-mails to send, the destinations skipped for good with the
 * reason, and the destinations to try again at the next run (DNS trouble during verification).
 */
public final class ReportDispatch {

    private final List<ReportDelivery> deliveries;
    private final List<String> skipped;
    private final List<ReportUri> retryLater;

    ReportDispatch(List<ReportDelivery> deliveries, List<String> skipped, List<ReportUri> retryLater) {
        this.deliveries = List.copyOf(deliveries);
        this.skipped = List.copyOf(skipped);
        this.retryLater = List.copyOf(retryLater);
    }

    public List<ReportDelivery> deliveries() {
        return deliveries;
    }

    public List<String> skipped() {
        return skipped;
    }

    public List<ReportUri> retryLater() {
        return retryLater;
    }

    @Override
    public String toString() {
        return deliveries + (skipped.isEmpty() ? "" : " skipped " + skipped)
                + (retryLater.isEmpty() ? "" : " retry " + retryLater);
    }
}
