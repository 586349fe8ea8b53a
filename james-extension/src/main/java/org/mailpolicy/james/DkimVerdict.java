package org.mailpolicy.james;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.mailpolicy.authres.MethodResult;
import org.mailpolicy.authres.MethodResults;
import org.mailpolicy.dkim.DkimResult;
import org.mailpolicy.dkim.DkimSignatureResult;
import org.mailpolicy.dkim.DkimVerification;

/**
 * The DKIM verdict of one message as it travels on a {@link Mail}: the verifier's
 * {@link DkimSignatureResult}s as the attribute {@code mailpolicy.dkim}, a list with one map per
 * DKIM-Signature field in header order ({@code result}, {@code domain}, {@code identity},
 * {@code selector}, {@code algorithm}, {@code keyBits}, {@code bPrefix}, {@code reason},
 * {@code testing}, and {@code unsignedBodyLength} when {@code l=} left part of the body unsigned;
 * absent tags are empty strings). An empty list is an unsigned message. Only strings, numbers and
 * booleans, so it survives James's distributed queue; reading it back gives equal results.
 */
public final class DkimVerdict {

    public static final AttributeName NAME = AttributeName.of("mailpolicy.dkim");

    private final List<DkimSignatureResult> signatures;

    private DkimVerdict(List<DkimSignatureResult> signatures) {
        this.signatures = List.copyOf(signatures);
    }

    public static DkimVerdict of(DkimVerification verification) {
        return new DkimVerdict(verification.signatures());
    }

    /** A message whose signatures could not be verified in time: one {@code temperror} with the reason. */
    public static DkimVerdict unfinished(String reason) {
        return new DkimVerdict(List.of(DkimSignatureResult.builder(DkimResult.TEMPERROR).reason(reason).build()));
    }

    /** One result per DKIM-Signature field, in header order; empty for an unsigned message. */
    public List<DkimSignatureResult> signatures() {
        return signatures;
    }

    /** RFC 8601 §2.7.1: an unsigned message has the DKIM result {@code none}. */
    public boolean isSigned() {
        return !signatures.isEmpty();
    }

    /** RFC 8601 §2.7.1: one {@code dkim=} result per signature, {@code dkim=none} for an unsigned message. */
    public List<MethodResult> methodResults() {
        if (!isSigned()) {
            return List.of(MethodResults.dkimNone());
        }
        List<MethodResult> results = new ArrayList<>();
        for (DkimSignatureResult signature : signatures) {
            results.add(MethodResults.dkim(signature));
        }
        return results;
    }

    public Attribute toAttribute() {
        List<AttributeValue<?>> list = new ArrayList<>();
        for (DkimSignatureResult signature : signatures) {
            list.add(AttributeValue.of(toFields(signature)));
        }
        return new Attribute(NAME, AttributeValue.of(list));
    }

    /** Reads the verdict back; empty when absent or not written by {@link #toAttribute}. */
    public static Optional<DkimVerdict> read(Mail mail) {
        return mail.getAttribute(NAME)
                .map(Attribute::getValue)
                .map(AttributeValue::value)
                .filter(List.class::isInstance)
                .flatMap(value -> fromList((List<?>) value));
    }

    private static Optional<DkimVerdict> fromList(List<?> values) {
        try {
            List<DkimSignatureResult> signatures = new ArrayList<>();
            for (Object value : values) {
                signatures.add(fromFields((Map<?, ?>) ((AttributeValue<?>) value).value()));
            }
            return Optional.of(new DkimVerdict(signatures));
        } catch (IllegalArgumentException | NullPointerException | ClassCastException e) {
            return Optional.empty();
        }
    }

    private static Map<String, AttributeValue<?>> toFields(DkimSignatureResult signature) {
        Map<String, AttributeValue<?>> fields = new LinkedHashMap<>();
        fields.put("result", AttributeValue.of(signature.result().word()));
        fields.put("domain", AttributeValue.of(signature.domain().orElse("")));
        fields.put("identity", AttributeValue.of(signature.identity().orElse("")));
        fields.put("selector", AttributeValue.of(signature.selector().orElse("")));
        fields.put("algorithm", AttributeValue.of(signature.algorithm().orElse("")));
        fields.put("keyBits", AttributeValue.of(signature.keyBits()));
        fields.put("bPrefix", AttributeValue.of(signature.bPrefix()));
        fields.put("reason", AttributeValue.of(signature.reason()));
        fields.put("testing", AttributeValue.of(signature.testing()));
        if (signature.unsignedBodyLength() > 0) {
            fields.put("unsignedBodyLength", AttributeValue.of(signature.unsignedBodyLength()));
        }
        return fields;
    }

    private static DkimSignatureResult fromFields(Map<?, ?> fields) {
        DkimSignatureResult.Builder builder = DkimSignatureResult.builder(DkimResult.valueOf(string(fields, "result").toUpperCase(Locale.ROOT)))
                .domain(string(fields, "domain"))
                .identity(string(fields, "identity"))
                .selector(string(fields, "selector"))
                .algorithm(string(fields, "algorithm"))
                .keyBits((Integer) value(fields, "keyBits"))
                .bPrefix(string(fields, "bPrefix"))
                .reason(string(fields, "reason"))
                .testing((Boolean) value(fields, "testing"));
        if (fields.containsKey("unsignedBodyLength")) {
            builder.unsignedBodyLength(((Number) value(fields, "unsignedBodyLength")).longValue());
        }
        return builder.build();
    }

    private static String string(Map<?, ?> fields, String key) {
        return (String) value(fields, key);
    }

    private static Object value(Map<?, ?> fields, String key) {
        return Objects.requireNonNull((AttributeValue<?>) fields.get(key), key).value();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DkimVerdict && ((DkimVerdict) o).signatures.equals(signatures);
    }

    @Override
    public int hashCode() {
        return signatures.hashCode();
    }

    @Override
    public String toString() {
        return signatures.isEmpty() ? DkimResult.NONE.word() : signatures.toString();
    }
}
