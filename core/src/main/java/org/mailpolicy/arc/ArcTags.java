package org.mailpolicy.arc;

import java.util.Base64;
import java.util.Locale;
import org.mailpolicy.dkim.DkimAlgorithm;
import org.mailpolicy.dkim.DkimPrimitives;
import org.mailpolicy.tags.Tag;
import org.mailpolicy.tags.TagList;

/**
 * The tags ARC-Seal and ARC-Message-Signature share (RFC 8617 §4.1.2, §4.1.3), read from a tag-list.
 * Each reader answers {@code null} or -1 for a value that is not usable, so the caller names the tag.
 */
final class ArcTags {

    private ArcTags() {
    }

    /** RFC 8617 §4.2.1: i= is 1*2DIGIT, 1 to 50. -1 when absent or outside. */
    static int instance(TagList tags) {
        String value = tags.value("i").orElse("");
        if (value.length() > 2) {
            return -1;
        }
        long i = DkimPrimitives.decimal(value);
        return i >= 1 && i <= ArcVerifier.MAX_INSTANCE ? (int) i : -1;
    }

    /**
     * a=: rsa-sha256 or ed25519-sha256. RFC 8301 §3.1 forbids rsa-sha1 and RFC 8617 §4.1.2 gives ARC
     * no older algorithms to keep, so it is refused here.
     */
    static DkimAlgorithm algorithm(TagList tags) {
        DkimAlgorithm algorithm = DkimPrimitives.algorithm(tags.value("a").orElse("")).orElse(null);
        return algorithm == DkimAlgorithm.RSA_SHA1 ? null : algorithm;
    }

    /** A base64 value (b=, bh=) with its folding whitespace removed; null when empty or not base64. */
    static byte[] base64(TagList tags, String name) {
        Tag tag = tags.tag(name).orElse(null);
        if (tag == null) {
            return null;
        }
        try {
            byte[] decoded = Base64.getDecoder().decode(tag.valueWithoutWhitespace());
            return decoded.length == 0 ? null : decoded;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** d= in lower case, or null when it is not a domain name (RFC 6376 §3.5). */
    static String domain(TagList tags) {
        String d = tags.value("d").orElse("");
        return DkimPrimitives.isDomainName(d) ? d.toLowerCase(Locale.ROOT) : null;
    }

    /** s=, or null when it is not a selector (RFC 6376 §3.1). */
    static String selector(TagList tags) {
        String s = tags.value("s").orElse("");
        return DkimPrimitives.isSelector(s) ? s : null;
    }

    /** t= is optional; when present it is 1*12DIGIT (RFC 8617 §4.1.2, §4.1.3). False when present and malformed. */
    static boolean timestampValid(TagList tags) {
        return !tags.contains("t") || DkimPrimitives.decimal(tags.value("t").orElseThrow()) >= 0;
    }

    /** The first of {@code required} that is missing, or null. */
    static String missing(TagList tags, String... required) {
        for (String name : required) {
            if (!tags.contains(name)) {
                return name;
            }
        }
        return null;
    }
}
