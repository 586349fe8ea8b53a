package org.mailpolicy.dkim;

import java.io.ByteArrayOutputStream;
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
        Map<String, Integer> used = new HashMap<>();
        Map<String, List<HeaderField>> byName = new HashMap<>();
        for (String name : signedHeaders) {
            String key = name.toLowerCase(Locale.ROOT);
            List<HeaderField> fields = byName.computeIfAbsent(key, message::headers);
            // §5.4.2: repeated names take the instances from the bottom up; a name with no
            // instance left contributes nothing (which is how over-signing works).
            int taken = used.getOrDefault(key, 0);
            int index = fields.size() - 1 - taken;
            used.put(key, taken + 1);
            if (index >= 0) {
                byte[] canonical = HeaderCanonicalizer.canonicalize(canonicalization, fields.get(index).rawWithoutCrlf(), true);
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
        Optional<Tag> b = TagList.parse(field.valueAsLatin1()).tagList().flatMap(t -> t.tag("b"));
        if (b.isEmpty()) {
            return Optional.empty();
        }
        byte[] raw = field.rawWithoutCrlf();
        int valueStart = field.colonIndex() + 1;
        int cutFrom = valueStart + b.get().rawValueStart();
        int cutTo = valueStart + b.get().rawValueEnd();
        byte[] out = new byte[raw.length - (cutTo - cutFrom)];
        System.arraycopy(raw, 0, out, 0, cutFrom);
        System.arraycopy(raw, cutTo, out, cutFrom, raw.length - cutTo);
        return Optional.of(out);
    }
}
