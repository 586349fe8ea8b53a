package org.mailpolicy.dmarcreport;

import java.util.List;

/**
 * What to do about one failed message: the failure reports to send and, for each destination or reason
 * that sends nothing, why. Failure reports are not retried: one lost to DNS trouble stays lost.
 */
public final class FailureReportDispatch {

    private final List<FailureReportDelivery> deliveries;
    private final List<String> skipped;

    FailureReportDispatch(List<FailureReportDelivery> deliveries, List<String> skipped) {
        this.deliveries = List.copyOf(deliveries);
        this.skipped = List.copyOf(skipped);
    }

    static FailureReportDispatch nothing(String reason) {
        return new FailureReportDispatch(List.of(), List.of(reason));
    }

    public List<FailureReportDelivery> deliveries() {
        return deliveries;
    }

    public List<String> skipped() {
        return skipped;
    }

    @Override
    public String toString() {
        return deliveries + (skipped.isEmpty() ? "" : " skipped " + skipped);
    }
}
