package org.mailpolicy.arc;

import org.mailpolicy.dkim.DkimAlgorithm;
import org.mailpolicy.tags.TagList;
import org.mailpolicy.tags.TagListResult;

/**
 * What ARC-Seal and ARC-Message-Signature share (RFC 8617 §4.1.2, §4.1.3): a tag-list with i=, a=,
 * b=, d=, s= and an optional t=. Parsing never throws: an unusable field carries {@link #error} naming
 * the tag at fault, and whatever of i=, d=, s=, a= could be read, so that a result can say who failed.
 */
abstract class ArcSignatureField {

    String error;
    int instance = -1;
    DkimAlgorithm algorithm;
    String algorithmName = "";
    byte[] signature;
    String domain = "";
    String selector = "";

    /** Reads {@code value} into {@code field}: the shared tags, then the field's own through {@link #checkOwnTags}. */
    static <T extends ArcSignatureField> T parse(T field, String value, String... required) {
        TagListResult parsed = TagList.parse(value);
        if (!parsed.isValid()) {
            field.error = "malformed tag-list: " + parsed.error().orElseThrow();
            return field;
        }
        TagList tags = parsed.tagList().orElseThrow();
        field.instance = ArcTags.instance(tags);
        field.algorithmName = tags.value("a").orElse("");
        field.domain = tags.value("d").orElse("");
        field.selector = tags.value("s").orElse("");
        field.error = field.check(tags, required);
        return field;
    }

    final String check(TagList tags, String... required) {
        String missing = ArcTags.missing(tags, required);
        if (missing != null) {
            return "missing tag " + missing + "=";
        }
        if (instance < 0) {
            return "malformed tag i=" + tags.value("i").orElseThrow() + " (RFC 8617 §4.2.1: 1 to 50)";
        }
        algorithm = ArcTags.algorithm(tags);
        if (algorithm == null) {
            return "unsupported a=" + algorithmName;
        }
        signature = ArcTags.base64(tags, "b");
        if (signature == null) {
            return "malformed tag b=: not base64";
        }
        String d = ArcTags.domain(tags);
        if (d == null) {
            return "malformed tag d=" + domain;
        }
        domain = d;
        if (ArcTags.selector(tags) == null) {
            return "malformed tag s=" + selector;
        }
        if (!ArcTags.timestampValid(tags)) {
            return "malformed tag t=" + tags.value("t").orElseThrow();
        }
        return checkOwnTags(tags);
    }

    /** The tags only this field has; null when they are usable, otherwise why not. */
    abstract String checkOwnTags(TagList tags);
}
