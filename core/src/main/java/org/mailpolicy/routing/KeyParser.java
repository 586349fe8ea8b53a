package org.mailpolicy.routing;

import java.util.Locale;

/** Table keys in their compared form: local parts in lower case (Postfix folds lookup keys, postmap(1) -f), domains as A-labels. */
final class KeyParser {

    static final String WILDCARD = "*";
    /** Postfix empty_address_relayhost_maps_lookup_key: the key for the null sender. */
    static final String NULL_SENDER = "<>";

    private static final String RECIPIENT_FORMS = "user+ext@example.com, user@example.com, example.com, .example.com, *";
    private static final String SENDER_FORMS = "user@example.com, @example.com, <>";

    private KeyParser() {
    }

    static String recipient(String key) throws LineError {
        if (key.equals(WILDCARD)) {
            return key;
        }
        if (key.startsWith(".")) {
            if (key.length() == 1) {
                throw new LineError("`.` alone is not a key; accepted: " + RECIPIENT_FORMS);
            }
            return "." + domain(key.substring(1), RECIPIENT_FORMS);
        }
        int at = key.lastIndexOf('@');
        if (at == 0) {
            throw new LineError("`" + key + "` is a sender-table form; in [recipient] write " + key.substring(1)
                    + " (that domain only) or ." + key.substring(1) + " (its subdomains)");
        }
        return at < 0 ? domain(key, RECIPIENT_FORMS) : address(key, at, RECIPIENT_FORMS);
    }

    static String sender(String key) throws LineError {
        if (key.equals(NULL_SENDER)) {
            return key;
        }
        if (key.equals(WILDCARD)) {
            throw new LineError("[sender] has no `*`: put the route for all other mail in [default]");
        }
        if (key.startsWith(".")) {
            throw new LineError("sender keys do not match parent domains (Postfix sender_dependent_relayhost_maps);"
                    + " write @" + key.substring(1) + " and one @domain line per subdomain");
        }
        int at = key.lastIndexOf('@');
        if (at < 0) {
            throw new LineError("`" + key + "` never matches a sender; write @" + key + " for every sender of that domain; accepted: " + SENDER_FORMS);
        }
        return at == 0 ? "@" + domain(key.substring(1), SENDER_FORMS) : address(key, at, SENDER_FORMS);
    }

    private static String address(String key, int at, String forms) throws LineError {
        return key.substring(0, at).toLowerCase(Locale.ROOT) + "@" + domain(key.substring(at + 1), forms);
    }

    private static String domain(String domain, String forms) throws LineError {
        try {
            return DomainNames.strict(domain);
        } catch (LineError e) {
            throw new LineError(e.getMessage() + "; accepted keys: " + forms);
        }
    }
}
