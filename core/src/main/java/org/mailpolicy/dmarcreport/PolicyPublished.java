package org.mailpolicy.dmarcreport;

import java.util.Objects;
import java.util.Optional;

/**
 * The DMARC policy a report says applied (RFC 9990 §3.1.1, PolicyPublishedType): the domain where the
 * record was found and its tags as published. Values are kept as written (lower-cased); a tag the
 * record or the report left out is absent, not defaulted, so a report shows what was published.
 */
public final class PolicyPublished {

    private final String domain;
    private final String adkim;
    private final String aspf;
    private final String p;
    private final String sp;
    private final String np;
    private final Integer pct;
    private final String fo;
    private final String testing;
    private final String psd;
    private final String discoveryMethod;

    private PolicyPublished(Builder b) {
        this.domain = Objects.requireNonNullElse(b.domain, "");
        this.adkim = b.adkim;
        this.aspf = b.aspf;
        this.p = b.p;
        this.sp = b.sp;
        this.np = b.np;
        this.pct = b.pct;
        this.fo = b.fo;
        this.testing = b.testing;
        this.psd = b.psd;
        this.discoveryMethod = b.discoveryMethod;
    }

    public static Builder builder(String domain) {
        return new Builder().domain(domain);
    }

    public Builder toBuilder() {
        return new Builder().domain(domain).adkim(adkim).aspf(aspf).p(p).sp(sp).np(np).pct(pct).fo(fo)
                .testing(testing).psd(psd).discoveryMethod(discoveryMethod);
    }

    public String domain() {
        return domain;
    }

    /** {@code r} or {@code s}. */
    public Optional<String> adkim() {
        return Optional.ofNullable(adkim);
    }

    /** {@code r} or {@code s}. */
    public Optional<String> aspf() {
        return Optional.ofNullable(aspf);
    }

    /** {@code none}, {@code quarantine} or {@code reject}. */
    public Optional<String> p() {
        return Optional.ofNullable(p);
    }

    public Optional<String> sp() {
        return Optional.ofNullable(sp);
    }

    /** RFC 9989 §4.7: the policy for non-existent subdomains. */
    public Optional<String> np() {
        return Optional.ofNullable(np);
    }

    /** RFC 7489 §6.3 pct; RFC 9989 dropped it. */
    public Optional<Integer> pct() {
        return Optional.ofNullable(pct);
    }

    public Optional<String> fo() {
        return Optional.ofNullable(fo);
    }

    /** RFC 9989 §4.7 t= (testing): {@code y} or {@code n}. */
    public Optional<String> testing() {
        return Optional.ofNullable(testing);
    }

    /** RFC 9989 §4.7 psd=: {@code y}, {@code n} or {@code u}. */
    public Optional<String> psd() {
        return Optional.ofNullable(psd);
    }

    /** RFC 9990 §3.1.1: {@code treewalk} or {@code psl}. */
    public Optional<String> discoveryMethod() {
        return Optional.ofNullable(discoveryMethod);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof PolicyPublished)) {
            return false;
        }
        PolicyPublished other = (PolicyPublished) o;
        return domain.equals(other.domain) && Objects.equals(adkim, other.adkim) && Objects.equals(aspf, other.aspf)
                && Objects.equals(p, other.p) && Objects.equals(sp, other.sp) && Objects.equals(np, other.np)
                && Objects.equals(pct, other.pct) && Objects.equals(fo, other.fo)
                && Objects.equals(testing, other.testing) && Objects.equals(psd, other.psd)
                && Objects.equals(discoveryMethod, other.discoveryMethod);
    }

    @Override
    public int hashCode() {
        return Objects.hash(domain, adkim, aspf, p, sp, np, pct, fo, testing, psd, discoveryMethod);
    }

    @Override
    public String toString() {
        return "policy " + domain + " p=" + p + " sp=" + sp + " np=" + np;
    }

    /** Builds a {@link PolicyPublished}; null leaves a tag absent. */
    public static final class Builder {
        private String domain;
        private String adkim;
        private String aspf;
        private String p;
        private String sp;
        private String np;
        private Integer pct;
        private String fo;
        private String testing;
        private String psd;
        private String discoveryMethod;

        private Builder() {
        }

        public Builder domain(String value) {
            domain = value;
            return this;
        }

        public Builder adkim(String value) {
            adkim = value;
            return this;
        }

        public Builder aspf(String value) {
            aspf = value;
            return this;
        }

        public Builder p(String value) {
            p = value;
            return this;
        }

        public Builder sp(String value) {
            sp = value;
            return this;
        }

        public Builder np(String value) {
            np = value;
            return this;
        }

        public Builder pct(Integer value) {
            pct = value;
            return this;
        }

        public Builder fo(String value) {
            fo = value;
            return this;
        }

        public Builder testing(String value) {
            testing = value;
            return this;
        }

        public Builder psd(String value) {
            psd = value;
            return this;
        }

        public Builder discoveryMethod(String value) {
            discoveryMethod = value;
            return this;
        }

        public PolicyPublished build() {
            return new PolicyPublished(this);
        }
    }
}
