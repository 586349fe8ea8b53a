package org.mailpolicy.arc;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.mailpolicy.authres.AuthenticationResults;
import org.mailpolicy.header.HeaderSyntax;
import org.mailpolicy.message.HeaderField;
import org.mailpolicy.message.RawMessage;

/**
 * Authentication-Results text as the ARC-Authentication-Results payload carries it (RFC 8617 §4.1.1):
 * results copied as written, comments included, split only at the ";" between them.
 */
final class AuthenticationResultsText {

    private AuthenticationResultsText() {
    }

    /**
     * The payload our sealer writes: the results of every Authentication-Results field of ours
     * ({@code authservId}), top to bottom, after one authserv-id (the consolidation the ValiMail suite
     * describes; RFC 8617 §5.1 leaves it to the sealer). {@code authservId; none} when there is none.
     */
    static String consolidate(RawMessage message, String authservId) {
        List<String> results = new ArrayList<>();
        for (HeaderField field : message.headers(AuthenticationResults.HEADER_NAME)) {
            String value = field.value();
            boolean ours = AuthenticationResults.authservIdOf(value)
                    .map(id -> id.toLowerCase(Locale.ROOT).equals(authservId.toLowerCase(Locale.ROOT)))
                    .orElse(false);
            if (ours) {
                List<String> parts = split(value);
                results.addAll(parts.subList(1, parts.size()));
            }
        }
        results.removeIf(r -> r.equalsIgnoreCase("none"));
        return authservId + "; " + (results.isEmpty() ? "none" : String.join("; ", results));
    }

    /**
     * One line of text, results joined by "; ": folding undone and any other control character made a
     * space, so that nothing the caller passes can end the field or start another.
     */
    static String normalize(String text) {
        String unfolded = text.replace("\r\n", "");
        StringBuilder out = new StringBuilder(unfolded.length());
        for (int i = 0; i < unfolded.length(); i++) {
            char c = unfolded.charAt(i);
            out.append(c == '\t' || HeaderSyntax.isControl(c) ? ' ' : c);
        }
        return String.join("; ", split(out.toString()));
    }

    /** The pieces between the ";" that stand outside quoted-strings and comments, stripped, empty ones left out. */
    static List<String> split(String value) {
        List<String> parts = new ArrayList<>();
        StringBuilder part = new StringBuilder();
        int comment = 0;
        boolean quoted = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' && (quoted || comment > 0) && i + 1 < value.length()) {
                part.append(c).append(value.charAt(++i));
                continue;
            }
            if (quoted) {
                quoted = c != '"';
            } else if (c == '"' && comment == 0) {
                quoted = true;
            } else if (c == '(') {
                comment++;
            } else if (c == ')' && comment > 0) {
                comment--;
            } else if (c == ';' && comment == 0) {
                add(parts, part);
                continue;
            }
            part.append(c);
        }
        add(parts, part);
        return parts;
    }

    private static void add(List<String> parts, StringBuilder part) {
        String piece = part.toString().strip();
        if (!piece.isEmpty()) {
            parts.add(piece);
        }
        part.setLength(0);
    }
}
