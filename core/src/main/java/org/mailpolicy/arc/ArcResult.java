package org.mailpolicy.arc;

import java.util.Locale;
import java.util.Optional;

/** The chain validation status of RFC 8617 §4.4 (the cv= values), also the {@code arc=} result of RFC 8617 §10.1. */
public enum ArcResult {
    /** No ARC set in the message. */
    NONE,
    PASS,
    FAIL;

    /** The word written in cv= and in Authentication-Results. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** RFC 8617 §4.1.3 cv=: "none", "fail" or "pass" (ABNF strings are case-insensitive). */
    static Optional<ArcResult> fromWord(String word) {
        for (ArcResult result : values()) {
            if (result.word().equalsIgnoreCase(word)) {
                return Optional.of(result);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return word();
    }
}
