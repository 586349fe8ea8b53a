package org.mailpolicy.dkim;

import java.util.Objects;

/** A freshly generated key: the private key as PKCS#8 PEM and the TXT record to publish. */
public final class GeneratedDkimKey {

    private final DkimPrivateKey key;
    private final String privateKeyPem;

    GeneratedDkimKey(DkimPrivateKey key, String privateKeyPem) {
        this.key = Objects.requireNonNull(key);
        this.privateKeyPem = Objects.requireNonNull(privateKeyPem);
    }

    public DkimPrivateKey key() {
        return key;
    }

    /** PKCS#8 PEM, readable by {@link DkimKeys#parse}, OpenSSL, OpenDKIM and dkimpy. */
    public String privateKeyPem() {
        return privateKeyPem;
    }

    /** The value of the TXT record at {@code <selector>._domainkey.<domain>}. */
    public String dnsRecord() {
        return key.dnsRecord();
    }

    @Override
    public String toString() {
        return key + ": " + dnsRecord();
    }
}
