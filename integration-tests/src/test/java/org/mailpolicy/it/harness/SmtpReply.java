package org.mailpolicy.it.harness;

import java.util.List;

/** One SMTP reply: its code and every line as the server sent it (multi-line replies kept whole). */
public final class SmtpReply {

    private final int code;
    private final List<String> lines;

    SmtpReply(int code, List<String> lines) {
        this.code = code;
        this.lines = List.copyOf(lines);
    }

    public int code() {
        return code;
    }

    public List<String> lines() {
        return lines;
    }

    /** The last line, e.g. {@code 550 5.7.1 Requested action not taken: relaying denied}. */
    public String text() {
        return lines.get(lines.size() - 1);
    }

    public boolean isPositive() {
        return code >= 200 && code < 400;
    }

    @Override
    public String toString() {
        return String.join(" / ", lines);
    }
}
