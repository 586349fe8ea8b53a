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
    private static final long LAST_LANE = 0x8000000000000000L;

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
     * hashed; it starts with content, and its last {@code breaks} CRLFs are line breaks no content
     * has followed yet (they are held back if the chunk ends there). A span is cut only at a WSP run
     * that is not a single SP between two other bytes of the line, and at a bare LF.
     */
    private void updateRelaxed(byte[] bytes, int start, int end) {
        int span = start;
        int breaks = 0;
        int i = start;
        while (i < end) {
            // Sixteen bytes at a time while none of them is a control byte (HTAB, CR, ...) or an SP
            // followed by a byte <= SP: the rest is content or a single SP between content, canonical as it is.
            if (i > span || !heldWhitespace) {
                int skipped = i;
                while (i + 2 * Long.BYTES < end) {
                    long low = (long) LONGS.get(bytes, i);
                    long high = (long) LONGS.get(bytes, i + Long.BYTES);
                    long lowControls = controlOrSpace(low);
                    long highControls = controlOrSpace(high);
                    long after = (bytes[i + 2 * Long.BYTES] & 0xff) <= ' ' ? LAST_LANE : 0;
                    long lowStops = lowControls & ((lowControls >>> 8) | (highControls << 56) | ~(low << 2));
                    long highStops = highControls & ((highControls >>> 8) | after | ~(high << 2));
                    if ((lowStops | highStops) != 0) {
                        i += lowStops != 0 ? Long.numberOfTrailingZeros(lowStops) >>> 3 : Long.BYTES + (Long.numberOfTrailingZeros(highStops) >>> 3);
                        break;
                    }
                    i += 2 * Long.BYTES;
                }
                if (i > skipped) {
                    breaks = 0;
                }
            }
            byte b = bytes[i];
            if (b == '\r') {
                if (i + 1 == end) {
                    commit(bytes, span, i - 2 * breaks);
                    heldLineBreaks += breaks;
                    heldCr = true;
                    return;
                }
                if (bytes[i + 1] == '\n') {
                    if (i == span) {
                        lineBreak();
                        span = i + 2;
                    } else {
                        breaks++;
                    }
                    i += 2;
                    continue;
                }
                // A CR without LF is content.
                breaks = 0;
                i++;
                continue;
            }
            if (b == '\n') {
                // An LF that no CR took is bare: it ends its line as a CRLF would, after the span so far.
                commit(bytes, span, i - 2 * breaks);
                heldLineBreaks += breaks;
                breaks = 0;
                lineBreak();
                span = ++i;
                continue;
            }
            if (b != ' ' && b != '\t') {
                breaks = 0;
                i++;
                continue;
            }
            if (b == ' ' && i + 1 < end && (i > span || !heldWhitespace)) {
                byte next = bytes[i + 1];
                if (next != ' ' && next != '\t' && next != '\r' && next != '\n') {
                    breaks = 0;
                    i++;
                    continue;
                }
            }
            // §3.4.4: a WSP run becomes one SP if content follows on its line; at the end of a line it goes.
            commit(bytes, span, i - 2 * breaks);
            heldLineBreaks += breaks;
            breaks = 0;
            heldWhitespace = true;
            do {
                i++;
            } while (i < end && (bytes[i] == ' ' || bytes[i] == '\t'));
            span = i;
        }
        commit(bytes, span, end - 2 * breaks);
        heldLineBreaks += breaks;
    }

    /**
     * The high bit of each byte that is at most SP (0x20); bytes from 0x80 up count as content. Of
     * these bytes only SP has bit 5 set, so {@code ~(word << 2)} keeps the high bit of the other ones.
     */
    private static long controlOrSpace(long word) {
        return ~(((word & LOWS) + 0x5f5f5f5f5f5f5f5fL) | word) & HIGHS;
    }

    /** Hashes the canonical input {@code [from, to)}, after whatever is held back before it. */
    private void commit(byte[] bytes, int from, int to) {
        if (to > from) {
            content(bytes, from, to - from);
        }
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
