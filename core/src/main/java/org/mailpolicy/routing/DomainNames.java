package org.mailpolicy.routing;

import java.net.IDN;
import java.util.Locale;

import org.mailpolicy.net.DomainName;

/** Domain names compared as lower-case A-labels, so that {@code Bücher.Example} and {@code xn--bcher-kva.example} are one key. */
final class DomainNames {

    private DomainNames() {
    }

    /**
     * The A-label form of a domain or host name written in the table; one trailing dot is allowed.
     * RFC 5890 §2.3.2.1 via java.net.IDN, with the STD3 letter-digit-hyphen rule of RFC 1123 §2.1.
     */
    static String strict(String name) throws LineError {
        String n = DomainName.withoutTrailingDot(name);
        if (n.isEmpty()) {
            throw new LineError("empty domain name");
        }
        String ascii;
        try {
            ascii = IDN.toASCII(n, IDN.USE_STD3_ASCII_RULES | IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            throw new LineError("`" + name + "` is not a valid domain name (letters, digits, hyphens and dots; IDN allowed)");
        }
        if (ascii.length() > DomainName.MAX_LENGTH) {
            throw new LineError("domain name longer than " + DomainName.MAX_LENGTH + " characters");
        }
        for (String label : ascii.split("\\.", -1)) {
            if (label.isEmpty() || label.length() > DomainName.MAX_LABEL) {
                throw new LineError("`" + name + "` is not a valid domain name (empty label or label over " + DomainName.MAX_LABEL + " characters)");
            }
        }
        return ascii;
    }

    /**
     * The form of an address's domain used for lookups. Lenient: mail may carry names the table
     * would refuse, and a lookup never fails; a name IDN cannot convert is compared in lower case as written.
     */
    static String lookup(String domain) {
        String n = DomainName.withoutTrailingDot(domain);
        try {
            return IDN.toASCII(n, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return n.toLowerCase(Locale.ROOT);
        }
    }
}
