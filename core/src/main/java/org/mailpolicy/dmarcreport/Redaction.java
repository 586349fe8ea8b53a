package org.mailpolicy.dmarcreport;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.mailpolicy.message.HeaderField;
import org.mailpolicy.message.RawMessage;

/**
 * Redaction of the message copy in a failure report (RFC 6590, RFC 9991 §7): the local-part of every
 * address in the header fields is replaced, by a fixed token or by a keyed hash of it (RFC 6590 §4: the
 * same mailbox gives the same string, so the domain owner can still tell mailboxes apart, but cannot
 * recover them without the key), and URLs lose their scheme's {@code http} for {@code hxxp} so that no
 * client opens them (RFC 9991 §7.3). Message identifiers are left alone: the domain owner needs them
 * to find the message in its own logs, and they name no mailbox.
 */
public final class Redaction {

    /** How local-parts are replaced. */
    public enum Mode {
        /** Nothing is redacted. */
        NONE,
        /** Every local-part becomes {@link #TOKEN}. */
        TOKEN,
        /** Every local-part becomes the first 8 characters of the base64url HMAC-SHA256 of it under a key. */
        HASH
    }

    static final String TOKEN = "redacted";

    /**
     * RFC 5322 §3.4.1 addr-spec: a dot-atom or quoted-string local-part, {@code @}, and a domain or an
     * address literal. Folding white space never occurs inside one.
     */
    private static final Pattern ADDRESS = Pattern.compile(
            "(\"(?:[^\"\\\\\\r\\n]|\\\\.){0,256}\"|[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]{1,256}(?:\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]{1,256}){0,64})"
                    + "@((?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?\\.)*[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?|\\[[^\\]\\r\\n]{1,64}\\])");
    private static final Pattern HTTP = Pattern.compile("(?i)\\bhttp(s?)://");
    /** RFC 5322 §3.6.4 and RFC 2392: identifiers, not mailboxes. */
    private static final Set<String> IDENTIFIERS = Set.of("message-id", "in-reply-to", "references", "resent-message-id",
            "content-id");

    private final Mode mode;
    private final byte[] key;

    private Redaction(Mode mode, byte[] key) {
        this.mode = mode;
        this.key = key;
    }

    public static Redaction none() {
        return new Redaction(Mode.NONE, new byte[0]);
    }

    public static Redaction token() {
        return new Redaction(Mode.TOKEN, new byte[0]);
    }

    /** @param key the HMAC key; keep it secret and stable so that reports stay comparable over time */
    public static Redaction keyedHash(byte[] key) {
        if (Objects.requireNonNull(key, "key").length == 0) {
            throw new IllegalArgumentException("the redaction key is empty");
        }
        return new Redaction(Mode.HASH, key.clone());
    }

    public Mode mode() {
        return mode;
    }

    /** {@code text} with every address's local-part replaced and URLs defused; unchanged with {@link Mode#NONE}. */
    public String redact(String text) {
        if (mode == Mode.NONE) {
            return text;
        }
        if (text.indexOf('@') < 0) {
            return HTTP.matcher(text).replaceAll("hxxp$1://");
        }
        Matcher m = ADDRESS.matcher(text);
        StringBuilder out = new StringBuilder(text.length());
        int last = 0;
        while (m.find()) {
            out.append(text, last, m.start()).append(localPart(m.group(1))).append('@').append(m.group(2));
            last = m.end();
        }
        out.append(text, last, text.length());
        return HTTP.matcher(out).replaceAll("hxxp$1://");
    }

    /** The header section with each field redacted, message identifiers excepted; line structure kept. */
    byte[] headerSection(byte[] headerSection) {
        if (mode == Mode.NONE) {
            return headerSection.clone();
        }
        StringBuilder out = new StringBuilder(headerSection.length);
        for (HeaderField field : RawMessage.parse(headerSection).headers()) {
            String raw = new String(field.raw(), StandardCharsets.UTF_8);
            out.append(IDENTIFIERS.contains(field.lowerCaseName()) ? raw : redact(raw));
        }
        return out.append("\r\n").toString().getBytes(StandardCharsets.UTF_8);
    }

    private String localPart(String localPart) {
        if (mode == Mode.TOKEN) {
            return TOKEN;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            // RFC 5321 §2.4: local-parts may be case-sensitive, but nearly no one treats them so; one mailbox, one token.
            byte[] digest = mac.doFinal(localPart.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 6));
        } catch (GeneralSecurityException e) {
            // HmacSHA256 is in every JDK; without it nothing of the mailbox may leak.
            return TOKEN;
        }
    }

    @Override
    public String toString() {
        return mode.name().toLowerCase(Locale.ROOT);
    }
}
