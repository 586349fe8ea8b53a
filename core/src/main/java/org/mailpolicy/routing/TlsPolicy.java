package org.mailpolicy.routing;

import java.util.Arrays;
import java.util.Optional;

/** The TLS a route demands of its next hop, in the words of Postfix's {@code smtp_tls_security_level}. */
public enum TlsPolicy {
    /** No STARTTLS, even when offered. */
    NONE("none"),
    /** STARTTLS when offered, any certificate; plain text otherwise. The default. */
    MAY("may"),
    /** STARTTLS required, any certificate; without it the mail is deferred. */
    ENCRYPT("encrypt"),
    /** STARTTLS required with a trusted certificate whose name matches the host; otherwise the mail is deferred. */
    VERIFY("verify");

    private final String word;

    TlsPolicy(String word) {
        this.word = word;
    }

    public String word() {
        return word;
    }

    static Optional<TlsPolicy> fromWord(String word) {
        return Arrays.stream(values()).filter(p -> p.word.equals(word)).findFirst();
    }
}
