package org.mailpolicy.header;

/**
 * The lexical pieces that header fields we write share (RFC 5322 §3.2, RFC 2045 §5.1). Each
 * writer quotes through here, so no identity taken from a message or the SMTP dialogue can
 * inject syntax or start a new line.
 */
public final class HeaderSyntax {

    private HeaderSyntax() {
    }

    /** RFC 2045 §5.1 token character: any US-ASCII CHAR except SPACE, CTLs, or tspecials. */
    public static boolean isTokenChar(char c) {
        return c > 0x20 && c < 0x7f && "()<>@,;:\\\"/[]?=".indexOf(c) < 0;
    }

    public static boolean isToken(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!isTokenChar(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** RFC 5322 §3.2.3 dot-atom-text. */
    public static boolean isDotAtom(String s) {
        if (s.isEmpty() || s.startsWith(".") || s.endsWith(".") || s.contains("..")) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean atext = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "!#$%&'*+-/=?^_`{|}~.".indexOf(c) >= 0;
            if (!atext) {
                return false;
            }
        }
        return true;
    }

    /** RFC 5322 §3.2.4 quoted-string; control characters (CR and LF among them) become spaces. */
    public static String quotedString(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else {
                out.append(isControl(c) ? ' ' : c);
            }
        }
        return out.append('"').toString();
    }

    /** RFC 5322 §3.2.2 comment content: parentheses and backslashes escaped, control characters dropped. */
    public static String commentText(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '(' || c == ')' || c == '\\') {
                out.append('\\').append(c);
            } else {
                out.append(isControl(c) ? ' ' : c);
            }
        }
        return out.toString();
    }

    /** A control character that may not stand in a header value; HTAB is white space and allowed. */
    public static boolean isControl(char c) {
        return (c < 0x20 && c != '\t') || c == 0x7f;
    }
}
