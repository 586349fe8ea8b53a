package org.mailpolicy.dkim;

import java.io.ByteArrayOutputStream;

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
        ByteArrayOutputStream out = new ByteArrayOutputStream(field.length + 2);
        if (canonicalization == Canonicalization.SIMPLE) {
            // §3.4.1: the field exactly as it was.
            out.write(field, 0, field.length);
        } else {
            relaxed(field, out);
        }
        if (withCrlf) {
            out.write('\r');
            out.write('\n');
        }
        return out.toByteArray();
    }

    /** §3.4.2: lower-case name, no WSP around the colon, unfolded, WSP runs to one SP, no trailing WSP. */
    private static void relaxed(byte[] field, ByteArrayOutputStream out) {
        int colon = 0;
        while (colon < field.length && field[colon] != ':') {
            colon++;
        }
        for (int i = 0; i < colon; i++) {
            byte b = field[i];
            if (b == ' ' || b == '\t' || b == '\r' || b == '\n') {
                continue;
            }
            out.write(b >= 'A' && b <= 'Z' ? b + ('a' - 'A') : b);
        }
        out.write(':');
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
                out.write(' ');
                pendingSpace = false;
            }
            started = true;
            out.write(b);
        }
    }
}
