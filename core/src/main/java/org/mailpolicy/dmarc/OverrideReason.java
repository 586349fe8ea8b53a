package org.mailpolicy.dmarc;

import java.util.Locale;

/**
 * Why local policy changed the disposition of a failing message; the words are those of the
 * aggregate report's {@code PolicyOverrideType} (RFC 7489 Appendix C), where one exists.
 */
public enum OverrideReason {
    /** The client is in a network the admin trusts to forward mail. */
    TRUSTED_FORWARDER,
    /** The message came through a mailing list the admin trusts. */
    MAILING_LIST,
    /** An allow list by From domain or envelope sender. */
    LOCAL_POLICY,
    /** A passing ARC chain sealed by a domain the admin trusts (RFC 8617 §7.2). */
    ARC,
    /** RFC 7489 §6.6.4: the message fell outside the {@code pct=} sample. */
    SAMPLED_OUT;

    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }
}
