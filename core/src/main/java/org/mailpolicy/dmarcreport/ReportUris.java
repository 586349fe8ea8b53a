package org.mailpolicy.dmarcreport;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The destinations of a DMARC record's {@code rua=} or {@code ruf=} tag (RFC 9989 §4.7, RFC 7489
 * §6.2/§6.4): a comma-separated list of URIs, each with an optional {@code !size} limit. Only
 * {@code mailto:} is defined for reports (RFC 9990 §3.5.2, which failure reports follow too); other
 * URIs are listed as problems and skipped. Never throws.
 */
public final class ReportUris {

    /** Beyond this many destinations the rest is ignored: a record must not make us send a report to everyone. */
    public static final int MAX_URIS = 8;

    private final List<ReportUri> uris;
    private final List<String> problems;

    private ReportUris(List<ReportUri> uris, List<String> problems) {
        this.uris = List.copyOf(uris);
        this.problems = List.copyOf(problems);
    }

    /** The usable destinations, in the record's order. */
    public List<ReportUri> uris() {
        return uris;
    }

    /** What was skipped and why. */
    public List<String> problems() {
        return problems;
    }

    public static ReportUris parse(String tagValue) {
        List<ReportUri> uris = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        // RFC 7489 §6.4: dmarc-uri *(*WSP "," *WSP dmarc-uri); a literal comma or "!" in a URI is %-encoded.
        for (String item : tagValue.split(",", -1)) {
            String text = item.strip();
            if (text.isEmpty()) {
                problems.add("an empty URI in the list");
                continue;
            }
            if (uris.size() >= MAX_URIS) {
                problems.add("more than " + MAX_URIS + " URIs; \"" + text + "\" and the rest are ignored");
                break;
            }
            try {
                uris.add(uri(text));
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
        }
        return new ReportUris(uris, problems);
    }

    private static ReportUri uri(String text) {
        Long maxBytes = null;
        String uri = text;
        int bang = text.lastIndexOf('!');
        if (bang >= 0) {
            maxBytes = size(text.substring(bang + 1), text);
            uri = text.substring(0, bang);
        }
        if (!uri.regionMatches(true, 0, "mailto:", 0, 7)) {
            throw new IllegalArgumentException("\"" + text + "\" is not a mailto: URI (RFC 9990 §3.5.2 defines only mailto)");
        }
        // RFC 6068 §2: mailto:addr-spec[?hfields]; hfields (subject, body) are not ours to honour.
        String to = uri.substring(7);
        int query = to.indexOf('?');
        if (query >= 0) {
            to = to.substring(0, query);
        }
        if (!PercentEncoding.isWellFormed(to)) {
            throw new IllegalArgumentException("\"" + text + "\" has a broken %-escape");
        }
        String address = new String(PercentEncoding.decode(to), StandardCharsets.UTF_8).strip();
        int at = address.lastIndexOf('@');
        if (at <= 0 || at == address.length() - 1 || address.indexOf(',') >= 0 || !isDomain(address.substring(at + 1))
                || address.chars().anyMatch(c -> c <= ' ' || c == 0x7f)) {
            throw new IllegalArgumentException("\"" + text + "\" does not name one mailbox");
        }
        return new ReportUri(uri, address, maxBytes);
    }

    /** RFC 7489 §6.4: 1*DIGIT [ "k" / "m" / "g" / "t" ], the units powers of two. */
    private static long size(String limit, String text) {
        String digits = limit;
        int shift = 0;
        if (!limit.isEmpty()) {
            switch (Character.toLowerCase(limit.charAt(limit.length() - 1))) {
                case 'k':
                    shift = 10;
                    break;
                case 'm':
                    shift = 20;
                    break;
                case 'g':
                    shift = 30;
                    break;
                case 't':
                    shift = 40;
                    break;
                default:
                    break;
            }
        }
        if (shift > 0) {
            digits = limit.substring(0, limit.length() - 1);
        }
        if (digits.isEmpty() || digits.length() > 15 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("\"" + text + "\" has a size limit that is not a number with k, m, g or t");
        }
        long value = Long.parseLong(digits);
        return value > (Long.MAX_VALUE >> shift) ? Long.MAX_VALUE : value << shift;
    }

    private static boolean isDomain(String domain) {
        if (domain.isEmpty() || domain.length() > 253 || domain.startsWith(".") || domain.endsWith(".")
                || domain.contains("..")) {
            return false;
        }
        for (String label : domain.split("\\.")) {
            if (label.length() > 63 || label.startsWith("-") || label.endsWith("-")
                    || !label.chars().allMatch(c -> c == '-' || Character.isLetterOrDigit(c))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return uris + (problems.isEmpty() ? "" : " problems " + problems);
    }
}
