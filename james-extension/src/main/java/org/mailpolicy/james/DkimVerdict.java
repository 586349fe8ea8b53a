package org.mailpolicy.james;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

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
 * The DKIM verdict of one message as it travels on a {@link Mail}: the attribute
 * {@code mailpolicy.dkim}, a list with one map per DKIM-Signature field in header order
 * ({@code result}, {@code domain}, {@code identity}, {@code selector}, {@code algorithm},
 * {@code keyBits}, {@code bPrefix}, {@code reason}, {@code testing}). An empty list is an
 * unsigned message. Only strings, integers and booleans, so it survives James's distributed queue.
 */
public final class DkimVerdict {

    public static final AttributeName NAME = AttributeName.of("mailpolicy.dkim");

    private final List<Signature> signatures;

    private DkimVerdict(List<Signature> signatures) {
        this.signatures = List.copyOf(signatures);
    }

    public static DkimVerdict of(DkimVerification verification) {
        return new DkimVerdict(verification.signatures().stream().map(Signature::of).collect(Collectors.toList()));
    }

    /** A message whose signatures could not be verified in time: one {@code temperror} with the reason. */
    public static DkimVerdict unfinished(String reason) {
        return new DkimVerdict(List.of(new Signature(DkimResult.TEMPERROR, "", "", "", "", 0, "", reason, false)));
    }

    /** One result per DKIM-Signature field, in header order; empty for an unsigned message. */
    public List<Signature> signatures() {
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
        for (Signature s : signatures) {
            results.add(MethodResults.dkim(s.result(), s.reason(), s.domain(), s.identity(), s.selector(), s.algorithm(), s.bPrefix()));
        }
        return results;
    }

    public Attribute toAttribute() {
        List<AttributeValue<?>> list = new ArrayList<>();
        for (Signature signature : signatures) {
            list.add(AttributeValue.of(signature.toFields()));
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
            List<Signature> signatures = new ArrayList<>();
            for (Object value : values) {
                signatures.add(Signature.fromFields((Map<?, ?>) ((AttributeValue<?>) value).value()));
            }
            return Optional.of(new DkimVerdict(signatures));
        } catch (IllegalArgumentException | NullPointerException | ClassCastException e) {
            return Optional.empty();
        }
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

    /** The verdict on one signature; tags the verifier could not read are empty strings. */
    public static final class Signature {
        private final DkimResult result;
        private final String domain;
        private final String identity;
        private final String selector;
        private final String algorithm;
        private final int keyBits;
        private final String bPrefix;
        private final String reason;
        private final boolean testing;

        private Signature(DkimResult result, String domain, String identity, String selector, String algorithm,
                          int keyBits, String bPrefix, String reason, boolean testing) {
            this.result = Objects.requireNonNull(result);
            this.domain = Objects.requireNonNull(domain);
            this.identity = Objects.requireNonNull(identity);
            this.selector = Objects.requireNonNull(selector);
            this.algorithm = Objects.requireNonNull(algorithm);
            this.keyBits = keyBits;
            this.bPrefix = Objects.requireNonNull(bPrefix);
            this.reason = Objects.requireNonNull(reason);
            this.testing = testing;
        }

        static Signature of(DkimSignatureResult r) {
            return new Signature(r.result(), r.domain().orElse(""), r.identity().orElse(""), r.selector().orElse(""),
                    r.algorithm().orElse(""), r.keyBits(), r.bPrefix(), r.reason(), r.testing());
        }

        public DkimResult result() {
            return result;
        }

        /** d=, in lower case. */
        public String domain() {
            return domain;
        }

        /** i= as written; empty when the signature has none. */
        public String identity() {
            return identity;
        }

        public String selector() {
            return selector;
        }

        /** a= as written. */
        public String algorithm() {
            return algorithm;
        }

        /** Size of the public key in bits (256 for Ed25519), 0 when no key was read. */
        public int keyBits() {
            return keyBits;
        }

        /** The first 8 characters of b= (RFC 6008). */
        public String bPrefix() {
            return bPrefix;
        }

        public String reason() {
            return reason;
        }

        /** The key record says t=y (RFC 6376 §3.6.1). */
        public boolean testing() {
            return testing;
        }

        private Map<String, AttributeValue<?>> toFields() {
            Map<String, AttributeValue<?>> fields = new LinkedHashMap<>();
            fields.put("result", AttributeValue.of(result.word()));
            fields.put("domain", AttributeValue.of(domain));
            fields.put("identity", AttributeValue.of(identity));
            fields.put("selector", AttributeValue.of(selector));
            fields.put("algorithm", AttributeValue.of(algorithm));
            fields.put("keyBits", AttributeValue.of(keyBits));
            fields.put("bPrefix", AttributeValue.of(bPrefix));
            fields.put("reason", AttributeValue.of(reason));
            fields.put("testing", AttributeValue.of(testing));
            return fields;
        }

        private static Signature fromFields(Map<?, ?> fields) {
            return new Signature(
                    DkimResult.valueOf(string(fields, "result").toUpperCase(Locale.ROOT)),
                    string(fields, "domain"), string(fields, "identity"), string(fields, "selector"),
                    string(fields, "algorithm"), (Integer) value(fields, "keyBits"), string(fields, "bPrefix"),
                    string(fields, "reason"), (Boolean) value(fields, "testing"));
        }

        private static String string(Map<?, ?> fields, String key) {
            return (String) value(fields, key);
        }

        private static Object value(Map<?, ?> fields, String key) {
            return Objects.requireNonNull((AttributeValue<?>) fields.get(key), key).value();
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof Signature)) {
                return false;
            }
            Signature s = (Signature) o;
            return result == s.result && domain.equals(s.domain) && identity.equals(s.identity)
                    && selector.equals(s.selector) && algorithm.equals(s.algorithm) && keyBits == s.keyBits
                    && bPrefix.equals(s.bPrefix) && reason.equals(s.reason) && testing == s.testing;
        }

        @Override
        public int hashCode() {
            return Objects.hash(result, domain, identity, selector, algorithm, keyBits, bPrefix, reason, testing);
        }

        @Override
        public String toString() {
            return result.word() + " d=" + domain + " s=" + selector + " a=" + algorithm
                    + (reason.isEmpty() ? "" : " (" + reason + ")");
        }
    }
}
