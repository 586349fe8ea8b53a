package org.mailpolicy.arc;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.mailpolicy.dkim.Canonicalization;
import org.mailpolicy.dkim.DkimPrimitives;
import org.mailpolicy.tags.TagList;

/**
 * A parsed ARC-Message-Signature field value (RFC 8617 §4.1.2): a DKIM-Signature without v=, whose i=
 * is the instance: the shared tags, bh=, c= and h=.
 */
final class ArcMessageSignatureHeader extends ArcSignatureField {

    static final String NAME = "ARC-Message-Signature";

    byte[] bodyHash;
    // Without c=, relaxed/relaxed: ARC signers write only that (dkimpy, which made the ValiMail suite, can
    // do nothing else), and the suite's ams_fields_c_na case passes only so; RFC 6376's default is simple/simple.
    Canonicalization headerCanonicalization = Canonicalization.RELAXED;
    Canonicalization bodyCanonicalization = Canonicalization.RELAXED;
    List<String> signedHeaders = List.of();

    private ArcMessageSignatureHeader() {
    }

    static ArcMessageSignatureHeader parse(String value) {
        return parse(new ArcMessageSignatureHeader(), value, "i", "a", "b", "bh", "d", "h", "s");
    }

    @Override
    String checkOwnTags(TagList tags) {
        bodyHash = ArcTags.base64(tags, "bh");
        if (bodyHash == null) {
            return "malformed tag bh=: not base64";
        }
        if (tags.contains("c") && !canonicalization(tags.value("c").orElseThrow())) {
            return "malformed tag c=" + tags.value("c").orElseThrow();
        }
        List<String> names = new ArrayList<>();
        // RFC 8617 §4.1.2 keeps DKIM's h= but not its From rule; an empty element names no field.
        for (String name : tags.value("h").orElseThrow().split(":")) {
            String trimmed = name.strip();
            if (trimmed.equalsIgnoreCase(ArcSealHeader.NAME)) {
                // RFC 8617 §4.1.2: ARC-Seal fields MUST NOT be included in the AMS.
                return "malformed tag h=: signs ARC-Seal (RFC 8617 §4.1.2)";
            }
            if (!trimmed.isEmpty()) {
                names.add(trimmed);
            }
        }
        signedHeaders = List.copyOf(names);
        // RFC 6376 §8.2: with l= anyone may append content; ARC inherits the risk, so it is not accepted.
        if (tags.contains("l")) {
            return "l= not accepted (RFC 6376 §8.2)";
        }
        return null;
    }

    /** RFC 6376 §3.5 c=: header[/body], body simple when left out. */
    private boolean canonicalization(String c) {
        int slash = c.indexOf('/');
        Optional<Canonicalization> header = DkimPrimitives.canonicalization(slash < 0 ? c : c.substring(0, slash));
        Optional<Canonicalization> body = slash < 0 ? Optional.of(Canonicalization.SIMPLE) : DkimPrimitives.canonicalization(c.substring(slash + 1));
        if (header.isEmpty() || body.isEmpty()) {
            return false;
        }
        headerCanonicalization = header.get();
        bodyCanonicalization = body.get();
        return true;
    }
}
