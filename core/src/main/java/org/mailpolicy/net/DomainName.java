package org.mailpolicy.net;

/** What every protocol here asks of a domain name as DNS carries it. */
public final class DomainName {

    /** RFC 1035 §2.3.4 with RFC 2181 §11: at most 253 octets written without the root's dot. */
    public static final int MAX_LENGTH = 253;
    /** RFC 1035 §2.3.4: a label is 1 to 63 octets. */
    public static final int MAX_LABEL = 63;

    private DomainName() {
    }

    public static String withoutTrailingDot(String name) {
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }

    /**
     * True when DNS can carry {@code name} (one trailing dot allowed): 1 to 63 octets per label,
     * 253 in all. Any character may stand in a label (RFC 2181 §11); callers that need host-name
     * syntax check it themselves.
     */
    public static boolean fitsDns(String name) {
        String n = withoutTrailingDot(name);
        if (n.isEmpty() || n.length() > MAX_LENGTH) {
            return false;
        }
        int labelStart = 0;
        for (int i = 0; i <= n.length(); i++) {
            if (i == n.length() || n.charAt(i) == '.') {
                int length = i - labelStart;
                if (length == 0 || length > MAX_LABEL) {
                    return false;
                }
                labelStart = i + 1;
            }
        }
        return true;
    }

    /** {@code name} equals {@code domain} or is a subdomain of it, case-insensitively, trailing dots ignored. */
    public static boolean isSameOrSubdomain(String name, String domain) {
        String n = withoutTrailingDot(name);
        String d = withoutTrailingDot(domain);
        if (n.equalsIgnoreCase(d)) {
            return true;
        }
        return n.length() > d.length() && n.charAt(n.length() - d.length() - 1) == '.'
                && n.regionMatches(true, n.length() - d.length(), d, 0, d.length());
    }
}
