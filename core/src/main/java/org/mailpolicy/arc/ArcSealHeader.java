package org.mailpolicy.arc;

import org.mailpolicy.tags.TagList;

/** A parsed ARC-Seal field value (RFC 8617 §4.1.3): the shared tags and cv=. */
final class ArcSealHeader extends ArcSignatureField {

    static final String NAME = "ARC-Seal";

    ArcResult chainValidation;

    private ArcSealHeader() {
    }

    static ArcSealHeader parse(String value) {
        return parse(new ArcSealHeader(), value, "i", "a", "b", "cv", "d", "s");
    }

    @Override
    String checkOwnTags(TagList tags) {
        // RFC 8617 §4.1.3: the seal covers the ARC sets, never other header fields, so h= has no place.
        if (tags.contains("h")) {
            return "tag h= is not allowed in ARC-Seal (RFC 8617 §4.1.3)";
        }
        chainValidation = ArcResult.fromWord(tags.value("cv").orElseThrow()).orElse(null);
        if (chainValidation == null) {
            return "malformed tag cv=" + tags.value("cv").orElseThrow();
        }
        return null;
    }
}
