package org.mailpolicy.dkim;

import java.security.MessageDigest;

/**
 * Streaming body canonicalization (RFC 6376 §3.4.3 simple, §3.4.4 relaxed) feeding a digest.
 * The output does not depend on how the body is split into {@link #update} calls: a CR at the end
 * of one chunk and the LF at the start of the next still make one line break. Line breaks are held
 * back until a non-empty line follows, which is how trailing empty lines are dropped without
 * buffering the body. With a length limit (l=) only the first {@code limit} canonical bytes reach
 * the digest; {@link #canonicalLength()} still counts them all.
 */
final class BodyCanonicalizer {

    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] CR = {'\r'};
    private static final byte[] SP = {' '};

    private final boolean relaxed;
    private final MessageDigest digest;
    private final long limit;
    private final byte[] buffer = new byte[8192];
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
     * §3.4.3 changes only the end of the body, so only the CRLFs ending this chunk (and a CR that may
     * start a CRLF with the next chunk) are held back; the rest goes to the digest untouched.
     */
    private void updateSimple(byte[] bytes, int start, int end) {
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

    private void updateRelaxed(byte[] bytes, int start, int end) {
        int i = start;
        while (i < end) {
            int runStart = i;
            // The hot loop: most bytes are above SP (UTF-8 bytes are negative, hence the mask), and a
            // single SP between two ordinary bytes is already canonical, so a run is usually a whole line.
            while (i < end) {
                byte b = bytes[i];
                if ((b & 0xff) > ' ') {
                    i++;
                    continue;
                }
                if (b == ' ' && i + 1 < end && (i > runStart || !heldWhitespace)) {
                    byte next = bytes[i + 1];
                    if (next != ' ' && next != '\t' && next != '\r') {
                        i += 2;
                        continue;
                    }
                }
                if (b == '\r' || b == ' ' || b == '\t') {
                    break;
                }
                i++;
            }
            if (i > runStart) {
                content(bytes, runStart, i - runStart);
            }
            if (i == end) {
                return;
            }
            if (bytes[i] == '\r') {
                if (i + 1 == end) {
                    heldCr = true;
                    return;
                }
                if (bytes[i + 1] == '\n') {
                    lineBreak();
                    i += 2;
                    continue;
                }
                content(CR, 0, 1);
            } else {
                // §3.4.4: runs of WSP become one SP, and WSP at the end of a line goes.
                heldWhitespace = true;
            }
            i++;
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
        if (take > buffer.length - buffered) {
            flush();
            if (take > buffer.length) {
                digest.update(bytes, offset, take);
                return;
            }
        }
        System.arraycopy(bytes, offset, buffer, buffered, take);
        buffered += take;
    }

    private void flush() {
        digest.update(buffer, 0, buffered);
        buffered = 0;
    }
}
