package org.mailpolicy.authres;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.mailpolicy.header.HeaderSyntax;

/** A lenient-in-whitespace, strict-in-syntax reader of RFC 8601 §2.2 field bodies. Never throws on input. */
final class AuthenticationResultsParser {

    private final String in;
    private int pos;

    private AuthenticationResultsParser(String in) {
        this.in = in;
    }

    static Optional<AuthenticationResults> parse(String headerValue) {
        try {
            return Optional.of(new AuthenticationResultsParser(headerValue).payload());
        } catch (SyntaxError e) {
            return Optional.empty();
        }
    }

    static Optional<String> authservId(String headerValue) {
        try {
            AuthenticationResultsParser parser = new AuthenticationResultsParser(headerValue);
            parser.cfws();
            return Optional.of(parser.value());
        } catch (SyntaxError e) {
            return Optional.empty();
        }
    }

    private AuthenticationResults payload() {
        cfws();
        String authservId = value();
        cfws();
        // RFC 8601 §2.2: optional authres-version after the authserv-id
        if (pos < in.length() && Character.isDigit(in.charAt(pos))) {
            while (pos < in.length() && Character.isDigit(in.charAt(pos))) {
                pos++;
            }
            cfws();
        }
        List<MethodResult> results = new ArrayList<>();
        expect(';');
        cfws();
        int mark = pos;
        String first = keyword();
        cfws();
        if (first.equalsIgnoreCase("none") && pos == in.length()) {
            return new AuthenticationResults(authservId, results);
        }
        pos = mark;
        results.add(resinfo());
        while (true) {
            cfws();
            if (pos == in.length()) {
                return new AuthenticationResults(authservId, results);
            }
            expect(';');
            cfws();
            if (pos == in.length()) {
                // a trailing ";" is common in the wild and harmless
                return new AuthenticationResults(authservId, results);
            }
            results.add(resinfo());
        }
    }

    private MethodResult resinfo() {
        String method = keyword();
        cfws();
        // RFC 8601 §2.2: method may carry a version, "method/1"
        if (peek('/')) {
            pos++;
            cfws();
            keyword();
            cfws();
        }
        expect('=');
        cfws();
        MethodResult.Builder builder = MethodResult.builder(method.toLowerCase(Locale.ROOT), keyword().toLowerCase(Locale.ROOT));
        while (true) {
            cfws();
            if (pos == in.length() || peek(';')) {
                return builder.build();
            }
            String ptype = keyword();
            cfws();
            if (ptype.equalsIgnoreCase("reason") && peek('=')) {
                pos++;
                cfws();
                builder.reason(value());
                continue;
            }
            expect('.');
            cfws();
            String property = keyword();
            cfws();
            expect('=');
            cfws();
            builder.property(ptype.toLowerCase(Locale.ROOT), property.toLowerCase(Locale.ROOT), propertyValue());
        }
    }

    /** pvalue = value / [ [ local-part ] "@" ] domain-name: read up to whitespace, ';' or a comment. */
    private String propertyValue() {
        if (peek('"')) {
            String quoted = quotedString();
            if (peek('@')) {
                pos++;
                return quoted + "@" + token();
            }
            return quoted;
        }
        int start = pos;
        while (pos < in.length()) {
            char c = in.charAt(pos);
            if (c == ';' || c == '(' || c == ' ' || c == '\t' || c == '\r' || c == '\n') {
                break;
            }
            if (c == ')' || c == '"' || c == '\\' || HeaderSyntax.isControl(c)) {
                throw new SyntaxError();
            }
            pos++;
        }
        if (start == pos) {
            throw new SyntaxError();
        }
        return in.substring(start, pos);
    }

    private String value() {
        return peek('"') ? quotedString() : token();
    }

    /** RFC 8601 §2.2 Keyword (RFC 5321 ldh-str); '_' is accepted because deployed verifiers write it. */
    private String keyword() {
        int start = pos;
        while (pos < in.length()) {
            char c = in.charAt(pos);
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) {
                break;
            }
            pos++;
        }
        if (start == pos) {
            throw new SyntaxError();
        }
        return in.substring(start, pos);
    }

    private String token() {
        int start = pos;
        while (pos < in.length() && HeaderSyntax.isTokenChar(in.charAt(pos))) {
            pos++;
        }
        if (start == pos) {
            throw new SyntaxError();
        }
        return in.substring(start, pos);
    }

    private String quotedString() {
        expect('"');
        StringBuilder out = new StringBuilder();
        while (pos < in.length()) {
            char c = in.charAt(pos++);
            if (c == '"') {
                return out.toString();
            }
            if (c == '\r' || c == '\n') {
                // RFC 5322 §3.2.2: unfolding removes the CRLF of folding white space
                continue;
            }
            if (c == '\\') {
                if (pos == in.length()) {
                    break;
                }
                c = in.charAt(pos++);
            }
            if (HeaderSyntax.isControl(c)) {
                // RFC 5322 §3.2.4: qtext and quoted-pair exclude control characters
                throw new SyntaxError();
            }
            out.append(c);
        }
        throw new SyntaxError();
    }

    /** RFC 5322 §3.2.2 CFWS: folding white space and nested comments. */
    private void cfws() {
        while (pos < in.length()) {
            char c = in.charAt(pos);
            if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
                pos++;
            } else if (c == '(') {
                comment();
            } else {
                return;
            }
        }
    }

    private void comment() {
        int depth = 0;
        while (pos < in.length()) {
            char c = in.charAt(pos++);
            if (c == '\\') {
                pos++;
            } else if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return;
            }
        }
        throw new SyntaxError();
    }

    private boolean peek(char c) {
        return pos < in.length() && in.charAt(pos) == c;
    }

    private void expect(char c) {
        if (!peek(c)) {
            throw new SyntaxError();
        }
        pos++;
    }

    private static final class SyntaxError extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SyntaxError() {
            super(null, null, false, false);
        }
    }
}
