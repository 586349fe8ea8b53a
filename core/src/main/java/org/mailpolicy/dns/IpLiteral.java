package org.mailpolicy.dns;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/** Parses IPv4 and IPv6 literals without ever letting the JDK resolve a host name. */
public final class IpLiteral {

    private IpLiteral() {
    }

    /** The address written in {@code text} (brackets around IPv6 allowed), or empty when it is not a literal. */
    public static Optional<InetAddress> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String literal = text.trim();
        if (literal.startsWith("[") && literal.endsWith("]")) {
            literal = literal.substring(1, literal.length() - 1);
        }
        if (literal.isEmpty() || !onlyAddressCharacters(literal)) {
            return Optional.empty();
        }
        boolean ip6 = literal.indexOf(':') >= 0;
        if (!ip6 && literal.chars().filter(c -> c == '.').count() != 3) {
            return Optional.empty();
        }
        try {
            // only digits, hex digits, dots and colons reach this point, so this never queries DNS
            return Optional.of(InetAddress.getByName(literal));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    private static boolean onlyAddressCharacters(String literal) {
        boolean ip6 = literal.indexOf(':') >= 0;
        for (int i = 0; i < literal.length(); i++) {
            char c = literal.charAt(i);
            boolean ok = (c >= '0' && c <= '9') || c == '.'
                    || (ip6 && (c == ':' || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')));
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
