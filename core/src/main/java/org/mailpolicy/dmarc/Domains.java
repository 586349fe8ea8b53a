package org.mailpolicy.dmarc;

import java.net.IDN;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

import org.mailpolicy.net.DomainName;

/** Domain names as DMARC compares them: A-labels, lower case, no trailing dot. */
final class Domains {

    private Domains() {
    }

    /**
     * RFC 9989 §4.4: U-labels are compared as A-labels, so {@code bücher.example} and
     * {@code xn--bcher-kva.example} align. Empty for a name that is not a domain name.
     */
    static Optional<String> toALabels(String domain) {
        String name = DomainName.withoutTrailingDot(domain.trim());
        if (name.isEmpty() || name.startsWith(".") || name.contains("..")) {
            return Optional.empty();
        }
        String ascii;
        try {
            ascii = IDN.toASCII(name, IDN.ALLOW_UNASSIGNED);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        // IDNA maps ideographic full stops to '.', so empty labels are checked again after the conversion.
        if (ascii.isEmpty() || ascii.length() > DomainName.MAX_LENGTH || ascii.startsWith(".") || ascii.endsWith(".") || ascii.contains("..")) {
            return Optional.empty();
        }
        for (int i = 0; i < ascii.length(); i++) {
            char c = ascii.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_';
            if (!ok) {
                return Optional.empty();
            }
        }
        return Optional.of(ascii.toLowerCase(Locale.ROOT));
    }

    /** For configured names: A-labels when possible, else the name in lower case (it then matches nothing odd). */
    static String normalize(String domain) {
        return toALabels(domain).orElse(domain.trim().toLowerCase(Locale.ROOT));
    }

    static String[] labels(String domain) {
        return domain.split("\\.", -1);
    }

    /** The last {@code count} labels of {@code domain}. */
    static String lastLabels(String domain, int count) {
        String[] labels = labels(domain);
        return String.join(".", Arrays.copyOfRange(labels, labels.length - count, labels.length));
    }

    static int labelCount(String domain) {
        return labels(domain).length;
    }
}
