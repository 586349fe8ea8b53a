package org.mailpolicy.dmarcreport;

import java.net.InetAddress;
import java.util.Locale;
import java.util.Objects;

/**
 * One DMARC evaluation to report (RFC 9990 §3.1.1): the report domain and interval it belongs to, the
 * policy as published, and what happened to the message. The DMARC evaluator (or its James adapter)
 * builds one per message from a domain with {@code rua=}; the store aggregates identical rows.
 */
public final class ReportRow {

    private final ReportKey key;
    private final PolicyPublished policy;
    private final ReportRecord record;

    private ReportRow(ReportKey key, PolicyPublished policy, ReportRecord record) {
        this.key = key;
        this.policy = policy;
        this.record = record;
    }

    /** A row for the report about {@code reportDomain} (the domain where the DMARC record was found). */
    public static Builder builder(String reportDomain, ReportInterval interval, PolicyPublished policy) {
        return new Builder(new ReportKey(reportDomain, interval), policy);
    }

    public ReportKey key() {
        return key;
    }

    public PolicyPublished policy() {
        return policy;
    }

    /** The record this row adds to, with a count of one. */
    public ReportRecord record() {
        return record;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ReportRow && key.equals(((ReportRow) o).key) && policy.equals(((ReportRow) o).policy)
                && record.equals(((ReportRow) o).record);
    }

    @Override
    public int hashCode() {
        return Objects.hash(key, policy, record);
    }

    @Override
    public String toString() {
        return key + " " + record;
    }

    /** Builds a {@link ReportRow}; domains are lower-cased, the address written as RFC 9990's schema wants it. */
    public static final class Builder {
        private final ReportKey key;
        private final PolicyPublished policy;
        private final ReportRecord.Builder record = ReportRecord.builder().count(1);

        private Builder(ReportKey key, PolicyPublished policy) {
            this.key = key;
            this.policy = Objects.requireNonNull(policy);
        }

        /** The connecting client (row/source_ip). */
        public Builder sourceIp(InetAddress address) {
            // The schema's IPAddress pattern wants IPv6 in full (eight groups), as getHostAddress() writes it.
            record.sourceIp(address.getHostAddress());
            return this;
        }

        /** RFC 9990 §3.1.1 identifiers/header_from: the RFC5322.From domain. */
        public Builder headerFrom(String domain) {
            record.headerFrom(lower(domain));
            return this;
        }

        /** identifiers/envelope_from: the RFC5321.MailFrom domain (the HELO domain for a null path). */
        public Builder envelopeFrom(String domain) {
            record.envelopeFrom(lower(domain));
            return this;
        }

        /** identifiers/envelope_to: the RFC5321.RcptTo domain. */
        public Builder envelopeTo(String domain) {
            record.envelopeTo(lower(domain));
            return this;
        }

        /** The disposition applied: none, quarantine or reject. */
        public Builder disposition(String disposition) {
            record.disposition(lower(disposition));
            return this;
        }

        /** The DMARC-aligned results (policy_evaluated/dkim and /spf). */
        public Builder aligned(boolean dkimPass, boolean spfPass) {
            record.dkim(dkimPass ? "pass" : "fail").spf(spfPass ? "pass" : "fail");
            return this;
        }

        public Builder dkim(String domain, String selector, String result) {
            record.dkimResult(new DkimAuthResult(lower(domain), selector, lower(result), null));
            return this;
        }

        /** @param scope {@code mfrom} or {@code helo} */
        public Builder spf(String domain, String scope, String result) {
            record.spfResult(new SpfAuthResult(lower(domain), lower(scope), lower(result), null));
            return this;
        }

        public Builder reason(String type, String comment) {
            record.reason(new PolicyOverrideReason(lower(type), comment));
            return this;
        }

        public ReportRow build() {
            return new ReportRow(key, policy, record.build());
        }

        private static String lower(String value) {
            return value == null ? null : value.toLowerCase(Locale.ROOT);
        }
    }
}
