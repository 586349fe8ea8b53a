package org.mailpolicy.message;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * One header field exactly as it appears in the message: its raw bytes (name, colon, value,
 * folding and the final CRLF) and its name. A line of the header section without a colon is kept
 * as a field whose name is empty, so that nothing in the header section is lost or reordered.
 */
public final class HeaderField {

    private final byte[] raw;
    private final String name;
    private final int colon;

    HeaderField(byte[] raw, String name, int colon) {
        this.raw = raw;
        this.name = name;
        this.colon = colon;
    }

    /** The field name as written (RFC 5322 §2.2: case-insensitive; compare with {@link #hasName}). */
    public String name() {
        return name;
    }

    public boolean hasName(String other) {
        return name.equalsIgnoreCase(other);
    }

    /** The name in lower case, as relaxed canonicalization and lookups use it. */
    public String lowerCaseName() {
        return name.toLowerCase(Locale.ROOT);
    }

    /** A copy of the raw bytes, folding and the terminating CRLF included. */
    public byte[] raw() {
        return raw.clone();
    }

    /** A copy of the raw bytes without the terminating CRLF, folding kept. */
    public byte[] rawWithoutCrlf() {
        return Arrays.copyOf(raw, valueEnd());
    }

    public int rawLength() {
        return raw.length;
    }

    /** Index in {@link #raw()} of the colon, or -1 for a line without one. */
    public int colonIndex() {
        return colon;
    }

    /** The bytes after the colon up to (not including) the terminating CRLF, folding kept. */
    public byte[] rawValue() {
        return Arrays.copyOfRange(raw, colon + 1, valueEnd());
    }

    /** The number of bytes of {@link #rawValue()}. */
    public int rawValueLength() {
        return valueEnd() - colon - 1;
    }

    /** The raw value decoded as UTF-8 (RFC 6532), folding kept. */
    public String value() {
        return new String(raw, colon + 1, valueEnd() - colon - 1, StandardCharsets.UTF_8);
    }

    /** The raw value with one character per byte: offsets in it are byte offsets into {@link #rawValue()}. */
    public String valueAsLatin1() {
        return new String(raw, colon + 1, valueEnd() - colon - 1, StandardCharsets.ISO_8859_1);
    }

    private int valueEnd() {
        int end = raw.length;
        if (end >= 2 && raw[end - 2] == '\r' && raw[end - 1] == '\n') {
            end -= 2;
        }
        return Math.max(end, colon + 1);
    }

    @Override
    public String toString() {
        return new String(raw, StandardCharsets.UTF_8).stripTrailing();
    }
}
