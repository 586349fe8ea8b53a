package org.mailpolicy.dmarcreport;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Where reports never go and which domains are never reported on: entries are mailboxes
 * ({@code dmarc@example.com}) or domains ({@code example.com}, which covers its subdomains). Read
 * from lines; {@code #} starts a comment.
 */
public final class SuppressionList {

    private final Set<String> addresses;
    private final Set<String> domains;

    private SuppressionList(Set<String> addresses, Set<String> domains) {
        this.addresses = Set.copyOf(addresses);
        this.domains = Set.copyOf(domains);
    }

    public static SuppressionList empty() {
        return new SuppressionList(Set.of(), Set.of());
    }

    public static SuppressionList of(List<String> lines) {
        Set<String> addresses = new HashSet<>();
        Set<String> domains = new HashSet<>();
        for (String line : lines) {
            int hash = line.indexOf('#');
            String entry = (hash >= 0 ? line.substring(0, hash) : line).strip().toLowerCase(Locale.ROOT);
            if (entry.endsWith(".")) {
                entry = entry.substring(0, entry.length() - 1);
            }
            if (entry.isEmpty()) {
                continue;
            }
            (entry.indexOf('@') >= 0 ? addresses : domains).add(entry);
        }
        return new SuppressionList(addresses, domains);
    }

    /** True for a listed mailbox, or a mailbox or domain at or below a listed domain. */
    public boolean isSuppressed(String addressOrDomain) {
        String value = addressOrDomain.strip().toLowerCase(Locale.ROOT);
        if (addresses.contains(value)) {
            return true;
        }
        String domain = value.substring(value.lastIndexOf('@') + 1);
        while (true) {
            if (domains.contains(domain)) {
                return true;
            }
            int dot = domain.indexOf('.');
            if (dot < 0) {
                return false;
            }
            domain = domain.substring(dot + 1);
        }
    }

    /** The destinations of {@code uris} not suppressed, in order. */
    public List<ReportUri> allowed(List<ReportUri> uris) {
        List<ReportUri> allowed = new ArrayList<>();
        for (ReportUri uri : uris) {
            if (!isSuppressed(uri.address())) {
                allowed.add(uri);
            }
        }
        return allowed;
    }
}
