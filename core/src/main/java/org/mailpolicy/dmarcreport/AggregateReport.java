package org.mailpolicy.dmarcreport;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An aggregate report as read (RFC 9990 §3.1.1): who reported, about which domain and interval, the
 * policy they saw published and the records, with the totals an admin routes on. Fields the reporter
 * left out are empty or absent; {@link #problems()} lists what the lenient reader passed over.
 */
public final class AggregateReport {

    private final ReportFormat format;
    private final String version;
    private final String orgName;
    private final String email;
    private final String extraContactInfo;
    private final String reportId;
    private final Instant begin;
    private final Instant end;
    private final List<String> errors;
    private final PolicyPublished policy;
    private final List<ReportRecord> records;
    private final List<String> problems;

    AggregateReport(ReportFormat format, String version, String orgName, String email, String extraContactInfo,
            String reportId, Instant begin, Instant end, List<String> errors, PolicyPublished policy,
            List<ReportRecord> records, List<String> problems) {
        this.format = format;
        this.version = version;
        this.orgName = Objects.requireNonNullElse(orgName, "");
        this.email = Objects.requireNonNullElse(email, "");
        this.extraContactInfo = extraContactInfo;
        this.reportId = Objects.requireNonNullElse(reportId, "");
        this.begin = begin;
        this.end = end;
        this.errors = List.copyOf(errors);
        this.policy = policy;
        this.records = List.copyOf(records);
        this.problems = List.copyOf(problems);
    }

    /** {@link ReportFormat#RFC9990} when the root element is in the RFC 9990 namespace, else RFC 7489. */
    public ReportFormat format() {
        return format;
    }

    /** The {@code version} element as written, when there is one. */
    public Optional<String> version() {
        return Optional.ofNullable(version);
    }

    /** report_metadata/org_name: the reporting organization. */
    public String reporter() {
        return orgName;
    }

    public String reporterEmail() {
        return email;
    }

    public Optional<String> extraContactInfo() {
        return Optional.ofNullable(extraContactInfo);
    }

    public String reportId() {
        return reportId;
    }

    /** The policy domain the report is about (policy_published/domain). */
    public String domain() {
        return policy.domain();
    }

    public Optional<Instant> begin() {
        return Optional.ofNullable(begin);
    }

    public Optional<Instant> end() {
        return Optional.ofNullable(end);
    }

    /** report_metadata/error: the reporter's own notes about trouble generating the report. */
    public List<String> errors() {
        return errors;
    }

    public PolicyPublished policy() {
        return policy;
    }

    public List<ReportRecord> records() {
        return records;
    }

    /** The number of messages the report covers: the sum of the record counts. */
    public long messages() {
        long total = 0;
        for (ReportRecord record : records) {
            total = saturatedAdd(total, record.count());
        }
        return total;
    }

    /** The messages that failed DMARC: neither aligned DKIM nor aligned SPF passed (RFC 9989 §4.4). */
    public long failures() {
        long total = 0;
        for (ReportRecord record : records) {
            if (!record.dmarcPass()) {
                total = saturatedAdd(total, record.count());
            }
        }
        return total;
    }

    /** What the lenient reader passed over (a count that is no number, an unreadable time). */
    public List<String> problems() {
        return problems;
    }

    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
    }

    @Override
    public String toString() {
        return "report " + reportId + " from " + orgName + " about " + domain() + ": " + records.size() + " records, "
                + messages() + " messages, " + failures() + " failing DMARC";
    }
}
