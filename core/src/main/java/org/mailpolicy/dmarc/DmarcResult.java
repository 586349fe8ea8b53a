package org.mailpolicy.dmarc;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The immutable outcome of one DMARC evaluation: the result word, the policy found and applied,
 * the disposition, the aligned identifiers and any local override, with what Authentication-Results
 * (RFC 8601 §2.7.6 {@code header.from}, {@code policy.dmarc}) and aggregate reports need.
 */
public final class DmarcResult {

    private final DmarcResultCode code;
    private final DmarcMode mode;
    private final String fromDomain;
    private final String policyDomain;
    private final String organizationalDomain;
    private final DmarcRecord record;
    private final DmarcPolicy publishedPolicy;
    private final DmarcPolicy appliedPolicy;
    private final DmarcPolicy disposition;
    private final String alignedSpfDomain;
    private final List<String> alignedDkimDomains;
    private final DmarcOverride override;
    private final String problem;

    private DmarcResult(Builder b) {
        this.code = Objects.requireNonNull(b.code, "code");
        this.mode = Objects.requireNonNull(b.mode, "mode");
        this.fromDomain = b.fromDomain == null ? "" : b.fromDomain;
        this.policyDomain = b.policyDomain;
        this.organizationalDomain = b.organizationalDomain;
        this.record = b.record;
        this.publishedPolicy = b.publishedPolicy;
        this.appliedPolicy = b.appliedPolicy;
        this.disposition = b.disposition;
        this.alignedSpfDomain = b.alignedSpfDomain;
        this.alignedDkimDomains = List.copyOf(b.alignedDkimDomains);
        this.override = b.override;
        this.problem = b.problem;
    }

    static Builder builder(DmarcResultCode code, DmarcMode mode) {
        return new Builder(code, mode);
    }

    public DmarcResultCode code() {
        return code;
    }

    public DmarcMode mode() {
        return mode;
    }

    /** The RFC5322.From domain evaluated, in A-labels and lower case; empty when the message has no usable one. */
    public String fromDomain() {
        return fromDomain;
    }

    /** The domain whose {@code _dmarc} record applied: the From domain, its organizational domain or a PSD. */
    public Optional<String> policyDomain() {
        return Optional.ofNullable(policyDomain);
    }

    /** The organizational domain of the From domain, when relaxed alignment or policy discovery needed it. */
    public Optional<String> organizationalDomain() {
        return Optional.ofNullable(organizationalDomain);
    }

    /** The policy record that applied. */
    public Optional<DmarcRecord> record() {
        return Optional.ofNullable(record);
    }

    /** The policy the record sets for the From domain: {@code p=}, {@code sp=} or {@code np=} (RFC 9989 §4.7, §4.10). */
    public Optional<DmarcPolicy> publishedPolicy() {
        return Optional.ofNullable(publishedPolicy);
    }

    /**
     * The policy applied to a failing message before local overrides: the published one, lowered one
     * step by {@code t=y} (RFC 9989 §4.7) or by falling outside {@code pct=} (RFC 7489 §6.6.4).
     */
    public Optional<DmarcPolicy> appliedPolicy() {
        return Optional.ofNullable(appliedPolicy);
    }

    /** What to do with the message: none unless the result is fail and no override applied. */
    public DmarcPolicy disposition() {
        return disposition;
    }

    /** The SPF-authenticated domain that aligned with the From domain. */
    public Optional<String> alignedSpfDomain() {
        return Optional.ofNullable(alignedSpfDomain);
    }

    /** The {@code d=} of each passing DKIM signature that aligned with the From domain. */
    public List<String> alignedDkimDomains() {
        return alignedDkimDomains;
    }

    public boolean spfAligned() {
        return alignedSpfDomain != null;
    }

    public boolean dkimAligned() {
        return !alignedDkimDomains.isEmpty();
    }

    /** The local policy that lowered the disposition of a failing message, if one did. */
    public Optional<DmarcOverride> override() {
        return Optional.ofNullable(override);
    }

    /** Why the result is none, temperror or permerror, for logs and comments. */
    public Optional<String> problem() {
        return Optional.ofNullable(problem);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof DmarcResult)) {
            return false;
        }
        DmarcResult r = (DmarcResult) o;
        return code == r.code && mode == r.mode && fromDomain.equals(r.fromDomain) && Objects.equals(policyDomain, r.policyDomain)
                && Objects.equals(organizationalDomain, r.organizationalDomain) && Objects.equals(record, r.record)
                && publishedPolicy == r.publishedPolicy && appliedPolicy == r.appliedPolicy && disposition == r.disposition
                && Objects.equals(alignedSpfDomain, r.alignedSpfDomain) && alignedDkimDomains.equals(r.alignedDkimDomains)
                && Objects.equals(override, r.override) && Objects.equals(problem, r.problem);
    }

    @Override
    public int hashCode() {
        return Objects.hash(code, fromDomain, policyDomain, disposition, alignedSpfDomain, alignedDkimDomains, override);
    }

    @Override
    public String toString() {
        return code.keyword() + " (header.from=" + fromDomain
                + (publishedPolicy == null ? "" : ", p=" + publishedPolicy.word())
                + (policyDomain == null ? "" : ", policy domain " + policyDomain)
                + ", disposition " + disposition.word()
                + (override == null ? "" : ", override " + override)
                + (problem == null ? "" : ", " + problem) + ")";
    }

    static final class Builder {
        private final DmarcResultCode code;
        private final DmarcMode mode;
        private String fromDomain;
        private String policyDomain;
        private String organizationalDomain;
        private DmarcRecord record;
        private DmarcPolicy publishedPolicy;
        private DmarcPolicy appliedPolicy;
        private DmarcPolicy disposition = DmarcPolicy.NONE;
        private String alignedSpfDomain;
        private List<String> alignedDkimDomains = List.of();
        private DmarcOverride override;
        private String problem;

        private Builder(DmarcResultCode code, DmarcMode mode) {
            this.code = code;
            this.mode = mode;
        }

        Builder fromDomain(String fromDomain) {
            this.fromDomain = fromDomain;
            return this;
        }

        Builder policy(PolicyRecord found) {
            this.policyDomain = found.domain();
            this.record = found.record();
            return this;
        }

        Builder organizationalDomain(String organizationalDomain) {
            this.organizationalDomain = organizationalDomain;
            return this;
        }

        Builder publishedPolicy(DmarcPolicy publishedPolicy) {
            this.publishedPolicy = publishedPolicy;
            return this;
        }

        Builder appliedPolicy(DmarcPolicy appliedPolicy) {
            this.appliedPolicy = appliedPolicy;
            return this;
        }

        Builder disposition(DmarcPolicy disposition) {
            this.disposition = disposition;
            return this;
        }

        Builder alignedSpfDomain(String alignedSpfDomain) {
            this.alignedSpfDomain = alignedSpfDomain;
            return this;
        }

        Builder alignedDkimDomains(List<String> alignedDkimDomains) {
            this.alignedDkimDomains = alignedDkimDomains;
            return this;
        }

        Builder override(DmarcOverride override) {
            this.override = override;
            return this;
        }

        Builder problem(String problem) {
            this.problem = problem;
            return this;
        }

        DmarcResult build() {
            return new DmarcResult(this);
        }
    }
}
