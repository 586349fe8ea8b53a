package org.mailpolicy.spf;

/** Domain-name checks of RFC 7208 §4.3 and §7.3. */
final class DomainNames {

    private static final int MAX_NAME = 253;
    private static final int MAX_LABEL = 63;

    private DomainNames() {
    }

    /**
     * RFC 7208 §4.3: a multi-label name with labels of 1 to 63 octets, 253 octets in all, and no
     * address literal. Anything else makes check_host() return {@code none}.
     */
    static boolean isValidDomain(String domain) {
        String name = withoutTrailingDot(domain);
        if (!isQueryable(name) || name.indexOf('.') < 0 || name.startsWith("[")) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            if (name.charAt(i) <= ' ' || name.charAt(i) >= 0x7f) {
                return false;
            }
        }
        return true;
    }

    /**
     * A name DNS can be asked about: 1 to 63 octets per label, 253 in all. Unlike
     * {@link #isValidDomain}, any character may stand in a label (RFC 2181 §11), as macro
     * expansion can put spaces and percent signs there.
     */
    static boolean isQueryable(String domain) {
        String name = withoutTrailingDot(domain);
        if (name.isEmpty() || name.length() > MAX_NAME) {
            return false;
        }
        int labelStart = 0;
        for (int i = 0; i <= name.length(); i++) {
            if (i == name.length() || name.charAt(i) == '.') {
                int length = i - labelStart;
                if (length == 0 || length > MAX_LABEL) {
                    return false;
                }
                labelStart = i + 1;
            }
        }
        return true;
    }

    static String withoutTrailingDot(String name) {
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }

    /** RFC 7208 §7.3: drop left-hand labels of an expanded name until it fits in 253 octets. */
    static String truncateLeft(String name) {
        String result = withoutTrailingDot(name);
        while (result.length() > MAX_NAME) {
            int dot = result.indexOf('.');
            if (dot < 0) {
                return result;
            }
            result = result.substring(dot + 1);
        }
        return result;
    }

    /** {@code name} equals {@code domain} or is a subdomain of it, case-insensitively. */
    static boolean isSameOrSubdomain(String name, String domain) {
        String n = withoutTrailingDot(name);
        String d = withoutTrailingDot(domain);
        if (n.equalsIgnoreCase(d)) {
            return true;
        }
        return n.length() > d.length() && n.charAt(n.length() - d.length() - 1) == '.'
                && n.regionMatches(true, n.length() - d.length(), d, 0, d.length());
    }
}
