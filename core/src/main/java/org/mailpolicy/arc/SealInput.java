package org.mailpolicy.arc;

import java.io.ByteArrayOutputStream;
import java.util.List;
import org.mailpolicy.dkim.Canonicalization;
import org.mailpolicy.dkim.DkimPrimitives;

/**
 * The data an ARC-Seal signs (RFC 8617 §5.1.1): the fields of every ARC set up to its own, instance 1
 * first and in each set ARC-Authentication-Results, ARC-Message-Signature, ARC-Seal, all with relaxed
 * header canonicalization; the seal itself last, its b= value removed and without the final CRLF.
 */
final class SealInput {

    private SealInput() {
    }

    /** {@code fields}: the raw fields (without CRLF) that precede the seal being signed or checked. */
    static byte[] build(List<byte[]> fields, byte[] sealWithoutSignature) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        for (byte[] field : fields) {
            byte[] canonical = DkimPrimitives.canonicalField(Canonicalization.RELAXED, field, true);
            out.write(canonical, 0, canonical.length);
        }
        byte[] own = DkimPrimitives.canonicalField(Canonicalization.RELAXED, sealWithoutSignature, false);
        out.write(own, 0, own.length);
        return out.toByteArray();
    }
}
