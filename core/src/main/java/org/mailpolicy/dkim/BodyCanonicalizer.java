package org.mailpolicy.dkim;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import org.mailpolicy.message.LineEnds;
import org.mailpolicy.message.RawMessage;

/**
 * Streaming body canonicalization (RFC 6376 §3.4.3 simple, §3.4.4 relaxed) feeding a digest.
 * The output does not depend on how the body is split into {@link #update} calls: a CR at the end
 * of one chunk and the LF at the start of the next still make one line break, and a run of WSP
 * split between chunks is still one run. Line breaks are held back until content follows, which is
 * how trailing empty lines are dropped without buffering the body. With a length limit (l=) only
 * the first {@code limit} canonical bytes reach the digest; {@link #canonicalLength()} still counts
 * them all.
 *
 * <p>The input may hold bare LFs ({@link RawMessage#readBody} hands the body over as it came): each
 * stands for CRLF ({@link LineEnds}), so the digest is that of the normalized body, without a pass
 * over the body to normalize it first. An LF at the start of the first chunk is bare.
 *
 * <p>Most of a body is already canonical, so both forms hand the digest the caller's bytes in
 * spans as long as possible, straight from the caller's array: a span ends only where the
 * canonical form differs from the input (a WSP run to shorten or drop) or where the chunk ends.
 */
final class BodyCanonicalizer {

    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] CR = {'\r'};
    private static final byte[] SP = {' '};
    /** Spans at least this long go to the digest directly; shorter ones are gathered in {@link #buffer}. */
    private static final int DIRECT = 256;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long HIGHS = 0x8080808080808080L;
    private static final long LOWS = 0x7f7f7f7f7f7f7f7fL;

    private final boolean relaxed;
    private final MessageDigest digest;
    private final long limit;
    private final byte[] buffer = new byte[4096];
    private int buffered;
    private long canonicalLength;
    private long heldLineBreaks;
    private boolean heldCr;
    private boolean heldWhitespace;
    private boolean anyContent;

    /** {@code limit} is the l= value, or -1 to hash the whole canonical body. */
    BodyCanonicalizer(Canonicalization canonicalization, MessageDigest digest, long limit) {
        this.relaxed = canonicalization == Canonicalization.RELAXED;
        this.digest = digest;
        this.limit = limit;
    }

    void update(byte[] bytes, int offset, int length) {
        int end = offset + length;
        int i = offset;
        if (heldCr && i < end) {
            heldCr = false;
            if (bytes[i] == '\n') {
                lineBreak();
                i++;
            } else {
                content(CR, 0, 1);
            }
        }
        if (relaxed) {
            updateRelaxed(bytes, i, end);
        } else {
            updateSimple(bytes, i, end);
        }
    }

    /**
     * §3.4.3 changes only the end of the body, so the input goes to the digest untouched between bare
     * LFs, each of which becomes a held line break.
     */
    private void updateSimple(byte[] bytes, int start, int end) {
        int from = start;
        for (int lf = LineEnds.nextBareLineFeed(bytes, from, end); lf < end; lf = LineEnds.nextBareLineFeed(bytes, from, end)) {
            // The bytes before a bare LF cannot end with CR: that CR and the LF would make a CRLF.
            updateSimpleLines(bytes, from, lf);
            heldLineBreaks++;
            from = lf + 1;
        }
        updateSimpleLines(bytes, from, end);
    }

    /**
     * Input without bare LFs: only the CRLFs ending it (and a CR that may start a CRLF with the next
     * chunk) are held back; the rest goes to the digest untouched.
     */
    private void updateSimpleLines(byte[] bytes, int start, int end) {
        if (start == end) {
            return;
        }
        int j = end;
        boolean trailingCr = j > start && bytes[j - 1] == '\r';
        if (trailingCr) {
            j--;
        }
        long pairs = 0;
        while (j - 2 >= start && bytes[j - 2] == '\r' && bytes[j - 1] == '\n') {
            j -= 2;
            pairs++;
        }
        if (j > start) {
            content(bytes, start, j - start);
        }
        heldLineBreaks += pairs;
        heldCr = trailingCr;
    }

    /**
     * §3.4.4 in one pass. {@code [span, i)} is input that is canonical as it stands and not yet
     * hashed; the CRLFs that end it are line breaks no content has followed yet, held back if the
     * span ends there ({@link #cut}). A span is cut only at a WSP run that is not a single SP between
     * two other bytes of the line, and at a bare LF.
     */
    private void updateRelaxed(byte[] bytes, int start, int end) {
        int span = start;
        int i = start;
        while (i < end) {
            // Right after a WSP run the next byte decides whether the run stays (content) or goes (CRLF).
            if (i > span || !heldWhitespace) {
                i = nextStop(bytes, start, i, end);
                if (i == end) {
                    break;
                }
            }
            byte b = bytes[i];
            if (b == '\r') {
                if (i + 1 == end) {
                    cut(bytes, span, i);
                    heldCr = true;
                    return;
                }
                if (bytes[i + 1] == '\n' && i == span) {
                    // The CRLF ends a line right after a WSP run, which goes with it.
                    lineBreak();
                    span = i + 2;
                }
                // Any other CR, before LF or not, stays as it is.
                i += bytes[i + 1] == '\n' ? 2 : 1;
                continue;
            }
            if (b == '\n' && (i == start || bytes[i - 1] != '\r')) {
                // A bare LF ends its line as a CRLF would, after the span so far.
                cut(bytes, span, i);
                lineBreak();
                span = ++i;
                continue;
            }
            if (b == ' ' && i + 1 < end && (i > span || !heldWhitespace)) {
                byte next = bytes[i + 1];
                if (next != ' ' && next != '\t' && next != '\r' && next != '\n') {
                    i++;
                    continue;
                }
            }
            if (b != ' ' && b != '\t') {
                i++;
                continue;
            }
            // §3.4.4: a WSP run becomes one SP if content follows on its line; at the end of a line it goes.
            cut(bytes, span, i);
            heldWhitespace = true;
            do {
                i++;
            } while (i < end && (bytes[i] == ' ' || bytes[i] == '\t'));
            span = i;
        }
        cut(bytes, span, end);
    }

    /**
     * From {@code i}, the first byte the relaxed form may change (the start of a WSP run that is not a
     * single SP before content, or a bare LF), or where fewer than 16 bytes are left. Eight bytes at
     * a time; a CR, an LF after a CR and other control bytes stay as they are, so they are passed
     * over within the word, and a line of text is crossed without leaving the loop.
     */
    private static int nextStop(byte[] bytes, int start, int i, int end) {
        if (i + 2 * Long.BYTES > end) {
            return i;
        }
        long word = (long) LONGS.get(bytes, i);
        long controls = controlOrSpace(word);
        // Each word is loaded once: the next one tells whether the last byte of this one is followed by a byte <= SP.
        while (i + 2 * Long.BYTES <= end) {
            long next = (long) LONGS.get(bytes, i + Long.BYTES);
            long nextControls = controlOrSpace(next);
            // Control bytes, and SPs followed by a byte <= SP.
            long stops = controls & ((controls >>> 8) | (nextControls << 56) | ~(word << 2));
            while (stops != 0) {
                int at = i + (Long.numberOfTrailingZeros(stops) >>> 3);
                byte b = bytes[at];
                if (b == ' ' || b == '\t' || (b == '\n' && (at == start || bytes[at - 1] != '\r'))) {
                    return at;
                }
                stops &= stops - 1;
            }
            word = next;
            controls = nextControls;
            i += Long.BYTES;
        }
        return i;
    }

    /**
     * Hashes the canonical input {@code [from, to)} after whatever is held back before it, except the
     * CRLFs that end it: they are held back as line breaks, as no content has followed them yet.
     */
    private void cut(byte[] bytes, int from, int to) {
        int end = to;
        while (end - 2 >= from && bytes[end - 2] == '\r' && bytes[end - 1] == '\n') {
            end -= 2;
        }
        if (end > from) {
            content(bytes, from, end - from);
        }
        heldLineBreaks += (to - end) / 2;
    }

    /**
     * The high bit of each byte that is at most SP (0x20); bytes from 0x80 up count as content. Of
     * these bytes only SP has bit 5 set, so {@code ~(word << 2)} keeps the high bit of the other ones.
     */
    private static long controlOrSpace(long word) {
        return ~(((word & LOWS) + 0x5f5f5f5f5f5f5f5fL) | word) & HIGHS;
    }

    /** Ends the body and returns the digest of its canonical form. */
    byte[] finish() {
        if (heldCr) {
            heldCr = false;
            content(CR, 0, 1);
        }
        if (relaxed) {
            // §3.4.4: an empty body stays empty (its hash is that of no bytes); otherwise it ends with one CRLF.
            if (anyContent) {
                emit(CRLF, 0, 2);
            }
        } else {
            // §3.4.3: trailing empty lines go, and an empty body becomes a single CRLF.
            emit(CRLF, 0, 2);
        }
        flush();
        return digest.digest();
    }

    /** The length of the whole canonical body, known after {@link #finish()}. */
    long canonicalLength() {
        return canonicalLength;
    }

    private void lineBreak() {
        heldWhitespace = false;
        heldLineBreaks++;
    }

    private void content(byte[] bytes, int offset, int length) {
        while (heldLineBreaks > 0) {
            emit(CRLF, 0, 2);
            heldLineBreaks--;
        }
        if (heldWhitespace) {
            heldWhitespace = false;
            emit(SP, 0, 1);
        }
        anyContent = true;
        emit(bytes, offset, length);
    }

    private void emit(byte[] bytes, int offset, int length) {
        long before = canonicalLength;
        canonicalLength += length;
        int take = length;
        if (limit >= 0) {
            if (before >= limit) {
                return;
            }
            take = (int) Math.min(length, limit - before);
        }
        if (take >= DIRECT) {
            flush();
            digest.update(bytes, offset, take);
            return;
        }
        if (take > buffer.length - buffered) {
            flush();
        }
        System.arraycopy(bytes, offset, buffer, buffered, take);
        buffered += take;
    }

    private void flush() {
        if (buffered > 0) {
            digest.update(buffer, 0, buffered);
            buffered = 0;
        }
    }
}
