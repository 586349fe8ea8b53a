package org.mailpolicy.dkim;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.mailpolicy.message.RawMessage;

/**
 * Signs messages for one signing domain with one or more keys (typically RSA-2048 and Ed25519, so
 * that verifiers without RFC 8463 still find an RSA signature): the body is canonicalized and hashed once, then each key signs.
 * Never writes l= (RFC 6376 §8.2). Thread-safe and immutable.
 */
public final class DkimSigner {

    /** Signed once more than they occur, so that an added instance breaks the signature (RFC 6376 §8.15). */
    static final List<String> OVERSIGNED = List.of(
            "From", "To", "Subject", "Date", "Reply-To", "Cc", "Message-ID",
            "MIME-Version", "Content-Type", "Content-Transfer-Encoding", "Content-ID", "Content-Description");

    /** Signed when present (RFC 6376 §5.4.1's list of fields to sign). */
    static final List<String> SIGNED_IF_PRESENT = List.of(
            "Sender", "In-Reply-To", "References", "Resent-Date", "Resent-From", "Resent-Sender", "Resent-To", "Resent-Cc",
            "Resent-Message-ID", "List-Id", "List-Help", "List-Unsubscribe", "List-Unsubscribe-Post", "List-Subscribe",
            "List-Post", "List-Owner", "List-Archive");

    private static final int LINE = 76;

    private final String domain;
    private final Map<String, DkimPrivateKey> keys;
    private final Canonicalization headerCanonicalization;
    private final Canonicalization bodyCanonicalization;
    private final Duration expiry;
    private final String identity;
    private final Clock clock;

    private DkimSigner(Builder b) {
        this.domain = b.domain;
        this.keys = Collections.unmodifiableMap(new LinkedHashMap<>(b.keys));
        this.headerCanonicalization = b.headerCanonicalization;
        this.bodyCanonicalization = b.bodyCanonicalization;
        this.expiry = b.expiry;
        this.identity = b.identity;
        this.clock = b.clock;
    }

    /** A signer for {@code domain} (the d= tag). */
    public static Builder builder(String domain) {
        return new Builder(domain);
    }

    /**
     * The DKIM-Signature fields to prepend to {@code message}, one per key, in the order the keys were
     * added. Each is a whole field ({@code DKIM-Signature: ...}) folded with CRLF TAB, without a final CRLF.
     */
    public List<String> sign(byte[] message) {
        RawMessage raw = RawMessage.parse(message);
        DkimVerifier.BodyHash body = DkimVerifier.BodyHash.of(raw, bodyCanonicalization, "SHA-256", -1);
        String bodyHash = Base64.getEncoder().encodeToString(body.digest);
        List<String> signedHeaders = signedHeaders(raw);
        long now = clock.instant().getEpochSecond();
        List<String> fields = new ArrayList<>();
        for (Map.Entry<String, DkimPrivateKey> entry : keys.entrySet()) {
            DkimPrivateKey key = entry.getValue();
            StringBuilder field = new StringBuilder("DKIM-Signature: v=1; a=").append(key.algorithm().tagValue())
                    .append("; c=").append(headerCanonicalization.tagValue()).append('/').append(bodyCanonicalization.tagValue())
                    .append(";\r\n\td=").append(domain).append("; s=").append(entry.getKey());
            if (identity != null) {
                field.append("; i=").append(identity);
            }
            field.append(";\r\n\tt=").append(now);
            if (expiry != null) {
                field.append("; x=").append(now + expiry.getSeconds());
            }
            field.append(";\r\n\th=");
            appendNames(field, signedHeaders);
            field.append(";\r\n\tbh=").append(bodyHash).append(";\r\n\tb=");
            byte[] unsigned = field.toString().getBytes(StandardCharsets.UTF_8);
            byte[] data = HeaderHashInput.build(raw, signedHeaders, headerCanonicalization, unsigned);
            appendBase64(field, Base64.getEncoder().encodeToString(key.sign(data)));
            fields.add(field.toString());
        }
        return fields;
    }

    /** The message with the DKIM-Signature fields prepended, line endings as {@link RawMessage} normalizes them. */
    public byte[] signedMessage(byte[] message) {
        StringBuilder prefix = new StringBuilder();
        for (String field : sign(message)) {
            prefix.append(field).append("\r\n");
        }
        byte[] head = prefix.toString().getBytes(StandardCharsets.UTF_8);
        byte[] body = RawMessage.parse(message).bytes();
        byte[] out = new byte[head.length + body.length];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(body, 0, out, head.length, body.length);
        return out;
    }

    static List<String> signedHeaders(RawMessage raw) {
        List<String> names = new ArrayList<>();
        for (String name : OVERSIGNED) {
            int present = raw.headers(name).size();
            for (int i = 0; i <= present; i++) {
                names.add(name);
            }
        }
        for (String name : SIGNED_IF_PRESENT) {
            for (int i = raw.headers(name).size(); i > 0; i--) {
                names.add(name);
            }
        }
        return names;
    }

    /** Appends the h= names, folding between names so that no line passes {@value #LINE} columns. */
    private static void appendNames(StringBuilder out, List<String> names) {
        int column = column(out);
        for (int i = 0; i < names.size(); i++) {
            String token = names.get(i) + (i + 1 < names.size() ? ":" : ";");
            if (column + token.length() > LINE && i > 0) {
                out.append("\r\n\t");
                column = 8;
            }
            out.append(names.get(i)).append(i + 1 < names.size() ? ":" : "");
            column += token.length();
        }
    }

    /** Appends base64, folded anywhere (§3.5: whitespace inside b= is ignored). */
    private static void appendBase64(StringBuilder out, String value) {
        int column = column(out);
        for (int i = 0; i < value.length(); i++) {
            if (column >= LINE) {
                out.append("\r\n\t");
                column = 8;
            }
            out.append(value.charAt(i));
            column++;
        }
    }

    /** The display column after the last line of {@code out}, a tab counting as 8. */
    private static int column(StringBuilder out) {
        int lineStart = out.lastIndexOf("\n") + 1;
        return out.length() - lineStart + (lineStart > 0 ? 7 : 0);
    }

    public static final class Builder {
        private final String domain;
        private final Map<String, DkimPrivateKey> keys = new LinkedHashMap<>();
        private Canonicalization headerCanonicalization = Canonicalization.RELAXED;
        private Canonicalization bodyCanonicalization = Canonicalization.RELAXED;
        private Duration expiry;
        private String identity;
        private Clock clock = Clock.systemUTC();

        private Builder(String domain) {
            if (domain == null || domain.isBlank() || domain.startsWith(".") || domain.endsWith(".")) {
                throw new IllegalArgumentException("signing domain must be a domain name, got '" + domain + "'");
            }
            this.domain = domain.toLowerCase(Locale.ROOT);
        }

        /** Adds a key published at {@code selector._domainkey.<domain>}; one signature per key. */
        public Builder key(String selector, DkimPrivateKey key) {
            Objects.requireNonNull(key, "key");
            if (selector == null || !selector.matches("[A-Za-z0-9_][A-Za-z0-9_.-]*")) {
                throw new IllegalArgumentException("selector must be a DNS label sequence, got '" + selector + "'");
            }
            keys.put(selector, key);
            return this;
        }

        /** Default relaxed/relaxed, which survives the header rewrapping common in transit. */
        public Builder canonicalization(Canonicalization header, Canonicalization body) {
            this.headerCanonicalization = Objects.requireNonNull(header);
            this.bodyCanonicalization = Objects.requireNonNull(body);
            return this;
        }

        /** Writes x= this long after t=. Default: no x=. */
        public Builder expiry(Duration expiry) {
            if (expiry.isNegative() || expiry.isZero()) {
                throw new IllegalArgumentException("expiry must be positive, got " + expiry);
            }
            this.expiry = expiry;
            return this;
        }

        /** Writes i=; it must be within d= (RFC 6376 §3.5). Default: no i=. */
        public Builder identity(String identity) {
            int at = identity.lastIndexOf('@');
            String identityDomain = at < 0 ? "" : identity.substring(at + 1).toLowerCase(Locale.ROOT);
            if (!identityDomain.equals(domain) && !identityDomain.endsWith("." + domain)) {
                throw new IllegalArgumentException("identity " + identity + " is not within the signing domain " + domain);
            }
            this.identity = identity;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock);
            return this;
        }

        public DkimSigner build() {
            if (keys.isEmpty()) {
                throw new IllegalArgumentException("a DKIM signer for " + domain + " needs at least one key");
            }
            return new DkimSigner(this);
        }
    }
}
