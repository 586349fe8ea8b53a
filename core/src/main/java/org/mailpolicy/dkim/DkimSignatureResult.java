package org.mailpolicy.dkim;

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
}
