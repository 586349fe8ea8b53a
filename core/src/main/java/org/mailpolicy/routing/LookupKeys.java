package org.mailpolicy.routing;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The keys a recipient or sender is looked up by, in the order Postfix tries them. */
final class LookupKeys {

    private LookupKeys() {
    }

    /**
     * transport(5), "TABLE SEARCH ORDER": {@code user+extension@domain}, {@code user@domain},
     * {@code domain}, {@code .domain} for each parent domain (parent_domain_matches_transport_maps
     * off, the default: a plain domain does not match its subdomains), then {@code *}.
     * The extension is split at the first of the delimiter characters (recipient_delimiter).
     */
    static List<String> recipient(String address, String delimiters) {
        List<String> keys = new ArrayList<>();
        Parts parts = Parts.of(address);
        if (parts.domain != null) {
            String full = parts.local + "@" + parts.domain;
            keys.add(full);
            int cut = firstDelimiter(parts.local, delimiters);
            if (cut > 0) {
                keys.add(parts.local.substring(0, cut) + "@" + parts.domain);
            }
            keys.add(parts.domain);
            // An address literal (RFC 5321 §4.1.3) has no parent domains.
            for (int dot = parts.domain.startsWith("[") ? -1 : parts.domain.indexOf('.'); dot >= 0; dot = parts.domain.indexOf('.', dot + 1)) {
                keys.add(parts.domain.substring(dot));
            }
        }
        keys.add(KeyParser.WILDCARD);
        return keys;
    }

    /**
     * sender_dependent_relayhost_maps (postconf(5)): the sender address, then {@code @domain};
     * no parent domains, no {@code *}. The null sender is looked up as {@code <>}
     * (empty_address_relayhost_maps_lookup_key).
     */
    static List<String> sender(String address) {
        String trimmed = address.trim();
        if (trimmed.isEmpty() || trimmed.equals(KeyParser.NULL_SENDER)) {
            return List.of(KeyParser.NULL_SENDER);
        }
        Parts parts = Parts.of(trimmed);
        if (parts.domain == null) {
            return List.of();
        }
        return List.of(parts.local + "@" + parts.domain, "@" + parts.domain);
    }

    private static int firstDelimiter(String local, String delimiters) {
        int first = -1;
        for (char d : delimiters.toCharArray()) {
            int i = local.indexOf(d);
            if (i >= 0 && (first < 0 || i < first)) {
                first = i;
            }
        }
        return first;
    }

    /** An address split at its last {@code @}, so that a quoted local part may hold one. */
    private static final class Parts {
        final String local;
        final String domain;

        private Parts(String local, String domain) {
            this.local = local;
            this.domain = domain;
        }

        static Parts of(String address) {
            String a = address.trim();
            if (a.length() >= 2 && a.startsWith("<") && a.endsWith(">")) {
                a = a.substring(1, a.length() - 1);
            }
            int at = a.lastIndexOf('@');
            String local = (at < 0 ? a : a.substring(0, at)).toLowerCase(Locale.ROOT);
            String domain = at < 0 ? "" : DomainNames.lookup(a.substring(at + 1));
            return new Parts(local, domain.isEmpty() ? null : domain);
        }
    }
}
