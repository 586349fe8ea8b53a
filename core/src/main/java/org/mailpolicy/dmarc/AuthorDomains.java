package org.mailpolicy.dmarc;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.mailpolicy.message.HeaderField;
import org.mailpolicy.message.RawMessage;

/**
 * The RFC5322.From domains of a message (RFC 9989 §5.3.1): every distinct domain of every address in
 * every From field, or why there is none. Reads RFC 5322 §3.4 address lists with display names,
 * quoted strings, comments, angle addresses and groups; never throws.
 */
final class AuthorDomains {

    private final List<String> domains;
    private final String problem;

    private AuthorDomains(List<String> domains, String problem) {
        this.domains = List.copyOf(domains);
        this.problem = problem;
    }

    static AuthorDomains of(RawMessage message) {
        List<HeaderField> fields = message.headers("From");
        if (fields.isEmpty()) {
            return problem("no RFC5322.From field");
        }
        Set<String> domains = new LinkedHashSet<>();
        for (HeaderField field : fields) {
            List<String> addresses = addresses(field.value());
            if (addresses == null) {
                return problem("RFC5322.From syntax error");
            }
            if (addresses.isEmpty()) {
                return problem("RFC5322.From holds no address");
            }
            for (String address : addresses) {
                Optional<String> domain = domainOf(address);
                if (domain.isEmpty()) {
                    return problem("RFC5322.From address without a domain name: " + address);
                }
                domains.add(domain.get());
            }
        }
        return new AuthorDomains(new ArrayList<>(domains), null);
    }

    private static AuthorDomains problem(String problem) {
        return new AuthorDomains(List.of(), problem);
    }

    /** The distinct author domains in A-labels; empty with a {@link #problem()} when there is no usable one. */
    List<String> domains() {
        return domains;
    }

    Optional<String> problem() {
        return Optional.ofNullable(problem);
    }

    private static Optional<String> domainOf(String address) {
        int at = address.lastIndexOf('@');
        if (at < 1 || at == address.length() - 1) {
            return Optional.empty();
        }
        String domain = address.substring(at + 1);
        // A domain-literal ([192.0.2.1]) has no DMARC policy to find.
        return domain.startsWith("[") ? Optional.empty() : Domains.toALabels(domain);
    }

    /**
     * RFC 5322 §3.4: the addr-specs of an address-list, comments and display names removed; null on a
     * syntax error (unbalanced quote, comment or angle bracket).
     */
    static List<String> addresses(String value) {
        List<String> out = new ArrayList<>();
        StringBuilder plain = new StringBuilder();
        String angle = null;
        int i = 0;
        int n = value.length();
        while (i < n) {
            char c = value.charAt(i);
            if (c == '"') {
                int end = endOfQuoted(value, i);
                if (end < 0) {
                    return null;
                }
                plain.append(value, i, end + 1);
                i = end + 1;
            } else if (c == '(') {
                int end = endOfComment(value, i);
                if (end < 0) {
                    return null;
                }
                i = end + 1;
            } else if (c == '<') {
                int end = value.indexOf('>', i);
                if (end < 0 || angle != null) {
                    return null;
                }
                angle = stripRoute(value.substring(i + 1, end).trim());
                i = end + 1;
            } else if (c == '>') {
                return null;
            } else if (c == ':' && angle == null && plain.indexOf("@") < 0) {
                // RFC 5322 §3.4 group: the display name before ':' is no address.
                plain.setLength(0);
                i++;
            } else if (c == ',' || c == ';') {
                addMailbox(out, plain, angle);
                plain.setLength(0);
                angle = null;
                i++;
            } else {
                if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
                    plain.append(c);
                }
                i++;
            }
        }
        addMailbox(out, plain, angle);
        return out;
    }

    private static void addMailbox(List<String> out, StringBuilder plain, String angle) {
        if (angle != null) {
            out.add(angle);
        } else if (plain.length() > 0) {
            out.add(plain.toString());
        }
    }

    /** RFC 5322 §4.4 obs-route: {@code <@relay1,@relay2:user@example.com>}. */
    private static String stripRoute(String address) {
        if (address.startsWith("@")) {
            int colon = address.indexOf(':');
            return colon < 0 ? address : address.substring(colon + 1);
        }
        return address;
    }

    private static int endOfQuoted(String value, int start) {
        for (int i = start + 1; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '"') {
                return i;
            }
        }
        return -1;
    }

    private static int endOfComment(String value, int start) {
        int depth = 0;
        for (int i = start; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return i;
            }
        }
        return -1;
    }
}
