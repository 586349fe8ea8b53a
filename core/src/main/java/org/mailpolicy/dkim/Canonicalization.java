package org.mailpolicy.dkim;

import java.util.Locale;
import java.util.Optional;

/** The two canonicalization algorithms of RFC 6376 §3.4. */
public enum Canonicalization {
    SIMPLE,
    RELAXED;

    public String tagValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Optional<Canonicalization> fromTagValue(String value) {
        for (Canonicalization c : values()) {
            if (c.tagValue().equals(value.toLowerCase(Locale.ROOT))) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}
