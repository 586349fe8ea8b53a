package org.mailpolicy.message;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * An RFC 5322 message as bytes: the header fields in order, each with its raw bytes, and where the
 * body starts. It never throws: whatever the bytes, there is a header section (possibly empty) and a
 * body (possibly empty).
 *
 * <p>Line endings: a bare LF stands for CRLF ({@link LineEnds}). The header fields and
 * {@link #bytes()} and {@link #body()} are in that normalized form, which is what signatures cover.
 * The body is normalized only when it is asked for: {@link #readBody} hands it over as it lies, so
 * that an engine that reads every line end anyway (body canonicalization) needs no pass of its own.
 *
 * <p>The header section ends at the first empty line. A line starting with a space or a tab continues
 * the field before it (RFC 5322 §2.2.3).
 */
public final class RawMessage {

    /** The message as it came, bare LFs included. */
    private final byte[] source;
    private final List<HeaderField> headers;
    /** Index in {@link #source} of the first body byte. */
    private final int bodyStart;
    /** Index in the normalized message of the first body byte. */
    private final int bodyOffset;

    private RawMessage(byte[] source, List<HeaderField> headers, int bodyStart, int bodyOffset) {
        this.source = source;
        this.headers = List.copyOf(headers);
        this.bodyStart = bodyStart;
        this.bodyOffset = bodyOffset;
    }

    /** Parses a copy of {@code message}: changing the array afterwards does not change the result. */
    public static RawMessage parse(byte[] message) {
        return parseInPlace(message.clone());
    }

    /**
     * Parses {@code message} without copying it: the result reads the caller's array, so the caller
     * must not change the array while it uses the result. For engines that parse a message, read it
     * and drop it within one call, where a copy of a large body is a cost of its own.
     */
    public static RawMessage parseInPlace(byte[] message) {
        List<HeaderField> headers = new ArrayList<>();
        int pos = 0;
        int length = message.length;
        int bareLineFeeds = 0;
        while (pos < length) {
            int emptyLineEnd = emptyLineEnd(message, pos);
            if (emptyLineEnd > pos) {
                bareLineFeeds += message[pos] == '\n' ? 1 : 0;
                return new RawMessage(message, headers, emptyLineEnd, emptyLineEnd + bareLineFeeds);
            }
            int start = pos;
            pos = lineEnd(message, pos);
            while (pos < length && (message[pos] == ' ' || message[pos] == '\t')) {
                pos = lineEnd(message, pos);
            }
            byte[] raw = LineEnds.toCrlf(message, start, pos);
            bareLineFeeds += raw.length - (pos - start);
            headers.add(field(raw));
        }
        return new RawMessage(message, headers, length, length + bareLineFeeds);
    }

    /** The header fields, top to bottom. */
    public List<HeaderField> headers() {
        return headers;
    }

    /** The fields named {@code name} (case-insensitive), top to bottom. */
    public List<HeaderField> headers(String name) {
        List<HeaderField> found = new ArrayList<>();
        for (HeaderField field : headers) {
            if (field.hasName(name)) {
                found.add(field);
            }
        }
        return found;
    }

    /** Index in {@link #bytes()} of the first body byte (just past the empty line), or the length when there is no body. */
    public int bodyOffset() {
        return bodyOffset;
    }

    /** The length of {@link #body()}. */
    public int bodyLength() {
        return source.length - bodyStart + LineEnds.countBareLineFeeds(source, bodyStart, source.length);
    }

    /** The whole message with its line endings normalized, in a new array. */
    public byte[] bytes() {
        return LineEnds.toCrlf(source, 0, source.length);
    }

    /** The body with its line endings normalized, in a new array. */
    public byte[] body() {
        return LineEnds.toCrlf(source, bodyStart, source.length);
    }

    /**
     * Hands the body to {@code sink} as it lies in the message, without copying it or normalizing its
     * line endings: a bare LF in it stands for CRLF ({@link LineEnds}), and an LF at its first byte is
     * bare. The sink must not keep or change the array. Engines that hash the body use this.
     */
    public void readBody(BodySink sink) {
        sink.accept(source, bodyStart, source.length - bodyStart);
    }

    /** Receives a slice of the message's bytes. */
    @FunctionalInterface
    public interface BodySink {
        void accept(byte[] bytes, int offset, int length);
    }

    private static HeaderField field(byte[] raw) {
        int colon = -1;
        for (int i = 0; i < raw.length; i++) {
            if (raw[i] == ':') {
                colon = i;
                break;
            }
            if (raw[i] == '\r' || raw[i] == '\n') {
                break;
            }
        }
        if (colon < 0) {
            return new HeaderField(raw, "", -1);
        }
        // RFC 5322 §3.6.8 forbids WSP before the colon, but RFC 822 allowed it and relaxed
        // canonicalization (RFC 6376 §3.4.2) removes it, so the name is taken without it.
        String name = new String(raw, 0, colon, StandardCharsets.ISO_8859_1).strip();
        return new HeaderField(raw, name, colon);
    }

    /** Index just past the LF ending the line at {@code pos} (each LF ends a line, bare or not), or the end of the bytes. */
    private static int lineEnd(byte[] bytes, int pos) {
        for (int i = pos; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                return i + 1;
            }
        }
        return bytes.length;
    }

    /** Index just past the line at {@code pos} if that line is empty (CRLF or a bare LF), else {@code pos}. */
    private static int emptyLineEnd(byte[] bytes, int pos) {
        if (bytes[pos] == '\n') {
            return pos + 1;
        }
        return pos + 1 < bytes.length && bytes[pos] == '\r' && bytes[pos + 1] == '\n' ? pos + 2 : pos;
    }

    @Override
    public String toString() {
        return headers.size() + " header fields, " + bodyLength() + " body bytes";
    }
}
