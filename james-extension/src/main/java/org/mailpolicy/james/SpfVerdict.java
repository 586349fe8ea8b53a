package org.mailpolicy.james;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.mailpolicy.spf.SpfIdentity;
import org.mailpolicy.spf.SpfResult;
import org.mailpolicy.spf.SpfResultCode;

/**
 * Carries SPF results on a {@link Mail} as {@code mailpolicy.spf} (the MAIL FROM identity, which
 * is the HELO identity for the null sender) and {@code mailpolicy.spf.helo} (the separate HELO
 * check). Values are maps of strings and integers so that they survive James's distributed queue.
 */
public final class SpfVerdict {

    public static final AttributeName MAIL_FROM = AttributeName.of("mailpolicy.spf");
    public static final AttributeName HELO = AttributeName.of("mailpolicy.spf.helo");

    private SpfVerdict() {
    }

    public static Attribute toAttribute(AttributeName name, SpfResult result) {
        Map<String, AttributeValue<?>> fields = new LinkedHashMap<>();
        fields.put("result", AttributeValue.of(result.code().keyword()));
        fields.put("identity", AttributeValue.of(result.identity().name()));
        fields.put("domain", AttributeValue.of(result.domain()));
        fields.put("sender", AttributeValue.of(result.sender()));
        result.mechanism().ifPresent(value -> fields.put("mechanism", AttributeValue.of(value)));
        result.explanation().ifPresent(value -> fields.put("explanation", AttributeValue.of(value)));
        result.problem().ifPresent(value -> fields.put("problem", AttributeValue.of(value)));
        fields.put("dnsLookups", AttributeValue.of(result.dnsLookups()));
        fields.put("voidLookups", AttributeValue.of(result.voidLookups()));
        return new Attribute(name, AttributeValue.of(fields));
    }

    /** Reads a verdict back; empty when absent or not written by {@link #toAttribute}. */
    public static Optional<SpfResult> read(Mail mail, AttributeName name) {
        return mail.getAttribute(name)
                .map(Attribute::getValue)
                .map(AttributeValue::value)
                .filter(Map.class::isInstance)
                .flatMap(value -> fromFields((Map<?, ?>) value));
    }

    private static Optional<SpfResult> fromFields(Map<?, ?> fields) {
        try {
            SpfResult.Builder builder = SpfResult.builder(
                    SpfResultCode.fromKeyword(string(fields, "result")),
                    SpfIdentity.valueOf(string(fields, "identity")),
                    string(fields, "domain"),
                    string(fields, "sender"));
            optionalString(fields, "mechanism").ifPresent(builder::mechanism);
            optionalString(fields, "explanation").ifPresent(builder::explanation);
            optionalString(fields, "problem").ifPresent(builder::problem);
            builder.dnsLookups(integer(fields, "dnsLookups"));
            builder.voidLookups(integer(fields, "voidLookups"));
            return Optional.of(builder.build());
        } catch (IllegalArgumentException | NullPointerException | ClassCastException e) {
            return Optional.empty();
        }
    }

    private static String string(Map<?, ?> fields, String key) {
        return optionalString(fields, key).orElseThrow(() -> new IllegalArgumentException("missing " + key));
    }

    private static Optional<String> optionalString(Map<?, ?> fields, String key) {
        return Optional.ofNullable(fields.get(key)).map(value -> (String) ((AttributeValue<?>) value).value());
    }

    private static int integer(Map<?, ?> fields, String key) {
        return (Integer) ((AttributeValue<?>) fields.get(key)).value();
    }
}
