package org.mailpolicy.dmarcreport;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** %XX escapes (RFC 3986 §2.1), shared by mailto: URIs (RFC 6068) and MIME parameters (RFC 2231 §4). */
final class PercentEncoding {

    private PercentEncoding() {
    }

    /** Every {@code %} starts an escape of two hex digits. */
    static boolean isWellFormed(String value) {
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) == '%') {
                if (!isEscape(value, i)) {
                    return false;
                }
                i += 2;
            }
        }
        return true;
    }

    /** The bytes {@code value} stands for: escapes decoded, other characters in UTF-8, a malformed escape kept as written. */
    static byte[] decode(String value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(value.length());
        int literalStart = 0;
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) == '%' && isEscape(value, i)) {
                byte[] literal = value.substring(literalStart, i).getBytes(StandardCharsets.UTF_8);
                out.write(literal, 0, literal.length);
                out.write(Character.digit(value.charAt(i + 1), 16) * 16 + Character.digit(value.charAt(i + 2), 16));
                i += 2;
                literalStart = i + 1;
            }
        }
        byte[] rest = value.substring(literalStart).getBytes(StandardCharsets.UTF_8);
        out.write(rest, 0, rest.length);
        return out.toByteArray();
    }

    private static boolean isEscape(String value, int i) {
        return i + 2 < value.length() && Character.digit(value.charAt(i + 1), 16) >= 0
                && Character.digit(value.charAt(i + 2), 16) >= 0;
    }
}
