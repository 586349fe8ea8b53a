package org.mailpolicy.dkim;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.mailpolicy.tags.Tag;
import org.mailpolicy.tags.TagList;
import org.mailpolicy.tags.TagListResult;

/**
 * A parsed DKIM-Signature field value (RFC 6376 §3.5). Parsing never throws: a signature that
 * cannot be used carries {@link #error()} naming the tag at fault, and whatever identifying tags
 * (d=, s=, i=, a=, b=) could be read, so that the result can still say which signature failed.
 */
final class DkimSignature {

    private static final int MAX_DECIMAL_DIGITS = 76;
    // RFC 6376 §3.5 d=: a domain-name (RFC 5321 Domain); A-labels are used for IDNs (RFC 8616 §4).
    static final Pattern DOMAIN = Pattern.compile("[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?(?:\\.[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?)+");

    String error;
    String domain;
    String selector;
    String identity;
    String algorithmName;
    DkimAlgorithm algorithm;
    String bPrefix = "";
    /** The b= tag as found in the parsed value (its offsets are in that text), or null. */
    Tag signatureTag;
    byte[] signature;
    byte[] bodyHash;
    Canonicalization headerCanonicalization = Canonicalization.SIMPLE;
    Canonicalization bodyCanonicalization = Canonicalization.SIMPLE;
    List<String> signedHeaders = List.of();
    long length = -1;
    long timestamp = -1;
    long expiration = -1;

    private DkimSignature() {
    }

    Optional<String> error() {
        return Optional.ofNullable(error);
    }

    static DkimSignature parse(String value) {
        DkimSignature sig = new DkimSignature();
        TagListResult parsed = TagList.parse(value);
        if (!parsed.isValid()) {
            sig.error = "malformed tag-list: " + parsed.error().orElseThrow();
            return sig;
        }
        TagList tags = parsed.tagList().orElseThrow();
        sig.domain = tags.value("d").map(d -> d.toLowerCase(Locale.ROOT)).orElse(null);
        sig.selector = tags.value("s").orElse(null);
        sig.algorithmName = tags.value("a").orElse(null);
        sig.identity = tags.value("i").orElse(null);
        sig.signatureTag = tags.tag("b").orElse(null);
        String b = sig.signatureTag == null ? null : sig.signatureTag.valueWithoutWhitespace();
        if (b != null) {
            sig.bPrefix = b.substring(0, Math.min(8, b.length()));
        }
        sig.error = sig.check(tags, b);
        return sig;
    }

    /** RFC 6376 §3.5 and §6.1.1, in the order of the tag list there. */
    private String check(TagList tags, String b) {
        for (String required : new String[] {"v", "a", "b", "bh", "d", "h", "s"}) {
            if (!tags.contains(required)) {
                return "missing tag " + required + "=";
            }
        }
        if (!tags.value("v").orElseThrow().equals("1")) {
            return "unsupported v=" + tags.value("v").orElseThrow() + " (RFC 6376 §3.5: must be 1)";
        }
        algorithm = DkimAlgorithm.fromTagValue(algorithmName).orElse(null);
        if (algorithm == null) {
            return "unsupported a=" + algorithmName;
        }
        signature = base64(b);
        if (signature == null || signature.length == 0) {
            return "malformed tag b=: not base64";
        }
        bodyHash = base64(tags.tag("bh").orElseThrow().valueWithoutWhitespace());
        if (bodyHash == null || bodyHash.length == 0) {
            return "malformed tag bh=: not base64";
        }
        if (tags.contains("c")) {
            String c = tags.value("c").orElseThrow();
            int slash = c.indexOf('/');
            Optional<Canonicalization> header = Canonicalization.fromTagValue(slash < 0 ? c : c.substring(0, slash));
            // §3.5: "relaxed" alone means relaxed headers and simple body.
            Optional<Canonicalization> body = slash < 0 ? Optional.of(Canonicalization.SIMPLE) : Canonicalization.fromTagValue(c.substring(slash + 1));
            if (header.isEmpty() || body.isEmpty()) {
                return "malformed tag c=" + c;
            }
            headerCanonicalization = header.get();
            bodyCanonicalization = body.get();
        }
        if (!DOMAIN.matcher(domain).matches()) {
            return "malformed tag d=" + domain;
        }
        List<String> names = new ArrayList<>();
        for (String name : tags.value("h").orElseThrow().split(":", -1)) {
            String trimmed = name.strip();
            if (trimmed.isEmpty()) {
                return "malformed tag h=: empty header field name";
            }
            names.add(trimmed);
        }
        signedHeaders = List.copyOf(names);
        // §5.4 / §6.1.1: the From field MUST be signed.
        if (!containsIgnoringCase(names, "from")) {
            return "malformed tag h=: From is not signed (RFC 6376 §6.1.1)";
        }
        if (identity != null) {
            String error = checkIdentity();
            if (error != null) {
                return error;
            }
        }
        if (tags.contains("l")) {
            length = decimal(tags.value("l").orElseThrow());
            if (length < 0) {
                return "malformed tag l=";
            }
        }
        if (tags.contains("q")) {
            // §3.5: q= is a colon-separated list; dns/txt is the only method defined.
            boolean dns = false;
            for (String method : tags.value("q").orElseThrow().split(":")) {
                dns |= method.strip().equalsIgnoreCase("dns/txt");
            }
            if (!dns) {
                return "unsupported q=" + tags.value("q").orElseThrow();
            }
        }
        if (selector.isEmpty()) {
            return "malformed tag s=: empty";
        }
        if (tags.contains("t")) {
            timestamp = decimal(tags.value("t").orElseThrow());
            if (timestamp < 0) {
                return "malformed tag t=";
            }
        }
        if (tags.contains("x")) {
            expiration = decimal(tags.value("x").orElseThrow());
            if (expiration < 0) {
                return "malformed tag x=";
            }
            // §3.5: x= MUST be greater than t= when both are present.
            if (timestamp >= 0 && expiration < timestamp) {
                return "malformed tag x=: before t=";
            }
        }
        return null;
    }

    /** §3.5 i=: the domain of the identity is d= or a subdomain of it. */
    private String checkIdentity() {
        int at = identity.lastIndexOf('@');
        if (at < 0) {
            return "malformed tag i=" + identity + ": no @";
        }
        String identityDomain = identity.substring(at + 1).toLowerCase(Locale.ROOT);
        if (!identityDomain.equals(domain) && !identityDomain.endsWith("." + domain)) {
            return "malformed tag i=" + identity + ": not within d=" + domain + " (RFC 6376 §3.5)";
        }
        return null;
    }

    /** The domain part of i=, or d= when i= is absent (its default is {@code @d}). */
    String identityDomain() {
        if (identity == null) {
            return domain;
        }
        return identity.substring(identity.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT);
    }

    private static boolean containsIgnoringCase(List<String> names, String name) {
        for (String n : names) {
            if (n.equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }

    private static byte[] base64(String value) {
        try {
            return Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** §3.5: 1*76DIGIT; a value too large for a long is clamped (only l=, t=, x= use it). */
    static long decimal(String value) {
        if (value.isEmpty() || value.length() > MAX_DECIMAL_DIGITS) {
            return -1;
        }
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) < '0' || value.charAt(i) > '9') {
                return -1;
            }
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }
}
