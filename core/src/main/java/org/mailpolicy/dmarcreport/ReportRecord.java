package org.mailpolicy.dmarcreport;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One {@code record} of an aggregate report (RFC 9990 §3.1.1, RecordType): messages from one source IP
 * with the same identifiers, authentication results and DMARC outcome, and how many there were. Used
 * both for reports read and for reports written.
 */
public final class ReportRecord {

    private final String sourceIp;
    private final long count;
    private final String disposition;
    private final String dkim;
    private final String spf;
    private final List<PolicyOverrideReason> reasons;
    private final String envelopeTo;
    private final String envelopeFrom;
    private final String headerFrom;
    private final List<DkimAuthResult> dkimResults;
    private final List<SpfAuthResult> spfResults;

    private ReportRecord(Builder b) {
        this.sourceIp = Objects.requireNonNullElse(b.sourceIp, "");
        this.count = b.count;
        this.disposition = Objects.requireNonNullElse(b.disposition, "");
        this.dkim = Objects.requireNonNullElse(b.dkim, "");
        this.spf = Objects.requireNonNullElse(b.spf, "");
        this.reasons = List.copyOf(b.reasons);
        this.envelopeTo = b.envelopeTo;
        this.envelopeFrom = b.envelopeFrom;
        this.headerFrom = Objects.requireNonNullElse(b.headerFrom, "");
        this.dkimResults = List.copyOf(b.dkimResults);
        this.spfResults = List.copyOf(b.spfResults);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The connecting IP address as written in the report (not checked: reporters write what they have). */
    public String sourceIp() {
        return sourceIp;
    }

    /** How many messages this record stands for. */
    public long count() {
        return count;
    }

    /** The disposition applied: none, quarantine or reject (empty when the reporter left it out). */
    public String disposition() {
        return disposition;
    }

    /** The DMARC-aligned DKIM result (policy_evaluated/dkim): pass or fail. */
    public String dkim() {
        return dkim;
    }

    /** The DMARC-aligned SPF result (policy_evaluated/spf): pass or fail. */
    public String spf() {
        return spf;
    }

    /** RFC 9989 §4.4: a message passes DMARC when an aligned DKIM or SPF result passes. */
    public boolean dmarcPass() {
        return "pass".equals(dkim) || "pass".equals(spf);
    }

    public List<PolicyOverrideReason> reasons() {
        return reasons;
    }

    public Optional<String> envelopeTo() {
        return Optional.ofNullable(envelopeTo);
    }

    public Optional<String> envelopeFrom() {
        return Optional.ofNullable(envelopeFrom);
    }

    public String headerFrom() {
        return headerFrom;
    }

    public List<DkimAuthResult> dkimResults() {
        return dkimResults;
    }

    public List<SpfAuthResult> spfResults() {
        return spfResults;
    }

    /** The same record with another count. */
    public ReportRecord withCount(long newCount) {
        return toBuilder().count(newCount).build();
    }

    public Builder toBuilder() {
        Builder b = new Builder().sourceIp(sourceIp).count(count).disposition(disposition).dkim(dkim).spf(spf)
                .envelopeTo(envelopeTo).envelopeFrom(envelopeFrom).headerFrom(headerFrom);
        reasons.forEach(b::reason);
        dkimResults.forEach(b::dkimResult);
        spfResults.forEach(b::spfResult);
        return b;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ReportRecord)) {
            return false;
        }
        ReportRecord other = (ReportRecord) o;
        return count == other.count && sameMessages(other);
    }

    /** Equal in everything but the count: records that aggregate into one. */
    boolean sameMessages(ReportRecord other) {
        return sourceIp.equals(other.sourceIp) && disposition.equals(other.disposition) && dkim.equals(other.dkim)
                && spf.equals(other.spf) && reasons.equals(other.reasons)
                && Objects.equals(envelopeTo, other.envelopeTo) && Objects.equals(envelopeFrom, other.envelopeFrom)
                && headerFrom.equals(other.headerFrom) && dkimResults.equals(other.dkimResults)
                && spfResults.equals(other.spfResults);
    }

    @Override
    public int hashCode() {
        return Objects.hash(sourceIp, count, disposition, dkim, spf, reasons, envelopeTo, envelopeFrom, headerFrom,
                dkimResults, spfResults);
    }

    @Override
    public String toString() {
        return sourceIp + " x" + count + " " + disposition + " dkim=" + dkim + " spf=" + spf + " from=" + headerFrom;
    }

    /** Builds a {@link ReportRecord}. */
    public static final class Builder {
        private String sourceIp;
        private long count;
        private String disposition;
        private String dkim;
        private String spf;
        private final List<PolicyOverrideReason> reasons = new ArrayList<>();
        private String envelopeTo;
        private String envelopeFrom;
        private String headerFrom;
        private final List<DkimAuthResult> dkimResults = new ArrayList<>();
        private final List<SpfAuthResult> spfResults = new ArrayList<>();

        private Builder() {
        }

        public Builder sourceIp(String value) {
            sourceIp = value;
            return this;
        }

        public Builder count(long value) {
            count = value;
            return this;
        }

        public Builder disposition(String value) {
            disposition = value;
            return this;
        }

        public Builder dkim(String value) {
            dkim = value;
            return this;
        }

        public Builder spf(String value) {
            spf = value;
            return this;
        }

        public Builder reason(PolicyOverrideReason value) {
            reasons.add(value);
            return this;
        }

        public Builder envelopeTo(String value) {
            envelopeTo = value;
            return this;
        }

        public Builder envelopeFrom(String value) {
            envelopeFrom = value;
            return this;
        }

        public Builder headerFrom(String value) {
            headerFrom = value;
            return this;
        }

        public Builder dkimResult(DkimAuthResult value) {
            dkimResults.add(value);
            return this;
        }

        public Builder spfResult(SpfAuthResult value) {
            spfResults.add(value);
            return this;
        }

        public ReportRecord build() {
            return new ReportRecord(this);
        }
    }
}
