package org.mailpolicy.spf;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.mailpolicy.net.DomainName;

/**
 * An RFC 7208 §7 macro-string, parsed once and expanded per evaluation. Expansion is
 * asynchronous only when {@code %{p}} needs DNS; every other macro expands in place.
 */
final class MacroString {

    private static final String DELIMITERS = ".-+,/_=";

    /** One piece: literal text, or a macro-expand with its transformers (RFC 7208 §7.1). */
    private static final class Part {
        final String literal;
        final char letter;
        final boolean urlEscape;
        final int rightParts;
        final boolean reverse;
        final String delimiters;

        private Part(String literal, char letter, boolean urlEscape, int rightParts, boolean reverse, String delimiters) {
            this.literal = literal;
            this.letter = letter;
            this.urlEscape = urlEscape;
            this.rightParts = rightParts;
            this.reverse = reverse;
            this.delimiters = delimiters;
        }

        static Part literal(String text) {
            return new Part(text, '\0', false, 0, false, null);
        }

        boolean isLiteral() {
            return literal != null;
        }
    }

    private final String text;
    private final List<Part> parts;
    private final boolean usesValidatedName;

    private MacroString(String text, List<Part> parts) {
        this.text = text;
        this.parts = parts;
        boolean p = false;
        for (Part part : parts) {
            p |= part.letter == 'p';
        }
        this.usesValidatedName = p;
    }

    /** RFC 7208 §7.1 domain-spec: a macro-string that ends in "." toplabel or in a macro-expand. */
    static MacroString parseDomainSpec(String text) throws SpfSyntaxException {
        MacroString spec = parse(text, false);
        if (spec.parts.isEmpty()) {
            throw new SpfSyntaxException("empty domain-spec");
        }
        Part last = spec.parts.get(spec.parts.size() - 1);
        if (!last.isLiteral()) {
            return spec;
        }
        String tail = DomainName.withoutTrailingDot(last.literal);
        if (tail.isEmpty() && spec.parts.size() > 1) {
            return spec;
        }
        int dot = tail.lastIndexOf('.');
        if (dot < 0 || !isTopLabel(tail.substring(dot + 1))) {
            throw new SpfSyntaxException("domain-spec '" + text + "' does not end in a top-level label");
        }
        return spec;
    }

    /** A macro-string of a modifier ({@code explanation=false}) or the text of an exp= TXT record. */
    static MacroString parse(String text, boolean explanation) throws SpfSyntaxException {
        List<Part> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c != '%') {
                boolean visible = c >= 0x21 && c <= 0x7e;
                // RFC 7208 §7.1 macro-literal; §6.2 explain-string also allows SP
                if (!visible && !(explanation && c == ' ')) {
                    throw new SpfSyntaxException("invalid character 0x" + Integer.toHexString(c) + " in '" + text + "'");
                }
                literal.append(c);
                i++;
                continue;
            }
            if (i + 1 >= text.length()) {
                throw new SpfSyntaxException("'%' at end of '" + text + "'");
            }
            char next = text.charAt(i + 1);
            if (next == '%') {
                literal.append('%');
                i += 2;
            } else if (next == '_') {
                literal.append(' ');
                i += 2;
            } else if (next == '-') {
                literal.append("%20");
                i += 2;
            } else if (next == '{') {
                if (literal.length() > 0) {
                    parts.add(Part.literal(literal.toString()));
                    literal.setLength(0);
                }
                i = parseExpand(text, i + 2, explanation, parts);
            } else {
                throw new SpfSyntaxException("invalid macro '%" + next + "' in '" + text + "'");
            }
        }
        if (literal.length() > 0) {
            parts.add(Part.literal(literal.toString()));
        }
        return new MacroString(text, Collections.unmodifiableList(parts));
    }

    private static int parseExpand(String text, int start, boolean explanation, List<Part> parts) throws SpfSyntaxException {
        int i = start;
        if (i >= text.length()) {
            throw new SpfSyntaxException("unterminated macro in '" + text + "'");
        }
        char letterAsWritten = text.charAt(i++);
        char letter = Character.toLowerCase(letterAsWritten);
        if ("slodiphv".indexOf(letter) < 0 && !(explanation && "crt".indexOf(letter) >= 0)) {
            // RFC 7208 §7.2: c, r and t are only allowed in exp text
            throw new SpfSyntaxException("invalid macro letter '" + letterAsWritten + "' in '" + text + "'");
        }
        int digitsStart = i;
        while (i < text.length() && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
            i++;
        }
        int rightParts = 0;
        if (i > digitsStart) {
            if (i - digitsStart > 3) {
                throw new SpfSyntaxException("macro transformer too large in '" + text + "'");
            }
            rightParts = Integer.parseInt(text.substring(digitsStart, i));
            if (rightParts == 0) {
                // RFC 7208 §7.3: "If a DIGIT is specified, the value MUST be nonzero."
                throw new SpfSyntaxException("macro transformer 0 in '" + text + "'");
            }
        }
        boolean reverse = false;
        if (i < text.length() && (text.charAt(i) == 'r' || text.charAt(i) == 'R')) {
            reverse = true;
            i++;
        }
        int delimitersStart = i;
        while (i < text.length() && DELIMITERS.indexOf(text.charAt(i)) >= 0) {
            i++;
        }
        String delimiters = i > delimitersStart ? text.substring(delimitersStart, i) : ".";
        if (i >= text.length() || text.charAt(i) != '}') {
            throw new SpfSyntaxException("malformed macro in '" + text + "'");
        }
        parts.add(new Part(null, letter, Character.isUpperCase(letterAsWritten), rightParts, reverse, delimiters));
        return i + 1;
    }

    private static boolean isTopLabel(String label) {
        // RFC 7208 §7.1 toplabel: alphanumerics with at least one ALPHA, or an LDH label with a hyphen
        if (label.isEmpty() || label.charAt(0) == '-' || label.charAt(label.length() - 1) == '-') {
            return false;
        }
        boolean alpha = false;
        boolean hyphen = false;
        for (int i = 0; i < label.length(); i++) {
            char c = label.charAt(i);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
                alpha = true;
            } else if (c == '-') {
                hyphen = true;
            } else if (c < '0' || c > '9') {
                return false;
            }
        }
        return alpha || hyphen;
    }

    boolean isLiteral() {
        return parts.size() <= 1 && (parts.isEmpty() || parts.get(0).isLiteral());
    }

    @Override
    public String toString() {
        return text;
    }

    /** Expands for {@code domain}, the {@code <domain>} of the check_host() that holds this string. */
    CompletableFuture<String> expand(MacroValues values, String domain) {
        if (!usesValidatedName) {
            return CompletableFuture.completedFuture(expandWith(values, domain, null));
        }
        return values.validatedName(domain).thenApply(name -> expandWith(values, domain, name));
    }

    private String expandWith(MacroValues values, String domain, String validatedName) {
        if (isLiteral()) {
            return parts.isEmpty() ? "" : parts.get(0).literal;
        }
        StringBuilder out = new StringBuilder();
        for (Part part : parts) {
            if (part.isLiteral()) {
                out.append(part.literal);
                continue;
            }
            String value = part.letter == 'p' ? validatedName : values.value(part.letter, domain);
            String transformed = transform(value, part);
            out.append(part.urlEscape ? urlEscape(transformed) : transformed);
        }
        return out.toString();
    }

    /** RFC 7208 §7.3: split on the delimiters, optionally reverse, keep the rightmost parts, join with dots. */
    private static String transform(String value, Part part) {
        if (part.rightParts == 0 && !part.reverse && ".".equals(part.delimiters)) {
            return value;
        }
        List<String> pieces = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= value.length(); i++) {
            if (i == value.length() || part.delimiters.indexOf(value.charAt(i)) >= 0) {
                pieces.add(value.substring(start, i));
                start = i + 1;
            }
        }
        if (part.reverse) {
            Collections.reverse(pieces);
        }
        if (part.rightParts > 0 && part.rightParts < pieces.size()) {
            pieces = pieces.subList(pieces.size() - part.rightParts, pieces.size());
        }
        return String.join(".", pieces);
    }

    /** RFC 7208 §7.3: uppercase macros are URL escaped (RFC 3986 unreserved characters stay). */
    private static String urlEscape(String value) {
        StringBuilder out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            boolean unreserved = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~';
            if (unreserved) {
                out.append(c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
            }
        }
        return out.toString();
    }
}
