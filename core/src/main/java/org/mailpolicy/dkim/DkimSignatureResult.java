package org.mailpolicy.dkim;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The verdict on one DKIM-Signature field, with what Authentication-Results (RFC 8601 §2.7.1:
 * header.d, header.i, header.s, header.a, header.b) and DMARC need. Tags that could not be read are empty.
 */
public final class DkimSignatureResult {

    private final DkimResult result;
    private final String domain;
    private final String identity;
    private final String selector;
    private final String algorithm;
    private final int keyBits;
    private final String bPrefix;
    private final String reason;
    private final boolean testing;
    private final long unsignedBodyLength;

    DkimSignatureResult(DkimResult result, DkimSignature sig, int keyBits, String reason, boolean testing, long unsignedBodyLength) {
        this.result = Objects.requireNonNull(result);
        this.domain = sig.domain;
        this.identity = sig.identity;
        this.selector = sig.selector;
        this.algorithm = sig.algorithmName;
        this.keyBits = keyBits;
        this.bPrefix = sig.bPrefix;
        this.reason = reason == null ? "" : reason;
        this.testing = testing;
        this.unsignedBodyLength = unsignedBodyLength;
    }

    private DkimSignatureResult(Builder b) {
        this.result = b.result;
        this.domain = b.domain;
        this.identity = b.identity;
        this.selector = b.selector;
        this.algorithm = b.algorithm;
        this.keyBits = b.keyBits;
        this.bPrefix = b.bPrefix;
        this.reason = b.reason;
        this.testing = b.testing;
        this.unsignedBodyLength = b.unsignedBodyLength;
    }

    /**
     * A result from its parts, for a verdict that travelled through a store (a mail attribute) or
     * that no verifier gave (verification cut short). Feeding back what the accessors return builds
     * an equal result; an empty tag value counts as absent.
     */
    public static Builder builder(DkimResult result) {
        return new Builder(result);
    }

    public DkimResult result() {
        return result;
    }

    /** d=, in lower case. */
    public Optional<String> domain() {
        return Optional.ofNullable(domain);
    }

    /** i= as written; empty when the signature has none (its default is {@code @} + d=). */
    public Optional<String> identity() {
        return Optional.ofNullable(identity);
    }

    /** s=. */
    public Optional<String> selector() {
        return Optional.ofNullable(selector);
    }

    /** a= as written. */
    public Optional<String> algorithm() {
        return Optional.ofNullable(algorithm);
    }

    /** The size of the public key in bits (256 for Ed25519), or 0 when no key was read. */
    public int keyBits() {
        return keyBits;
    }

    /** The first 8 characters of b= (RFC 6008 header.b), empty if there is no b=. */
    public String bPrefix() {
        return bPrefix;
    }

    /** Why the result is not pass, or details of a pass (empty when there is nothing to add). */
    public String reason() {
        return reason;
    }

    /** The key record says t=y: the domain is testing DKIM (RFC 6376 §3.6.1). */
    public boolean testing() {
        return testing;
    }

    /** With l= honoured: canonical body bytes after the signed part; 0 without l=. */
    public long unsignedBodyLength() {
        return unsignedBodyLength;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof DkimSignatureResult)) {
            return false;
        }
        DkimSignatureResult r = (DkimSignatureResult) o;
        return result == r.result && Objects.equals(domain, r.domain) && Objects.equals(identity, r.identity)
                && Objects.equals(selector, r.selector) && Objects.equals(algorithm, r.algorithm) && keyBits == r.keyBits
                && bPrefix.equals(r.bPrefix) && reason.equals(r.reason) && testing == r.testing
                && unsignedBodyLength == r.unsignedBodyLength;
    }

    @Override
    public int hashCode() {
        return Objects.hash(result, domain, identity, selector, algorithm, keyBits, bPrefix, reason, testing, unsignedBodyLength);
    }

    @Override
    public String toString() {
        return result.word() + " d=" + domain + " s=" + selector + " a=" + algorithm + " b=" + bPrefix
                + (keyBits > 0 ? " bits=" + keyBits : "") + (testing ? " t=y" : "") + (reason.isEmpty() ? "" : " (" + reason + ")");
    }

    public static final class Builder {
        private final DkimResult result;
        private String domain;
        private String identity;
        private String selector;
        private String algorithm;
        private int keyBits;
        private String bPrefix = "";
        private String reason = "";
        private boolean testing;
        private long unsignedBodyLength;

        private Builder(DkimResult result) {
            this.result = Objects.requireNonNull(result);
        }

        /** d=, stored in lower case as the verifier reports it. */
        public Builder domain(String domain) {
            this.domain = absentIfEmpty(domain == null ? null : domain.toLowerCase(Locale.ROOT));
            return this;
        }

        public Builder identity(String identity) {
            this.identity = absentIfEmpty(identity);
            return this;
        }

        public Builder selector(String selector) {
            this.selector = absentIfEmpty(selector);
            return this;
        }

        public Builder algorithm(String algorithm) {
            this.algorithm = absentIfEmpty(algorithm);
            return this;
        }

        public Builder keyBits(int keyBits) {
            this.keyBits = keyBits;
            return this;
        }

        public Builder bPrefix(String bPrefix) {
            this.bPrefix = Objects.requireNonNull(bPrefix);
            return this;
        }

        public Builder reason(String reason) {
            this.reason = Objects.requireNonNull(reason);
            return this;
        }

        public Builder testing(boolean testing) {
            this.testing = testing;
            return this;
        }

        public Builder unsignedBodyLength(long unsignedBodyLength) {
            this.unsignedBodyLength = unsignedBodyLength;
            return this;
        }

        public DkimSignatureResult build() {
            return new DkimSignatureResult(this);
        }

        private static String absentIfEmpty(String value) {
            return value == null || value.isEmpty() ? null : value;
        }
    }
}
