package org.mailpolicy.arc;

import org.mailpolicy.dkim.DkimAlgorithm;
import org.mailpolicy.tags.TagList;
import org.mailpolicy.tags.TagListResult;

/**
 * A parsed ARC-Seal field value (RFC 8617 §4.1.3). Parsing never throws: an unusable seal carries
 * {@link #error} naming the tag at fault, and whatever of i=, d=, s=, a= could be read.
 */
final class ArcSealHeader {

    static final String NAME = "ARC-Seal";

    String error;
    int instance = -1;
    DkimAlgorithm algorithm;
    String algorithmName = "";
    byte[] signature;
    ArcResult chainValidation;
    String domain = "";
    String selector = "";

    private ArcSealHeader() {
    }

    static ArcSealHeader parse(String value) {
        ArcSealHeader seal = new ArcSealHeader();
        TagListResult parsed = TagList.parse(value);
        if (!parsed.isValid()) {
            seal.error = "malformed tag-list: " + parsed.error().orElseThrow();
            return seal;
        }
        TagList tags = parsed.tagList().orElseThrow();
        seal.instance = ArcTags.instance(tags);
        seal.algorithmName = tags.value("a").orElse("");
        seal.domain = tags.value("d").orElse("");
        seal.selector = tags.value("s").orElse("");
        seal.error = seal.check(tags);
        return seal;
    }

    private String check(TagList tags) {
        String missing = ArcTags.missing(tags, "i", "a", "b", "cv", "d", "s");
        if (missing != null) {
            return "missing tag " + missing + "=";
        }
        if (instance < 0) {
            return "malformed tag i=" + tags.value("i").orElseThrow() + " (RFC 8617 §4.2.1: 1 to 50)";
        }
        // RFC 8617 §4.1.3: the seal covers the ARC sets, never other header fields, so h= has no place.
        if (tags.contains("h")) {
            return "tag h= is not allowed in ARC-Seal (RFC 8617 §4.1.3)";
        }
        algorithm = ArcTags.algorithm(tags);
        if (algorithm == null) {
            return "unsupported a=" + algorithmName;
        }
        signature = ArcTags.base64(tags, "b");
        if (signature == null) {
            return "malformed tag b=: not base64";
        }
        chainValidation = ArcResult.fromWord(tags.value("cv").orElseThrow()).orElse(null);
        if (chainValidation == null) {
            return "malformed tag cv=" + tags.value("cv").orElseThrow();
        }
        domain = ArcTags.domain(tags);
        if (domain == null) {
            domain = tags.value("d").orElseThrow();
            return "malformed tag d=" + domain;
        }
        if (ArcTags.selector(tags) == null) {
            return "malformed tag s=" + selector;
        }
        if (!ArcTags.timestampValid(tags)) {
            return "malformed tag t=" + tags.value("t").orElseThrow();
        }
        return null;
    }
}
