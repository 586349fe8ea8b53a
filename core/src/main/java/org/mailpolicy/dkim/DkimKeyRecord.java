package org.mailpolicy.dkim;

import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.mailpolicy.cache.ParseCache;
import org.mailpolicy.tags.TagList;
import org.mailpolicy.tags.TagListResult;

/**
 * A parsed DKIM key record (RFC 6376 §3.6.1). Parsing never throws; {@link #error} says why a record is
 * unusable. Parsed records are cached by their text and never changed after parsing.
 */
final class DkimKeyRecord {

    private static final ParseCache<DkimKeyRecord> PARSED = new ParseCache<>(4096, DkimKeyRecord::parseText);

    String error;
    String keyType = "rsa";
    List<String> hashAlgorithms = List.of();
    byte[] publicKey;
    boolean testing;
    boolean strict;
    private volatile Optional<RSAPublicKey> rsaPublicKey;

    private DkimKeyRecord() {
    }

    boolean isRevoked() {
        return error == null && publicKey.length == 0;
    }

    static DkimKeyRecord parse(String text) {
        return PARSED.get(text);
    }

    /** The RSA key of {@code p=}, decoded once per record: decoding X.509 costs as much as hashing a small message. */
    Optional<RSAPublicKey> rsaPublicKey() {
        Optional<RSAPublicKey> decoded = rsaPublicKey;
        if (decoded == null) {
            decoded = PublicKeys.rsa(publicKey);
            rsaPublicKey = decoded;
        }
        return decoded;
    }

    private static DkimKeyRecord parseText(String text) {
        DkimKeyRecord record = new DkimKeyRecord();
        record.error = record.check(text);
        return record;
    }

    private String check(String text) {
        TagListResult parsed = TagList.parse(text);
        if (!parsed.isValid()) {
            return "malformed key record: " + parsed.error().orElseThrow();
        }
        TagList tags = parsed.tagList().orElseThrow();
        // §3.6.1 v=: if present it MUST be the first tag and equal to "DKIM1".
        if (tags.contains("v")) {
            if (!tags.firstTagName().orElseThrow().equals("v")) {
                return "malformed key record tag v=: not the first tag";
            }
            if (!tags.value("v").orElseThrow().equals("DKIM1")) {
                return "malformed key record tag v=" + tags.value("v").orElseThrow();
            }
        }
        if (tags.contains("h")) {
            List<String> hashes = new ArrayList<>();
            for (String h : tags.value("h").orElseThrow().split(":")) {
                hashes.add(h.strip().toLowerCase(Locale.ROOT));
            }
            hashAlgorithms = List.copyOf(hashes);
        }
        if (tags.contains("k")) {
            keyType = tags.value("k").orElseThrow().toLowerCase(Locale.ROOT);
            if (!keyType.equals("rsa") && !keyType.equals("ed25519")) {
                return "unsupported key record tag k=" + keyType;
            }
        }
        if (!tags.contains("p")) {
            return "missing key record tag p=";
        }
        try {
            publicKey = Base64.getDecoder().decode(tags.tag("p").orElseThrow().valueWithoutWhitespace());
        } catch (IllegalArgumentException e) {
            return "malformed key record tag p=: not base64";
        }
        if (tags.contains("s")) {
            // §3.6.1 s=: "*" or "email" makes the key usable for DKIM.
            boolean usable = false;
            for (String service : tags.value("s").orElseThrow().split(":")) {
                String s = service.strip();
                usable |= s.equals("*") || s.equalsIgnoreCase("email");
            }
            if (!usable) {
                return "key record tag s=" + tags.value("s").orElseThrow() + " excludes email";
            }
        }
        if (tags.contains("t")) {
            for (String flag : tags.value("t").orElseThrow().split(":")) {
                String f = flag.strip();
                testing |= f.equals("y");
                strict |= f.equals("s");
            }
        }
        return null;
    }
}
