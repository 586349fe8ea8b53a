package org.mailpolicy.dmarc;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A parsed DMARC policy record (RFC 9989 §4.7), with the defaults of absent tags applied.
 * {@link #parse} reads one TXT record; tags a receiver does not know are ignored (RFC 9989 §4.7).
 */
public final class DmarcRecord {

    /** RFC 9989 §4.7 {@code psd=}: whether the record is that of a public suffix domain. */
    public enum PublicSuffixDomain {
        /** {@code psd=y}: the record is published by a public suffix operator. */
        YES,
        /** {@code psd=n}: the domain is an organizational domain; the tree walk stops here. */
        NO,
        /** {@code psd=u} or absent: unknown. */
        UNKNOWN
    }

    private final DmarcPolicy policy;
    private final DmarcPolicy subdomainPolicy;
    private final DmarcPolicy nonExistentPolicy;
    private final Alignment dkimAlignment;
    private final Alignment spfAlignment;
    private final boolean testing;
    private final PublicSuffixDomain publicSuffixDomain;
    private final List<String> aggregateReportUris;
    private final List<String> failureReportUris;
    private final String failureReportOptions;
    private final int percent;
    private final boolean policyFromRua;
    private final String text;

    DmarcRecord(Builder b) {
        this.policy = Objects.requireNonNull(b.policy);
        this.subdomainPolicy = b.subdomainPolicy;
        this.nonExistentPolicy = b.nonExistentPolicy;
        this.dkimAlignment = b.dkimAlignment;
        this.spfAlignment = b.spfAlignment;
        this.testing = b.testing;
        this.publicSuffixDomain = b.publicSuffixDomain;
        this.aggregateReportUris = List.copyOf(b.aggregateReportUris);
        this.failureReportUris = List.copyOf(b.failureReportUris);
        this.failureReportOptions = b.failureReportOptions;
        this.percent = b.percent;
        this.policyFromRua = b.policyFromRua;
        this.text = b.text;
    }

    /**
     * Parses one TXT record in {@code mode}; never throws. The outcome is not a DMARC record ({@link ParsedRecord#isDmarc()} false) for
     * text that does not start with {@code v=DMARC1}, an error for an unusable record, or the record.
     */
    public static ParsedRecord parse(String text, DmarcMode mode) {
        return DmarcRecordParser.parse(text, mode);
    }

    /** {@code p=}: the policy for the domain that published the record. */
    public DmarcPolicy policy() {
        return policy;
    }

    /** {@code sp=}, defaulting to {@code p=} (RFC 9989 §4.7). */
    public DmarcPolicy subdomainPolicy() {
        return subdomainPolicy == null ? policy : subdomainPolicy;
    }

    /** {@code np=}, defaulting to {@code sp=} and then {@code p=} (RFC 9989 §4.7); always absent in RFC 7489 mode. */
    public DmarcPolicy nonExistentPolicy() {
        return nonExistentPolicy == null ? subdomainPolicy() : nonExistentPolicy;
    }

    /** Whether the record carries its own {@code np=}; only then is an existence check worth its queries. */
    public boolean hasNonExistentPolicy() {
        return nonExistentPolicy != null;
    }

    /** {@code adkim=}, relaxed by default. */
    public Alignment dkimAlignment() {
        return dkimAlignment;
    }

    /** {@code aspf=}, relaxed by default. */
    public Alignment spfAlignment() {
        return spfAlignment;
    }

    /** {@code t=y}: the domain owner is testing; the policy is applied one step lower (RFC 9989 §4.7). */
    public boolean testing() {
        return testing;
    }

    public PublicSuffixDomain publicSuffixDomain() {
        return publicSuffixDomain;
    }

    /** {@code rua=} URIs as written. */
    public List<String> aggregateReportUris() {
        return aggregateReportUris;
    }

    /** {@code ruf=} URIs as written. */
    public List<String> failureReportUris() {
        return failureReportUris;
    }

    /** {@code fo=}, {@code 0} by default. */
    public String failureReportOptions() {
        return failureReportOptions;
    }

    /** RFC 7489 §6.3 {@code pct=}, 100 by default and always 100 in RFC 9989 mode (the tag is gone). */
    public int percent() {
        return percent;
    }

    /** The record had no valid {@code p=} but a valid {@code rua=}, so it counts as {@code p=none} (RFC 9989 §4.7). */
    public boolean policyFromRua() {
        return policyFromRua;
    }

    /** The TXT record as published. */
    public String text() {
        return text;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DmarcRecord && ((DmarcRecord) o).text.equals(text) && ((DmarcRecord) o).percent == percent
                && ((DmarcRecord) o).nonExistentPolicy == nonExistentPolicy && ((DmarcRecord) o).publicSuffixDomain == publicSuffixDomain;
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }

    /** The outcome of reading one TXT record. */
    public static final class ParsedRecord {
        private final DmarcRecord record;
        private final String error;
        private final boolean dmarc;
        private final boolean syntaxError;

        private ParsedRecord(DmarcRecord record, String error, boolean dmarc, boolean syntaxError) {
            this.record = record;
            this.error = error;
            this.dmarc = dmarc;
            this.syntaxError = syntaxError;
        }

        static ParsedRecord of(DmarcRecord record) {
            return new ParsedRecord(record, null, true, false);
        }

        static ParsedRecord syntaxError(String error) {
            return new ParsedRecord(null, error, true, true);
        }

        static ParsedRecord noPolicy(String error) {
            return new ParsedRecord(null, error, true, false);
        }

        static ParsedRecord notDmarcRecord() {
            return new ParsedRecord(null, null, false, false);
        }

        /**
         * True for a record that is not a valid tag-list (RFC 7489 §11.2: permerror); false for a record
         * without a valid p= or rua=, to which RFC 7489 §6.6.3 applies no DMARC processing.
         */
        public boolean isSyntaxError() {
            return syntaxError;
        }

        /** False for TXT records that do not start with {@code v=DMARC1}: RFC 9989 §4.10 discards them. */
        public boolean isDmarc() {
            return dmarc;
        }

        public Optional<DmarcRecord> record() {
            return Optional.ofNullable(record);
        }

        /** Why a record that starts with {@code v=DMARC1} cannot be used. */
        public Optional<String> error() {
            return Optional.ofNullable(error);
        }

        @Override
        public String toString() {
            return record != null ? record.toString() : dmarc ? "invalid: " + error : "not a DMARC record";
        }
    }

    static final class Builder {
        DmarcPolicy policy;
        DmarcPolicy subdomainPolicy;
        DmarcPolicy nonExistentPolicy;
        Alignment dkimAlignment = Alignment.RELAXED;
        Alignment spfAlignment = Alignment.RELAXED;
        boolean testing;
        PublicSuffixDomain publicSuffixDomain = PublicSuffixDomain.UNKNOWN;
        List<String> aggregateReportUris = List.of();
        List<String> failureReportUris = List.of();
        String failureReportOptions = "0";
        int percent = 100;
        boolean policyFromRua;
        String text;
    }
}
