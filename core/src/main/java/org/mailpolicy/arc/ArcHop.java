package org.mailpolicy.arc;

import java.util.Objects;

/**
 * One ARC set of a verified chain (RFC 8617 §4.2): who sealed it (the ARC-Seal's d=, s=, a=), the
 * chain status it recorded (cv=), what it reported (the ARC-Authentication-Results payload), and
 * whether its seal and its message signature verified here. Immutable.
 */
public final class ArcHop {

    private final int instance;
    private final String sealerDomain;
    private final String selector;
    private final String algorithm;
    private final ArcResult recordedChainValidation;
    private final String authenticationResults;
    private final boolean sealVerified;
    private final boolean messageSignatureVerified;

    ArcHop(int instance, String sealerDomain, String selector, String algorithm, ArcResult recordedChainValidation,
           String authenticationResults, boolean sealVerified, boolean messageSignatureVerified) {
        this.instance = instance;
        this.sealerDomain = Objects.requireNonNull(sealerDomain);
        this.selector = Objects.requireNonNull(selector);
        this.algorithm = Objects.requireNonNull(algorithm);
        this.recordedChainValidation = recordedChainValidation;
        this.authenticationResults = Objects.requireNonNull(authenticationResults);
        this.sealVerified = sealVerified;
        this.messageSignatureVerified = messageSignatureVerified;
    }

    /** i=, 1 for the first hop that sealed. */
    public int instance() {
        return instance;
    }

    /** The ARC-Seal's d=: the ADMD that vouches for this hop. */
    public String sealerDomain() {
        return sealerDomain;
    }

    /** The ARC-Seal's s=. */
    public String selector() {
        return selector;
    }

    /** The ARC-Seal's a= as written, for example {@code rsa-sha256}. */
    public String algorithm() {
        return algorithm;
    }

    /** The cv= this sealer recorded for the chain it received; null when the seal's cv= was unreadable. */
    public ArcResult recordedChainValidation() {
        return recordedChainValidation;
    }

    /** The ARC-Authentication-Results payload after {@code i=N;}: authserv-id and results, unfolded, "; " between them. */
    public String authenticationResults() {
        return authenticationResults;
    }

    public boolean sealVerified() {
        return sealVerified;
    }

    public boolean messageSignatureVerified() {
        return messageSignatureVerified;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ArcHop)) {
            return false;
        }
        ArcHop h = (ArcHop) o;
        return instance == h.instance && sealerDomain.equals(h.sealerDomain) && selector.equals(h.selector)
                && algorithm.equals(h.algorithm) && recordedChainValidation == h.recordedChainValidation
                && authenticationResults.equals(h.authenticationResults) && sealVerified == h.sealVerified
                && messageSignatureVerified == h.messageSignatureVerified;
    }

    @Override
    public int hashCode() {
        return Objects.hash(instance, sealerDomain, selector, algorithm, recordedChainValidation, authenticationResults,
                sealVerified, messageSignatureVerified);
    }

    @Override
    public String toString() {
        return "i=" + instance + " d=" + sealerDomain + " s=" + selector + " a=" + algorithm + " cv=" + recordedChainValidation
                + " seal " + (sealVerified ? "verified" : "not verified")
                + ", message signature " + (messageSignatureVerified ? "verified" : "not verified");
    }
}
