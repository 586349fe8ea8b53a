package org.mailpolicy.smtp;

import java.util.Objects;

/** An SMTP reply: basic code (RFC 5321 §4.2) and enhanced status code (RFC 3463), with a one-line text. */
public final class SmtpReply {

    private final int code;
    private final String enhancedCode;
    private final String text;

    public SmtpReply(int code, String enhancedCode, String text) {
        if (code < 200 || code > 599) {
            throw new IllegalArgumentException("not an SMTP reply code: " + code);
        }
        if (enhancedCode.isEmpty() || enhancedCode.charAt(0) != Integer.toString(code).charAt(0)) {
            throw new IllegalArgumentException("enhanced code " + enhancedCode + " does not match class of " + code);
        }
        this.code = code;
        this.enhancedCode = enhancedCode;
        this.text = oneLine(text);
    }

    /** RFC 5321 §4.2: a reply line is 7-bit text without line breaks; anything else is replaced, never sent. */
    private static String oneLine(String text) {
        StringBuilder out = new StringBuilder(Math.min(text.length(), 400));
        for (int i = 0; i < text.length() && out.length() < 400; i++) {
            char c = text.charAt(i);
            out.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return out.toString();
    }

    public int code() {
        return code;
    }

    public String enhancedCode() {
        return enhancedCode;
    }

    public String text() {
        return text;
    }

    public boolean isPermanent() {
        return code >= 500;
    }

    /** Enhanced code and text, as James's hooks take it after the basic code. */
    public String description() {
        return enhancedCode + " " + text;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SmtpReply && ((SmtpReply) o).code == code
                && ((SmtpReply) o).enhancedCode.equals(enhancedCode) && ((SmtpReply) o).text.equals(text);
    }

    @Override
    public int hashCode() {
        return Objects.hash(code, enhancedCode, text);
    }

    @Override
    public String toString() {
        return code + " " + description();
    }
}
