package org.mailpolicy.tags;

import java.util.Objects;

/**
 * One tag-spec of a tag-list: its name, its value with leading and trailing whitespace removed,
 * and where the raw value sits in the parsed text. The raw region runs from just after the
 * {@code =} to just before the {@code ;} (or the end), surrounding whitespace included, which
 * is what RFC 6376 §3.5 (b=) and RFC 8617 §4.1 ask a verifier to blank out.
 */
public final class Tag {

    private final String name;
    private final String value;
    private final int rawValueStart;
    private final int rawValueEnd;

    Tag(String name, String value, int rawValueStart, int rawValueEnd) {
        this.name = Objects.requireNonNull(name);
        this.value = Objects.requireNonNull(value);
        this.rawValueStart = rawValueStart;
        this.rawValueEnd = rawValueEnd;
    }

    public String name() {
        return name;
    }

    /** The tag-value, folding whitespace inside it kept as written. */
    public String value() {
        return value;
    }

    /** The value with every whitespace character removed, as base64 values (b=, bh=, p=) are read. */
    public String valueWithoutWhitespace() {
        char[] out = new char[value.length()];
        int length = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!TagList.isWhitespace(c)) {
                out[length++] = c;
            }
        }
        return length == value.length() ? value : new String(out, 0, length);
    }

    /** Index in the parsed text of the first character after the {@code =}. */
    public int rawValueStart() {
        return rawValueStart;
    }

    /** Index in the parsed text just past the raw value (the {@code ;} or the end of the text). */
    public int rawValueEnd() {
        return rawValueEnd;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Tag)) {
            return false;
        }
        Tag t = (Tag) o;
        return name.equals(t.name) && value.equals(t.value) && rawValueStart == t.rawValueStart && rawValueEnd == t.rawValueEnd;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, value, rawValueStart, rawValueEnd);
    }

    @Override
    public String toString() {
        return name + "=" + value;
    }
}
