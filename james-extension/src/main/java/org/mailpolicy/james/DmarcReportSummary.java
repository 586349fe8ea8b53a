package org.mailpolicy.james;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.mailpolicy.dmarcreport.AggregateReport;
import org.mailpolicy.dmarcreport.ReportParseResult;

/**
 * Carries what an incoming DMARC aggregate report says on the {@link Mail}, as plain attributes a
 * matcher can route on: {@code mailpolicy.dmarcreport.reporter}, {@code .domain}, {@code .interval}
 * (a map of {@code begin} and {@code end}, seconds since the epoch), {@code .messages} and
 * {@code .failures}; {@code .error} when the mail carries something it could not read. When a mail
 * carries several reports, reporter and domain are the first one's, the interval spans them all and
 * the counts are summed.
 */
public final class DmarcReportSummary {

    public static final AttributeName REPORTER = AttributeName.of("mailpolicy.dmarcreport.reporter");
    public static final AttributeName DOMAIN = AttributeName.of("mailpolicy.dmarcreport.domain");
    public static final AttributeName INTERVAL = AttributeName.of("mailpolicy.dmarcreport.interval");
    public static final AttributeName MESSAGES = AttributeName.of("mailpolicy.dmarcreport.messages");
    public static final AttributeName FAILURES = AttributeName.of("mailpolicy.dmarcreport.failures");
    public static final AttributeName ERROR = AttributeName.of("mailpolicy.dmarcreport.error");

    private DmarcReportSummary() {
    }

    /** The attributes for {@code result}: the summary when it holds a report, {@code .error} for what it could not read. */
    public static List<Attribute> attributes(ReportParseResult result) {
        List<Attribute> attributes = new ArrayList<>();
        if (result.hasReport()) {
            AggregateReport first = result.reports().get(0);
            long messages = 0;
            long failures = 0;
            Long begin = null;
            Long end = null;
            for (AggregateReport report : result.reports()) {
                messages += report.messages();
                failures += report.failures();
                Long b = report.begin().map(i -> i.getEpochSecond()).orElse(null);
                Long e = report.end().map(i -> i.getEpochSecond()).orElse(null);
                begin = b == null ? begin : begin == null ? b : Math.min(begin, b);
                end = e == null ? end : end == null ? e : Math.max(end, e);
            }
            attributes.add(new Attribute(REPORTER, AttributeValue.of(first.reporter())));
            attributes.add(new Attribute(DOMAIN, AttributeValue.of(first.domain())));
            Map<String, AttributeValue<?>> interval = new LinkedHashMap<>();
            if (begin != null) {
                interval.put("begin", AttributeValue.of(begin));
            }
            if (end != null) {
                interval.put("end", AttributeValue.of(end));
            }
            attributes.add(new Attribute(INTERVAL, AttributeValue.of(interval)));
            attributes.add(new Attribute(MESSAGES, AttributeValue.of(messages)));
            attributes.add(new Attribute(FAILURES, AttributeValue.of(failures)));
        }
        if (!result.errors().isEmpty()) {
            attributes.add(new Attribute(ERROR, AttributeValue.of(String.join("; ", result.errors()))));
        }
        return attributes;
    }

    /** The number of messages failing DMARC the mail's reports count; empty when no report was read. */
    public static Optional<Long> failures(Mail mail) {
        return mail.getAttribute(FAILURES).map(Attribute::getValue).map(AttributeValue::value)
                .filter(Number.class::isInstance).map(n -> ((Number) n).longValue());
    }
}
