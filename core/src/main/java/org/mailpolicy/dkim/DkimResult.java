package org.mailpolicy.dkim;

import java.util.Locale;

/** The result words of RFC 8601 §2.7.1 for one DKIM signature. */
public enum DkimResult {
    /** The signature verified. */
    PASS,
    /** The signature was acceptable but failed verification: body hash or signature mismatch. */
    FAIL,
    /** The signature was not checked (more signatures than the configured maximum). */
    NEUTRAL,
    /** The signature was not acceptable to local policy (rsa-sha1, l=, an oversized key). */
    POLICY,
    /** A temporary failure, typically DNS: the sender may retry. */
    TEMPERROR,
    /** An error that will not go away: a malformed or missing tag, no key, a revoked key. */
    PERMERROR,
    /** The message was not signed. */
    NONE;

    /** The word as written in Authentication-Results. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }
}
