package org.mailpolicy.dmarc;

import java.util.Locale;

/** RFC 9989 §4.4 identifier alignment modes, {@code adkim=} and {@code aspf=}. */
public enum Alignment {
    /** The organizational domains are the same. */
    RELAXED,
    /** The domains are identical. */
    STRICT;

    /** {@code r} or {@code s} as written in a record. */
    public String letter() {
        return this == STRICT ? "s" : "r";
    }

    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }
}
