package org.mailpolicy.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

import org.xbill.DNS.Address;

/** IPv4 and IPv6 address literals, parsed without ever letting the JDK resolve a host name. */
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
        return parseAddress(literal);
    }

    /**
     * The address when {@code literal} is exactly an IPv4 dotted quad or an IPv6 address in an
     * RFC 4291 §2.2 text form, with nothing around it; otherwise empty.
     */
    public static Optional<InetAddress> parseAddress(String literal) {
        if (literal.isEmpty() || !onlyAddressCharacters(literal)) {
            return Optional.empty();
        }
        try {
            // dnsjava parses the text itself; InetAddress.getByName would send a malformed literal such
            // as 999.1.1.1 to DNS as a host name
            return Optional.of(Address.getByAddress(literal));
        } catch (UnknownHostException | IllegalArgumentException e) {
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
