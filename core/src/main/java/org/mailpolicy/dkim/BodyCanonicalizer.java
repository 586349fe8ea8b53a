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
        for (int i = offset; i < end; i++) {
            byte b = bytes[i];
            if (heldCr) {
                heldCr = false;
                if (b == '\n') {
                    lineBreak();
                    continue;
                }
                content((byte) '\r');
            }
            if (b == '\r') {
                heldCr = true;
            } else if (relaxed && (b == ' ' || b == '\t')) {
                // §3.4.4: runs of WSP become one SP, and WSP at the end of a line goes.
                heldWhitespace = true;
            } else {
                content(b);
            }
        }
    }

    /** Ends the body and returns the digest of its canonical form. */
    byte[] finish() {
        if (heldCr) {
            heldCr = false;
            content((byte) '\r');
        }
        if (relaxed) {
            // §3.4.4 (with erratum 1384): an empty body stays empty; otherwise it ends with one CRLF.
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

    private void content(byte b) {
        while (heldLineBreaks > 0) {
            emit(CRLF, 0, 2);
            heldLineBreaks--;
        }
        if (heldWhitespace) {
            heldWhitespace = false;
            emitByte((byte) ' ');
        }
        anyContent = true;
        emitByte(b);
    }

    private void emit(byte[] bytes, int offset, int length) {
        for (int i = 0; i < length; i++) {
            emitByte(bytes[offset + i]);
        }
    }

    private void emitByte(byte b) {
        canonicalLength++;
        if (limit >= 0 && canonicalLength > limit) {
            return;
        }
        if (buffered == buffer.length) {
            flush();
        }
        buffer[buffered++] = b;
    }

    private void flush() {
        digest.update(buffer, 0, buffered);
        buffered = 0;
    }
}
