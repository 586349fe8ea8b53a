package org.mailpolicy.authres;

import org.mailpolicy.header.HeaderSyntax;

/** Writes RFC 8601 §2.2 syntax; every value that is not a plain token is quoted so no input can inject syntax or lines. */
final class AuthenticationResultsWriter {

    private static final String FOLD = "\r\n\t";

    private AuthenticationResultsWriter() {
    }

    static String write(AuthenticationResults header) {
        StringBuilder out = new StringBuilder();
        out.append(value(header.authservId())).append(';');
        if (header.results().isEmpty()) {
            // RFC 8601 §2.2: no-result
            return out.append(" none").toString();
        }
        boolean first = true;
        for (MethodResult result : header.results()) {
            if (!first) {
                out.append(';');
            }
            first = false;
            out.append(FOLD).append(keyword(result.method())).append('=').append(keyword(result.result()));
            result.reason().ifPresent(reason -> out.append(" reason=").append(value(reason)));
            for (ResultProperty property : result.properties()) {
                out.append(' ').append(keyword(property.ptype())).append('.').append(keyword(property.property()))
                        .append('=').append(propertyValue(property.value()));
            }
        }
        return out.toString();
    }

    /** Method names, result words, ptypes and properties are RFC 8601 keywords: anything else is a programming error. */
    private static String keyword(String keyword) {
        if (!HeaderSyntax.isToken(keyword)) {
            throw new IllegalArgumentException("not an RFC 8601 keyword: '" + keyword + "'");
        }
        return keyword;
    }

    /** RFC 8601 §2.2 pvalue: a value, or {@code [local-part] "@" domain-name} written bare when it is one. */
    static String propertyValue(String value) {
        int at = value.lastIndexOf('@');
        if (at >= 0 && (at == 0 || HeaderSyntax.isDotAtom(value.substring(0, at))) && isDomainName(value.substring(at + 1))) {
            return value;
        }
        return value(value);
    }

    /** RFC 2045 value: a token, else a quoted-string. */
    static String value(String value) {
        return HeaderSyntax.isToken(value) ? value : HeaderSyntax.quotedString(value);
    }

    private static boolean isDomainName(String s) {
        if (s.isEmpty() || s.startsWith(".") || s.endsWith(".") || s.contains("..")) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_';
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
