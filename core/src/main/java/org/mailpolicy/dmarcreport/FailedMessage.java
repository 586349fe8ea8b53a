package org.mailpolicy.dmarcreport;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

import org.mailpolicy.dkim.DkimResult;
import org.mailpolicy.dkim.DkimSignatureResult;
import org.mailpolicy.dmarc.DmarcResultCode;
import org.mailpolicy.message.RawMessage;
import org.mailpolicy.spf.SpfResult;
import org.mailpolicy.spf.SpfResultCode;

/**
 * What a failure report (RFC 9991) says about one received message: the DMARC record's reporting tags,
 * the verdicts, the SMTP facts and the message's header section. The body is never kept: reports carry
 * headers only. Built by the caller from its verdicts; {@link FailureReportDispatcher} decides whether a
 * report is due and writes it.
 */
public final class FailedMessage {

    private final String policyDomain;
    private final String fromDomain;
    private final String organizationalDomain;
    private final boolean strictDkimAlignment;
    private final List<String> ruf;
    private final String fo;
    private final boolean publicSuffixDomain;
    private final DmarcResultCode dmarcResult;
    private final SpfResult spf;
    private final boolean spfAligned;
    private final List<DkimSignatureResult> signatures;
    private final List<String> alignedDkimDomains;
    private final String sourceIp;
    private final Instant arrival;
    private final String envelopeId;
    private final String mailFrom;
    private final boolean refused;
    private final byte[] headerSection;
    private final boolean reportTraffic;

    private FailedMessage(Builder b) {
        this.policyDomain = b.policyDomain;
        this.fromDomain = b.fromDomain;
        this.organizationalDomain = b.organizationalDomain;
        this.strictDkimAlignment = b.strictDkimAlignment;
        this.ruf = List.copyOf(b.ruf);
        this.fo = b.fo;
        this.publicSuffixDomain = b.publicSuffixDomain;
        this.dmarcResult = b.dmarcResult;
        this.spf = b.spf;
        this.spfAligned = b.spfAligned;
        this.signatures = List.copyOf(b.signatures);
        this.alignedDkimDomains = List.copyOf(b.alignedDkimDomains);
        this.sourceIp = b.sourceIp;
        this.arrival = b.arrival;
        this.envelopeId = b.envelopeId;
        this.mailFrom = b.mailFrom;
        this.refused = b.refused;
        RawMessage raw = RawMessage.parse(b.message);
        this.headerSection = Arrays.copyOf(raw.bytes(), raw.bodyOffset());
        // Read while the whole message is at hand (reports about reports loop between reporters), and
        // only when a report would be due: walking the MIME parts costs more than everything else here.
        this.reportTraffic = !ruf.isEmpty() && FailureReportOptions.parse(fo).due(this).isPresent()
                && ReportTraffic.isReportTraffic(b.message);
    }

    /**
     * @param policyDomain the domain whose DMARC record applied
     * @param fromDomain the RFC5322.From domain (the report's {@code Reported-Domain})
     * @param message the message as received; only its header section is kept
     */
    public static Builder builder(String policyDomain, String fromDomain, byte[] message) {
        return new Builder(policyDomain, fromDomain, message);
    }

    public String policyDomain() {
        return policyDomain;
    }

    public String fromDomain() {
        return fromDomain;
    }

    /** The record's {@code ruf=} URIs as written. */
    public List<String> ruf() {
        return ruf;
    }

    /** The record's {@code fo=}. */
    public String fo() {
        return fo;
    }

    /** The record says {@code psd=y}. */
    public boolean publicSuffixDomain() {
        return publicSuffixDomain;
    }

    public DmarcResultCode dmarcResult() {
        return dmarcResult;
    }

    public Optional<SpfResult> spf() {
        return Optional.ofNullable(spf);
    }

    public List<DkimSignatureResult> signatures() {
        return signatures;
    }

    public String sourceIp() {
        return sourceIp;
    }

    public Instant arrival() {
        return arrival;
    }

    public String envelopeId() {
        return envelopeId;
    }

    /** The MAIL FROM address, empty for the null sender. */
    public String mailFrom() {
        return mailFrom;
    }

    /** The message was refused in the SMTP dialogue. */
    public boolean refused() {
        return refused;
    }

    /** The header section as received, the empty line after it included. */
    public byte[] headerSection() {
        return headerSection.clone();
    }

    /** An aggregate report, a failure report or another {@code multipart/report}; only looked for when {@code fo=} asks for a report. */
    public boolean isReportTraffic() {
        return reportTraffic;
    }

    /** SPF passed for a domain aligned with the From domain. */
    boolean spfAlignedPass() {
        return spfAligned;
    }

    /** A DKIM signature with a domain aligned with the From domain passed. */
    boolean dkimAlignedPass() {
        return !alignedDkimDomains.isEmpty();
    }

    /** SPF ended in {@code fail} (RFC 7208 §2.6.4). */
    boolean spfFailed() {
        return spf != null && spf.code() == SpfResultCode.FAIL;
    }

    /**
     * The signature a report names: the first that failed evaluation (RFC 6591 §3.2: a broken body
     * hash or signature, or a revoked key), one whose domain aligns with the From domain first, since
     * RFC 9991 §4 requires its {@code DKIM-Domain} and {@code DKIM-Selector}.
     */
    Optional<DkimSignatureResult> failedSignature() {
        DkimSignatureResult first = null;
        for (DkimSignatureResult signature : signatures) {
            if (!failedEvaluation(signature)) {
                continue;
            }
            if (signature.domain().filter(this::aligned).isPresent()) {
                return Optional.of(signature);
            }
            if (first == null) {
                first = signature;
            }
        }
        return Optional.ofNullable(first);
    }

    static boolean failedEvaluation(DkimSignatureResult signature) {
        return signature.result() == DkimResult.FAIL || isRevoked(signature);
    }

    static boolean isRevoked(DkimSignatureResult signature) {
        return signature.result() == DkimResult.PERMERROR && signature.reason().contains("revoked");
    }

    /**
     * RFC 9989 §4.4.1: strict alignment is the same domain; relaxed, the same Organizational Domain. The
     * Organizational Domain is the one the evaluation used; without one only the same domain aligns.
     */
    boolean aligned(String domain) {
        String d = canonical(domain);
        String from = canonical(fromDomain);
        if (d.equals(from)) {
            return true;
        }
        String org = canonical(organizationalDomain);
        return !strictDkimAlignment && !org.isEmpty() && (d.equals(org) || d.endsWith("." + org))
                && (from.equals(org) || from.endsWith("." + org));
    }

    private static String canonical(String domain) {
        String d = domain.strip().toLowerCase(Locale.ROOT);
        return d.endsWith(".") ? d.substring(0, d.length() - 1) : d;
    }

    @Override
    public String toString() {
        return "message from " + fromDomain + " (policy " + policyDomain + ", ruf=" + ruf + ", fo=" + fo + ")";
    }

    /** Collects a {@link FailedMessage}; everything but the domains and the message is optional. */
    public static final class Builder {
        private final String policyDomain;
        private final String fromDomain;
        private final byte[] message;
        private String organizationalDomain = "";
        private boolean strictDkimAlignment;
        private List<String> ruf = List.of();
        private String fo = "0";
        private boolean publicSuffixDomain;
        private DmarcResultCode dmarcResult = DmarcResultCode.FAIL;
        private SpfResult spf;
        private boolean spfAligned;
        private List<DkimSignatureResult> signatures = List.of();
        private List<String> alignedDkimDomains = List.of();
        private String sourceIp = "";
        private Instant arrival = Instant.EPOCH;
        private String envelopeId = "";
        private String mailFrom = "";
        private boolean refused;

        private Builder(String policyDomain, String fromDomain, byte[] message) {
            this.policyDomain = Objects.requireNonNull(policyDomain, "policyDomain");
            this.fromDomain = Objects.requireNonNull(fromDomain, "fromDomain");
            this.message = Objects.requireNonNull(message, "message");
        }

        /** The Organizational Domain the evaluation found, and whether {@code adkim=s}. */
        public Builder alignment(String organizationalDomain, boolean strictDkim) {
            this.organizationalDomain = Objects.requireNonNull(organizationalDomain);
            this.strictDkimAlignment = strictDkim;
            return this;
        }

        public Builder ruf(List<String> ruf) {
            this.ruf = new ArrayList<>(ruf);
            return this;
        }

        public Builder fo(String fo) {
            this.fo = Objects.requireNonNull(fo);
            return this;
        }

        public Builder publicSuffixDomain(boolean psd) {
            this.publicSuffixDomain = psd;
            return this;
        }

        public Builder dmarcResult(DmarcResultCode result) {
            this.dmarcResult = Objects.requireNonNull(result);
            return this;
        }

        /** The SPF verdict on the MAIL FROM (or HELO) identity, and whether it is an aligned pass. */
        public Builder spf(SpfResult spf, boolean alignedPass) {
            this.spf = spf;
            this.spfAligned = alignedPass;
            return this;
        }

        /** Every DKIM signature's verdict, and the domains of the aligned ones that passed. */
        public Builder dkim(List<DkimSignatureResult> signatures, List<String> alignedPassingDomains) {
            this.signatures = new ArrayList<>(signatures);
            this.alignedDkimDomains = new ArrayList<>(alignedPassingDomains);
            return this;
        }

        public Builder sourceIp(String sourceIp) {
            this.sourceIp = Objects.requireNonNull(sourceIp);
            return this;
        }

        public Builder arrival(Instant arrival) {
            this.arrival = Objects.requireNonNull(arrival);
            return this;
        }

        /** The receiver's id of the message (a queue id), for {@code Original-Envelope-Id}. */
        public Builder envelopeId(String envelopeId) {
            this.envelopeId = Objects.requireNonNull(envelopeId);
            return this;
        }

        /** The MAIL FROM address, empty for the null sender. */
        public Builder mailFrom(String mailFrom) {
            this.mailFrom = Objects.requireNonNull(mailFrom);
            return this;
        }

        public Builder refused(boolean refused) {
            this.refused = refused;
            return this;
        }

        public FailedMessage build() {
            return new FailedMessage(this);
        }
    }
}
