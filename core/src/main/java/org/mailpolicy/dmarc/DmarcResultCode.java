package org.mailpolicy.dmarc;

import java.util.Locale;

/** RFC 8601 §2.7.6 / RFC 9989: the DMARC result words. */
public enum DmarcResultCode {
    /** An aligned identifier authenticated. */
    PASS,
    /** A policy was published and no aligned identifier authenticated. */
    FAIL,
    /** No DMARC policy record was found for the author domain. */
    NONE,
    /** DNS trouble while looking for the policy or an organizational domain: try again later. */
    TEMPERROR,
    /** The message or the policy record cannot be evaluated: no usable RFC5322.From, an unusable record. */
    PERMERROR;

    public String keyword() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a result word, case-insensitively; throws naming the accepted words. */
    public static DmarcResultCode fromKeyword(String keyword) {
        for (DmarcResultCode code : values()) {
            if (code.keyword().equalsIgnoreCase(keyword.trim())) {
                return code;
            }
        }
        throw new IllegalArgumentException("unknown DMARC result '" + keyword
                + "' (accepted: pass, fail, none, temperror, permerror)");
    }
}
