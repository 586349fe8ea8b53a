package org.mailpolicy.spf;

import java.util.Locale;

/** RFC 7208 §2.3 and §2.4: which identity was checked. */
public enum SpfIdentity {
    MAILFROM, HELO;

    /** The Authentication-Results property name: {@code smtp.mailfrom} or {@code smtp.helo} (RFC 8601 §2.7.2). */
    public String property() {
        return "smtp." + name().toLowerCase(Locale.ROOT);
    }
}
