package org.mailpolicy.spf;

import org.mailpolicy.net.DomainName;

/** Domain-name checks of RFC 7208 §4.3 and §7.3. */
final class DomainNames {

    private DomainNames() {
    }

    /**
     * RFC 7208 §4.3: a multi-label name with labels of 1 to 63 octets, 253 octets in all, and no
     * address literal. Anything else makes check_host() return {@code none}.
     */
    static boolean isValidDomain(String domain) {
        String name = DomainName.withoutTrailingDot(domain);
        if (!DomainName.fitsDns(name) || name.indexOf('.') < 0 || name.startsWith("[")) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            if (name.charAt(i) <= ' ' || name.charAt(i) >= 0x7f) {
                return false;
            }
        }
        return true;
    }

    /** RFC 7208 §7.3: drop left-hand labels of an expanded name until it fits in 253 octets. */
    static String truncateLeft(String name) {
        String result = DomainName.withoutTrailingDot(name);
        while (result.length() > DomainName.MAX_LENGTH) {
            int dot = result.indexOf('.');
            if (dot < 0) {
                return result;
            }
            result = result.substring(dot + 1);
        }
        return result;
    }
}
