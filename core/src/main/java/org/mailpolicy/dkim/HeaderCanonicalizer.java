package org.mailpolicy.dkim;

import java.util.Arrays;

/** Header field canonicalization, RFC 6376 §3.4.1 (simple) and §3.4.2 (relaxed). */
final class HeaderCanonicalizer {

    private HeaderCanonicalizer() {
    }

    /**
     * Canonicalizes one header field given as its raw bytes without the terminating CRLF (folding
     * kept). The CRLF is appended only when {@code withCrlf} is set: the DKIM-Signature field itself
     * is hashed without it (§3.7). A field without a colon is treated as a name with an empty value.
     */
    static byte[] canonicalize(Canonicalization canonicalization, byte[] field, boolean withCrlf) {
        // Relaxed output is never longer than the input, plus a colon for a field without one.
        byte[] out = new byte[field.length + 3];
        int length;
        if (canonicalization == Canonicalization.SIMPLE) {
            // §3.4.1: the field exactly as it was.
            System.arraycopy(field, 0, out, 0, field.length);
            length = field.length;
        } else {
            length = relaxed(field, out);
        }
        if (withCrlf) {
            out[length++] = '\r';
            out[length++] = '\n';
        }
        return Arrays.copyOf(out, length);
    }

    /** §3.4.2: lower-case name, no WSP around the colon, unfolded, WSP runs to one SP, no trailing WSP. */
    private static int relaxed(byte[] field, byte[] out) {
        int length = 0;
        int colon = 0;
        while (colon < field.length && field[colon] != ':') {
            colon++;
        }
        for (int i = 0; i < colon; i++) {
            byte b = field[i];
            if (b == ' ' || b == '\t' || b == '\r' || b == '\n') {
                continue;
            }
            out[length++] = b >= 'A' && b <= 'Z' ? (byte) (b + ('a' - 'A')) : b;
        }
        out[length++] = ':';
        boolean pendingSpace = false;
        boolean started = false;
        for (int i = colon + 1; i < field.length; i++) {
            byte b = field[i];
            if (b == '\r' || b == '\n') {
                continue;
            }
            if (b == ' ' || b == '\t') {
                pendingSpace = started;
                continue;
            }
            if (pendingSpace) {
                out[length++] = ' ';
                pendingSpace = false;
            }
            started = true;
            out[length++] = b;
        }
        return length;
    }
}
