package org.mailpolicy.dmarc;

import java.util.Locale;
import java.util.Optional;

/**
 * RFC 9989 §4.7 {@code p=}, {@code sp=}, {@code np=} values; also the disposition a receiver applies
 * (the same three words, RFC 9989 §5.3.6).
 */
public enum DmarcPolicy {
    NONE, QUARANTINE, REJECT;

    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The policy word as written in a record, case-insensitively; empty when it is none of the three. */
    public static Optional<DmarcPolicy> fromWord(String word) {
        for (DmarcPolicy policy : values()) {
            if (policy.word().equalsIgnoreCase(word.trim())) {
                return Optional.of(policy);
            }
        }
        return Optional.empty();
    }

    /** The next less strict policy: reject becomes quarantine, quarantine becomes none (RFC 9989 §4.7 t=y, RFC 7489 §6.6.4 pct). */
    public DmarcPolicy oneStepLower() {
        return this == REJECT ? QUARANTINE : NONE;
    }
}
