package org.mailpolicy.dkim;

import java.util.Optional;

/** The signing algorithms of the a= tag (RFC 6376 §3.3, RFC 8463 §3). */
public enum DkimAlgorithm {
    RSA_SHA256("rsa-sha256", "rsa", "sha256", "SHA-256"),
    /** RFC 8301 §3.1: signers MUST NOT use it and verifiers MUST NOT accept it; verified only on request. */
    RSA_SHA1("rsa-sha1", "rsa", "sha1", "SHA-1"),
    ED25519_SHA256("ed25519-sha256", "ed25519", "sha256", "SHA-256");

    private final String tagValue;
    private final String keyType;
    private final String hashName;
    private final String digestName;

    DkimAlgorithm(String tagValue, String keyType, String hashName, String digestName) {
        this.tagValue = tagValue;
        this.keyType = keyType;
        this.hashName = hashName;
        this.digestName = digestName;
    }

    /** The a= value, for example {@code rsa-sha256}. */
    public String tagValue() {
        return tagValue;
    }

    /** The k= value of the key record this algorithm needs. */
    public String keyType() {
        return keyType;
    }

    /** The name used in the key record's h= tag. */
    public String hashName() {
        return hashName;
    }

    String digestName() {
        return digestName;
    }

    static Optional<DkimAlgorithm> fromTagValue(String value) {
        for (DkimAlgorithm algorithm : values()) {
            if (algorithm.tagValue.equalsIgnoreCase(value)) {
                return Optional.of(algorithm);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return tagValue;
    }
}
