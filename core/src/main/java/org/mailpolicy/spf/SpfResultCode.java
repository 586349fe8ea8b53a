package org.mailpolicy.spf;

import java.util.Locale;

/** RFC 7208 §2.6: the results of {@code check_host()}. */
public enum SpfResultCode {
    NONE, NEUTRAL, PASS, FAIL, SOFTFAIL, TEMPERROR, PERMERROR;

    /** The result word as written in Received-SPF and Authentication-Results ({@code pass}, {@code softfail}, ...). */
    public String keyword() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a result word, case-insensitively; throws {@link IllegalArgumentException} naming the accepted words. */
    public static SpfResultCode fromKeyword(String keyword) {
        for (SpfResultCode code : values()) {
            if (code.keyword().equalsIgnoreCase(keyword.trim())) {
                return code;
            }
        }
        throw new IllegalArgumentException("unknown SPF result '" + keyword
                + "' (accepted: none, neutral, pass, fail, softfail, temperror, permerror)");
    }
}
