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
import org.mailpolicy.arc.ArcHop;
import org.mailpolicy.arc.ArcResult;
import org.mailpolicy.authres.MethodResult;
import org.mailpolicy.dmarc.ArcChainInput;
import org.mailpolicy.authres.MethodResults;
import org.mailpolicy.arc.ArcVerification;

/**
 * The ARC verdict of one message as it travels on a {@link Mail}: the attribute {@code mailpolicy.arc},
 * a map with {@code result} ({@code none|pass|fail}), {@code reason}, {@code instances},
 * {@code oldestPass}, {@code temporary} and {@code hops}, a list with one map per ARC set, instance 1
 * first ({@code instance}, {@code domain}, {@code selector}, {@code algorithm}, {@code cv},
 * {@code sealVerified}, {@code messageSignatureVerified}, {@code authenticationResults}). Only strings,
 * integers and booleans, so it survives James's distributed queue.
 */
public final class ArcVerdict {

    public static final AttributeName NAME = AttributeName.of("mailpolicy.arc");

    private final ArcResult result;
    private final String reason;
    private final int instances;
    private final int oldestPass;
    private final boolean temporary;
    private final List<Hop> hops;

    private ArcVerdict(ArcResult result, String reason, int instances, int oldestPass, boolean temporary, List<Hop> hops) {
        this.result = Objects.requireNonNull(result);
        this.reason = Objects.requireNonNull(reason);
        this.instances = instances;
        this.oldestPass = oldestPass;
        this.temporary = temporary;
        this.hops = List.copyOf(hops);
    }

    public static ArcVerdict of(ArcVerification verification) {
        return new ArcVerdict(verification.result(), verification.reason(), verification.instances(), verification.oldestPass(),
                verification.temporary(), verification.hops().stream().map(Hop::of).collect(Collectors.toList()));
    }

    /** A chain that could not be verified in time: {@code fail}, temporary, with the reason. */
    public static ArcVerdict unfinished(String reason) {
        return new ArcVerdict(ArcResult.FAIL, reason, 0, 0, true, List.of());
    }

    public ArcResult result() {
        return result;
    }

    /** Why the chain failed; empty for pass and none. */
    public String reason() {
        return reason;
    }

    /** The number of ARC sets (the highest instance), 0 without any. */
    public int instances() {
        return instances;
    }

    /** RFC 8617 §5.2 step 6; 0 unless the chain passed. */
    public int oldestPass() {
        return oldestPass;
    }

    /** The failure comes from DNS trouble or a timeout. */
    public boolean temporary() {
        return temporary;
    }

    /** The ARC sets, instance 1 first. */
    public List<Hop> hops() {
        return hops;
    }

    /** The hop that sealed last, the one that handed the message on to us. */
    public Optional<Hop> newestHop() {
        return hops.isEmpty() ? Optional.empty() : Optional.of(hops.get(hops.size() - 1));
    }

    /** What DMARC's trusted-sealer override reads (RFC 8617 §7.2): the chain status and the sealers whose seal verified. */
    public ArcChainInput toChainInput() {
        ArcChainInput.ChainValidation validation = result == ArcResult.PASS ? ArcChainInput.ChainValidation.PASS
                : result == ArcResult.FAIL ? ArcChainInput.ChainValidation.FAIL : ArcChainInput.ChainValidation.NONE;
        return ArcChainInput.of(validation, hops.stream().filter(Hop::sealVerified).map(Hop::domain).collect(Collectors.toList()));
    }

    /** The {@code arc=} entry of Authentication-Results (RFC 8617 §10.1). */
    public MethodResult toMethodResult() {
        return MethodResults.arc(result, reason, oldestPass);
    }

    public Attribute toAttribute() {
        Map<String, AttributeValue<?>> fields = new LinkedHashMap<>();
        fields.put("result", AttributeValue.of(result.word()));
        fields.put("reason", AttributeValue.of(reason));
        fields.put("instances", AttributeValue.of(instances));
        fields.put("oldestPass", AttributeValue.of(oldestPass));
        fields.put("temporary", AttributeValue.of(temporary));
        List<AttributeValue<?>> list = new ArrayList<>();
        for (Hop hop : hops) {
            list.add(AttributeValue.of(hop.toFields()));
        }
        fields.put("hops", AttributeValue.of(list));
        return new Attribute(NAME, AttributeValue.of(fields));
    }

    /** Reads the verdict back; empty when absent or not written by {@link #toAttribute}. */
    public static Optional<ArcVerdict> read(Mail mail) {
        return mail.getAttribute(NAME)
                .map(Attribute::getValue)
                .map(AttributeValue::value)
                .filter(Map.class::isInstance)
                .flatMap(value -> fromFields((Map<?, ?>) value));
    }

    private static Optional<ArcVerdict> fromFields(Map<?, ?> fields) {
        try {
            List<Hop> hops = new ArrayList<>();
            for (Object hop : (List<?>) value(fields, "hops")) {
                hops.add(Hop.fromFields((Map<?, ?>) ((AttributeValue<?>) hop).value()));
            }
            return Optional.of(new ArcVerdict(result((String) value(fields, "result")), (String) value(fields, "reason"),
                    (Integer) value(fields, "instances"), (Integer) value(fields, "oldestPass"), (Boolean) value(fields, "temporary"), hops));
        } catch (IllegalArgumentException | NullPointerException | ClassCastException e) {
            return Optional.empty();
        }
    }

    private static ArcResult result(String word) {
        return ArcResult.valueOf(word.toUpperCase(Locale.ROOT));
    }

    private static Object value(Map<?, ?> fields, String key) {
        return Objects.requireNonNull((AttributeValue<?>) fields.get(key), key).value();
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ArcVerdict)) {
            return false;
        }
        ArcVerdict v = (ArcVerdict) o;
        return result == v.result && reason.equals(v.reason) && instances == v.instances && oldestPass == v.oldestPass
                && temporary == v.temporary && hops.equals(v.hops);
    }

    @Override
    public int hashCode() {
        return Objects.hash(result, reason, instances, oldestPass, temporary, hops);
    }

    @Override
    public String toString() {
        return "arc=" + result.word() + (reason.isEmpty() ? "" : " (" + reason + ")") + " " + hops;
    }

    /** One ARC set: who sealed it and what it recorded. */
    public static final class Hop {
        private final int instance;
        private final String domain;
        private final String selector;
        private final String algorithm;
        private final String chainValidation;
        private final boolean sealVerified;
        private final boolean messageSignatureVerified;
        private final String authenticationResults;

        private Hop(int instance, String domain, String selector, String algorithm, String chainValidation,
                    boolean sealVerified, boolean messageSignatureVerified, String authenticationResults) {
            this.instance = instance;
            this.domain = Objects.requireNonNull(domain);
            this.selector = Objects.requireNonNull(selector);
            this.algorithm = Objects.requireNonNull(algorithm);
            this.chainValidation = Objects.requireNonNull(chainValidation);
            this.sealVerified = sealVerified;
            this.messageSignatureVerified = messageSignatureVerified;
            this.authenticationResults = Objects.requireNonNull(authenticationResults);
        }

        static Hop of(ArcHop hop) {
            return new Hop(hop.instance(), hop.sealerDomain(), hop.selector(), hop.algorithm(),
                    hop.recordedChainValidation() == null ? "" : hop.recordedChainValidation().word(),
                    hop.sealVerified(), hop.messageSignatureVerified(), hop.authenticationResults());
        }

        public int instance() {
            return instance;
        }

        /** The sealer's d=. */
        public String domain() {
            return domain;
        }

        public String selector() {
            return selector;
        }

        public String algorithm() {
            return algorithm;
        }

        /** The cv= this sealer recorded ({@code none|pass|fail}), empty when unreadable. */
        public String chainValidation() {
            return chainValidation;
        }

        public boolean sealVerified() {
            return sealVerified;
        }

        public boolean messageSignatureVerified() {
            return messageSignatureVerified;
        }

        /** The sealer's ARC-Authentication-Results payload: its authserv-id and results. */
        public String authenticationResults() {
            return authenticationResults;
        }

        private Map<String, AttributeValue<?>> toFields() {
            Map<String, AttributeValue<?>> fields = new LinkedHashMap<>();
            fields.put("instance", AttributeValue.of(instance));
            fields.put("domain", AttributeValue.of(domain));
            fields.put("selector", AttributeValue.of(selector));
            fields.put("algorithm", AttributeValue.of(algorithm));
            fields.put("cv", AttributeValue.of(chainValidation));
            fields.put("sealVerified", AttributeValue.of(sealVerified));
            fields.put("messageSignatureVerified", AttributeValue.of(messageSignatureVerified));
            fields.put("authenticationResults", AttributeValue.of(authenticationResults));
            return fields;
        }

        private static Hop fromFields(Map<?, ?> fields) {
            return new Hop((Integer) value(fields, "instance"), (String) value(fields, "domain"), (String) value(fields, "selector"),
                    (String) value(fields, "algorithm"), (String) value(fields, "cv"), (Boolean) value(fields, "sealVerified"),
                    (Boolean) value(fields, "messageSignatureVerified"), (String) value(fields, "authenticationResults"));
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof Hop)) {
                return false;
            }
            Hop h = (Hop) o;
            return instance == h.instance && domain.equals(h.domain) && selector.equals(h.selector) && algorithm.equals(h.algorithm)
                    && chainValidation.equals(h.chainValidation) && sealVerified == h.sealVerified
                    && messageSignatureVerified == h.messageSignatureVerified && authenticationResults.equals(h.authenticationResults);
        }

        @Override
        public int hashCode() {
            return Objects.hash(instance, domain, selector, algorithm, chainValidation, sealVerified, messageSignatureVerified, authenticationResults);
        }

        @Override
        public String toString() {
            return "i=" + instance + " d=" + domain + " s=" + selector + " cv=" + chainValidation;
        }
    }
}
