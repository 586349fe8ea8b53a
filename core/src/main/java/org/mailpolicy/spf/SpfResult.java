package org.mailpolicy.spf;

import java.util.Objects;
import java.util.Optional;

/**
 * The immutable outcome of one SPF evaluation: the RFC 7208 result and the detail that
 * Received-SPF, Authentication-Results, DMARC and reports need.
 */
public final class SpfResult {

    private final SpfResultCode code;
    private final SpfIdentity identity;
    private final String domain;
    private final String sender;
    private final String mechanism;
    private final String explanation;
    private final String problem;
    private final int dnsLookups;
    private final int voidLookups;

    private SpfResult(Builder builder) {
        this.code = Objects.requireNonNull(builder.code, "code");
        this.identity = Objects.requireNonNull(builder.identity, "identity");
        this.domain = Objects.requireNonNull(builder.domain, "domain");
        this.sender = Objects.requireNonNull(builder.sender, "sender");
        this.mechanism = builder.mechanism;
        this.explanation = builder.explanation;
        this.problem = builder.problem;
        this.dnsLookups = builder.dnsLookups;
        this.voidLookups = builder.voidLookups;
    }

    public static Builder builder(SpfResultCode code, SpfIdentity identity, String domain, String sender) {
        return new Builder(code, identity, domain, sender);
    }

    public SpfResultCode code() {
        return code;
    }

    public SpfIdentity identity() {
        return identity;
    }

    /** The domain whose policy was checked: the MAIL FROM domain, or the HELO name (RFC 7208 §2.3, §2.4). */
    public String domain() {
        return domain;
    }

    /** The {@code <sender>} of check_host(): the MAIL FROM address, or {@code postmaster@<helo>} for the null sender. */
    public String sender() {
        return sender;
    }

    /** The directive that decided, as written in the record (for example {@code ip4:192.0.2.0/24}); empty when none matched. */
    public Optional<String> mechanism() {
        return Optional.ofNullable(mechanism);
    }

    /** RFC 7208 §6.2: the expanded {@code exp=} text of a {@code fail}; empty otherwise. */
    public Optional<String> explanation() {
        return Optional.ofNullable(explanation);
    }

    /** Why a temperror, permerror or none came about, for logs and comments; empty for matched results. */
    public Optional<String> problem() {
        return Optional.ofNullable(problem);
    }

    /** Terms that caused DNS queries, counted against the limit of 10 (RFC 7208 §4.6.4). */
    public int dnsLookups() {
        return dnsLookups;
    }

    /** Queries that returned NXDOMAIN or no answer, counted against the limit of 2 (RFC 7208 §4.6.4). */
    public int voidLookups() {
        return voidLookups;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof SpfResult)) {
            return false;
        }
        SpfResult that = (SpfResult) o;
        return code == that.code && identity == that.identity && domain.equals(that.domain)
                && sender.equals(that.sender) && Objects.equals(mechanism, that.mechanism)
                && Objects.equals(explanation, that.explanation) && Objects.equals(problem, that.problem)
                && dnsLookups == that.dnsLookups && voidLookups == that.voidLookups;
    }

    @Override
    public int hashCode() {
        return Objects.hash(code, identity, domain, sender, mechanism, explanation, problem, dnsLookups, voidLookups);
    }

    @Override
    public String toString() {
        return code.keyword() + " (" + identity.property() + "=" + domain
                + (mechanism == null ? "" : ", mechanism " + mechanism)
                + (problem == null ? "" : ", " + problem) + ")";
    }

    public static final class Builder {
        private final SpfResultCode code;
        private final SpfIdentity identity;
        private final String domain;
        private final String sender;
        private String mechanism;
        private String explanation;
        private String problem;
        private int dnsLookups;
        private int voidLookups;

        private Builder(SpfResultCode code, SpfIdentity identity, String domain, String sender) {
            this.code = code;
            this.identity = identity;
            this.domain = domain;
            this.sender = sender;
        }

        public Builder mechanism(String mechanism) {
            this.mechanism = mechanism;
            return this;
        }

        public Builder explanation(String explanation) {
            this.explanation = explanation;
            return this;
        }

        public Builder problem(String problem) {
            this.problem = problem;
            return this;
        }

        public Builder dnsLookups(int dnsLookups) {
            this.dnsLookups = dnsLookups;
            return this;
        }

        public Builder voidLookups(int voidLookups) {
            this.voidLookups = voidLookups;
            return this;
        }

        public SpfResult build() {
            return new SpfResult(this);
        }
    }
}
