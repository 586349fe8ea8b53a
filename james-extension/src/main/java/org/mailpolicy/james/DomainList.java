package org.mailpolicy.james;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

import org.mailpolicy.net.DomainName;

/**
 * A comma-separated list of domain names in configuration ({@code DkimHook}'s {@code <alwaysSigned>},
 * {@code DkimResultIs}'s {@code domain=}): compared with a signature's d=, so each must be a domain
 * name as d= carries it. Blank entries are skipped; repeats count once.
 */
public final class DomainList {

    private DomainList() {
    }

    /**
     * The domains of {@code text}, lower case, in the order written; empty for a blank text. Fails
     * with an {@link IllegalArgumentException} naming the first entry that is not a domain name.
     */
    public static Set<String> parse(String text) {
        Set<String> domains = new LinkedHashSet<>();
        for (String entry : text.split(",", -1)) {
            String name = entry.trim().toLowerCase(Locale.ROOT);
            if (name.isEmpty()) {
                continue;
            }
            if (!isDomainName(name)) {
                throw new IllegalArgumentException("'" + entry.trim() + "' is not a domain name; expected comma-separated domain names"
                        + " such as example.com,example.org");
            }
            domains.add(name);
        }
        return Collections.unmodifiableSet(domains);
    }

    /** RFC 1035 §2.3.4: labels of 1 to 63 letters, digits, hyphens (and underscores, as DNS allows), at most 253 characters. */
    private static boolean isDomainName(String name) {
        if (name.length() > DomainName.MAX_LENGTH) {
            return false;
        }
        int labelLength = 0;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '.') {
                if (labelLength == 0) {
                    return false;
                }
                labelLength = 0;
            } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_') {
                if (++labelLength > DomainName.MAX_LABEL) {
                    return false;
                }
            } else {
                return false;
            }
        }
        return labelLength > 0;
    }
}
