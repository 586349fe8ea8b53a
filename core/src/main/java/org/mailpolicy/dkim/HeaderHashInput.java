package org.mailpolicy.dkim;

import java.io.ByteArrayOutputStream;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.mailpolicy.message.HeaderField;
import org.mailpolicy.message.RawMessage;
import org.mailpolicy.tags.Tag;
import org.mailpolicy.tags.TagList;

/** The data a DKIM signature covers besides the body hash (RFC 6376 §3.7), shared by signer and verifier. */
final class HeaderHashInput {

    private HeaderHashInput() {
    }

    /**
     * The canonical signed header fields in h= order, then the DKIM-Signature field itself with its
     * b= value removed and without its final CRLF.
     */
    static byte[] build(RawMessage message, List<String> signedHeaders, Canonicalization canonicalization, byte[] signatureFieldWithoutB) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        // The instances of each name not yet taken, top to bottom.
        Map<String, ArrayDeque<HeaderField>> left = new HashMap<>();
        for (String name : signedHeaders) {
            ArrayDeque<HeaderField> fields = left.computeIfAbsent(name.toLowerCase(Locale.ROOT), n -> new ArrayDeque<>(message.headers(n)));
            // §5.4.2: repeated names take the instances from the bottom up; a name with no
            // instance left contributes nothing (which is how over-signing works).
            HeaderField field = fields.pollLast();
            if (field != null) {
                byte[] canonical = HeaderCanonicalizer.canonicalize(canonicalization, field.rawWithoutCrlf(), true);
                out.write(canonical, 0, canonical.length);
            }
        }
        byte[] own = HeaderCanonicalizer.canonicalize(canonicalization, signatureFieldWithoutB, false);
        out.write(own, 0, own.length);
        return out.toByteArray();
    }

    /**
     * The field's raw bytes (without CRLF) with the b= value and the whitespace around it removed
     * (§3.7: "the value of the b= tag (including all surrounding whitespace) is deleted").
     * Empty when the field has no valid tag-list or no b=.
     */
    static Optional<byte[]> withoutSignatureValue(HeaderField field) {
        return TagList.parse(field.valueAsLatin1()).tagList().flatMap(t -> t.tag("b")).map(b -> withoutValue(field, b));
    }

    /**
     * As {@link #withoutSignatureValue(HeaderField)}, with the b= tag already found in {@code value},
     * the field's value read as UTF-8. When that text has one character per byte (ASCII, as
     * signatures are), its offsets are byte offsets and the tag-list is not parsed again.
     */
    static Optional<byte[]> withoutSignatureValue(HeaderField field, String value, Tag b) {
        if (b == null || value.length() != field.rawValueLength()) {
            return withoutSignatureValue(field);
        }
        return Optional.of(withoutValue(field, b));
    }

    private static byte[] withoutValue(HeaderField field, Tag b) {
        byte[] raw = field.rawWithoutCrlf();
        int valueStart = field.colonIndex() + 1;
        int cutFrom = valueStart + b.rawValueStart();
        int cutTo = valueStart + b.rawValueEnd();
        byte[] out = new byte[raw.length - (cutTo - cutFrom)];
        System.arraycopy(raw, 0, out, 0, cutFrom);
        System.arraycopy(raw, cutTo, out, cutFrom, raw.length - cutTo);
        return out;
    }
}
