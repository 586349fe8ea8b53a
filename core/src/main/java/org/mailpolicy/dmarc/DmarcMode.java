package org.mailpolicy.dmarc;

import java.util.Locale;

/** Which DMARC specification an evaluation follows; chosen by the admin. */
public enum DmarcMode {
    /** RFC 9989: DNS tree walk, {@code psd=}, {@code np=}, {@code t=}; {@code pct=} is gone. */
    RFC9989,
    /** RFC 7489: the Public Suffix List finds the organizational domain and {@code pct=} samples. */
    RFC7489;

    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code rfc9989} or {@code rfc7489}, case-insensitively; throws naming the accepted words. */
    public static DmarcMode fromWord(String word) {
        for (DmarcMode mode : values()) {
            if (mode.word().equalsIgnoreCase(word.trim())) {
                return mode;
            }
        }
        throw new IllegalArgumentException("unknown DMARC mode '" + word + "' (accepted: rfc9989, rfc7489)");
    }
}
