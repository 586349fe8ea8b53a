package org.mailpolicy.message;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An RFC 5322 message as bytes: the header fields in order, each with its raw bytes, and where the
 * body starts. It never throws: whatever the bytes, there is a header section (possibly empty) and a
 * body (possibly empty).
 *
 * <p>Line endings: a message on the wire uses CRLF (RFC 5321 §2.3.8), but messages read from files,
 * pipes or some stores arrive with bare LF. Every LF not preceded by CR is turned into CRLF before
 * parsing, so that signatures made over the wire form verify; a bare CR is
 * left as it is. {@link #bytes()} gives the normalized message, which is what signatures cover.
 *
 * <p>The header section ends at the first empty line. A line starting with a space or a tab continues
 * the field before it (RFC 5322 §2.2.3).
 */
public final class RawMessage {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final byte[] bytes;
    private final List<HeaderField> headers;
    private final int bodyOffset;

    private RawMessage(byte[] bytes, List<HeaderField> headers, int bodyOffset) {
        this.bytes = bytes;
        this.headers = List.copyOf(headers);
        this.bodyOffset = bodyOffset;
    }

    public static RawMessage parse(byte[] message) {
        byte[] bytes = normalizeLineEndings(message);
        List<HeaderField> headers = new ArrayList<>();
        int pos = 0;
        int length = bytes.length;
        while (pos < length) {
            if (startsWithCrlf(bytes, pos)) {
                return new RawMessage(bytes, headers, pos + 2);
            }
            int start = pos;
            pos = lineEnd(bytes, pos);
            while (pos < length && (bytes[pos] == ' ' || bytes[pos] == '\t')) {
                pos = lineEnd(bytes, pos);
            }
            headers.add(field(Arrays.copyOfRange(bytes, start, pos)));
        }
        return new RawMessage(bytes, headers, length);
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

    public int bodyLength() {
        return bytes.length - bodyOffset;
    }

    /** A copy of the whole message after line-ending normalization. */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** A copy of the body bytes. */
    public byte[] body() {
        return Arrays.copyOfRange(bytes, bodyOffset, bytes.length);
    }

    /**
     * Hands the body to {@code sink} without copying it; the sink must not keep or change the array.
     * Engines that hash the body use this.
     */
    public void readBody(BodySink sink) {
        sink.accept(bytes, bodyOffset, bytes.length - bodyOffset);
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

    /** Index just past the CRLF ending the line at {@code pos}, or the end of the bytes. */
    private static int lineEnd(byte[] bytes, int pos) {
        for (int i = pos; i < bytes.length - 1; i++) {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n') {
                return i + 2;
            }
        }
        return bytes.length;
    }

    private static boolean startsWithCrlf(byte[] bytes, int pos) {
        return pos + 1 < bytes.length && bytes[pos] == '\r' && bytes[pos + 1] == '\n';
    }

    private static byte[] normalizeLineEndings(byte[] in) {
        int bareLf = bareLineFeeds(in);
        if (bareLf == 0) {
            return in.clone();
        }
        byte[] out = new byte[in.length + bareLf];
        int o = 0;
        for (int i = 0; i < in.length; i++) {
            if (in[i] == '\n' && (i == 0 || in[i - 1] != '\r')) {
                out[o++] = '\r';
            }
            out[o++] = in[i];
        }
        return out;
    }

    /** LFs not preceded by CR; eight bytes at a time, as most words of a message hold no LF. */
    private static int bareLineFeeds(byte[] in) {
        int count = 0;
        int i = 0;
        for (; i + Long.BYTES <= in.length; i += Long.BYTES) {
            long word = (long) LONGS.get(in, i) ^ 0x0a0a0a0a0a0a0a0aL;
            // The high bit of each zero byte of word, that is of each LF, and no other bit.
            long lineFeeds = ~(((word & 0x7f7f7f7f7f7f7f7fL) + 0x7f7f7f7f7f7f7f7fL) | word | 0x7f7f7f7f7f7f7f7fL);
            while (lineFeeds != 0) {
                int at = i + (Long.numberOfTrailingZeros(lineFeeds) >>> 3);
                if (at == 0 || in[at - 1] != '\r') {
                    count++;
                }
                lineFeeds &= lineFeeds - 1;
            }
        }
        for (; i < in.length; i++) {
            if (in[i] == '\n' && (i == 0 || in[i - 1] != '\r')) {
                count++;
            }
        }
        return count;
    }

    @Override
    public String toString() {
        return headers.size() + " header fields, " + bodyLength() + " body bytes";
    }
}
