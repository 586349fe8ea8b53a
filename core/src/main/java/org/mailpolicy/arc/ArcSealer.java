package org.mailpolicy.arc;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.mailpolicy.dkim.Canonicalization;
import org.mailpolicy.dkim.DkimPrimitives;
import org.mailpolicy.dkim.DkimPrivateKey;
import org.mailpolicy.message.RawMessage;

/**
 * Adds the next ARC set to a message (RFC 8617 §5.1): an ARC-Authentication-Results carrying our
 * Authentication-Results, an ARC-Message-Signature (relaxed/relaxed) over the message, and an ARC-Seal
 * over the chain with the chain validation status the message arrived with as cv=. One signing domain
 * and one key (RSA or Ed25519). Thread-safe and immutable.
 *
 * <p>Tags are written in alphabetical order, as the ValiMail signing suite standardizes them, so that
 * the same inputs give the same fields as other implementations of that suite.
 */
public final class ArcSealer {

    /**
     * Folding with a space, not a tab: relaxed canonicalization reads both as one space, but dkimpy (used
     * by Mailman 3 and authheaders) finds the ARC-Message-Signature of an instance by the text " i=N;".
     */
    private static final String FOLD = "\r\n ";

    private final String domain;
    private final String selector;
    private final DkimPrivateKey key;
    private final List<String> signedHeaders;
    private final Clock clock;

    private ArcSealer(Builder b) {
        this.domain = b.domain;
        this.selector = b.selector;
        this.key = b.key;
        this.signedHeaders = b.signedHeaders;
        this.clock = b.clock;
    }

    /** A sealer for {@code domain} (the d= of both signatures). */
    public static Builder builder(String domain) {
        return new Builder(domain);
    }

    /**
     * Seals {@code message} after verifying its chain with {@code verifier}; the future never completes
     * exceptionally for bad input or DNS trouble.
     */
    public CompletableFuture<ArcSeal> seal(byte[] message, String authenticationResults, ArcVerifier verifier) {
        RawMessage raw = RawMessage.parse(message);
        return verifier.verify(raw).thenApply(chain -> seal(raw, authenticationResults, chain.result()));
    }

    /**
     * Seals {@code message}, whose chain was found {@code chainValidation} on arrival (reusing that
     * verdict: RFC 8617 §5.1 seals the status the message arrived with). {@code authenticationResults}
     * is an Authentication-Results field body: our authserv-id and results, for example
     * {@code mx.example.org; spf=pass smtp.mailfrom=example.com}.
     */
    public ArcSeal seal(byte[] message, String authenticationResults, ArcResult chainValidation) {
        return seal(RawMessage.parse(message), authenticationResults, chainValidation);
    }

    /**
     * The results of every Authentication-Results field of {@code authservId} in {@code message}, top to
     * bottom, as one field body for {@link #seal}: what a sealer vouches for is what its own ADMD found.
     */
    public static String authenticationResultsOf(byte[] message, String authservId) {
        return AuthenticationResultsText.consolidate(RawMessage.parse(message), authservId);
    }

    private ArcSeal seal(RawMessage message, String authenticationResults, ArcResult cv) {
        ArcChain existing = ArcChain.collect(message);
        // RFC 8617 §5.1 step 1: a chain already sealed as failed gets no further set.
        for (ArcSet set : existing.sets) {
            if (set.instance == existing.highestInstance && set.seal.chainValidation == ArcResult.FAIL) {
                return ArcSeal.notSealed(cv, "the newest ARC-Seal (i=" + set.instance + ") records cv=fail");
            }
        }
        int instance = existing.highestInstance + 1;
        // RFC 8617 §4.2.1: no instance above 50.
        if (instance > ArcVerifier.MAX_INSTANCE) {
            return ArcSeal.notSealed(cv, "the chain already has " + ArcVerifier.MAX_INSTANCE + " ARC sets");
        }
        long now = clock.instant().getEpochSecond();

        // RFC 8617 §4.1.1: i=, then the Authentication-Results payload.
        String aar = ArcAuthenticationResultsHeader.NAME + ": i=" + instance + ";" + FOLD
                + AuthenticationResultsText.normalize(authenticationResults).replace("; ", ";" + FOLD);

        // RFC 8617 §4.1.2: a DKIM signature over the message as it will be, new ARC-Authentication-Results included.
        RawMessage withAar = RawMessage.parse(prepend(aar + "\r\n", message.bytes()));
        List<String> names = signedHeaders != null ? signedHeaders : defaultSignedHeaders(message);
        String bodyHash = Base64.getEncoder().encodeToString(DkimPrimitives.bodyHash(message, Canonicalization.RELAXED, key.algorithm()));
        StringBuilder amsHead = new StringBuilder(ArcMessageSignatureHeader.NAME).append(": a=").append(key.algorithm().tagValue())
                .append(";").append(FOLD).append("b=");
        StringBuilder amsTail = new StringBuilder(";").append(FOLD).append("bh=").append(bodyHash)
                .append("; c=relaxed/relaxed;").append(FOLD).append("d=").append(domain).append("; h=");
        amsTail.append(String.join(":", names).toLowerCase(Locale.ROOT));
        amsTail.append(";").append(FOLD).append("i=").append(instance).append("; s=").append(selector).append("; t=").append(now);
        byte[] amsData = DkimPrimitives.signedData(withAar, names, Canonicalization.RELAXED, ArcSeal.bytes(amsHead + amsTail.toString()));
        String ams = signed(amsHead, amsData, amsTail);

        // RFC 8617 §4.1.3 and §5.1.1: the seal over every set up to ours; §5.1.2: over ours alone when the chain failed.
        List<byte[]> sealed = new ArrayList<>();
        if (cv != ArcResult.FAIL) {
            for (ArcSet set : existing.sets) {
                sealed.add(set.authenticationResultsField.rawWithoutCrlf());
                sealed.add(set.messageSignatureField.rawWithoutCrlf());
                sealed.add(set.sealField.rawWithoutCrlf());
            }
        }
        sealed.add(ArcSeal.bytes(aar));
        sealed.add(ArcSeal.bytes(ams));
        StringBuilder sealHead = new StringBuilder(ArcSealHeader.NAME).append(": a=").append(key.algorithm().tagValue())
                .append(";").append(FOLD).append("b=");
        StringBuilder sealTail = new StringBuilder(";").append(FOLD).append("cv=").append(cv.word()).append("; d=").append(domain)
                .append("; i=").append(instance).append("; s=").append(selector).append("; t=").append(now);
        String seal = signed(sealHead, SealInput.build(sealed, ArcSeal.bytes(sealHead + sealTail.toString())), sealTail);
        return ArcSeal.sealed(instance, cv, aar, ams, seal);
    }

    /**
     * The field with the signature of {@code data} as its b= value, between head and tail. Values are
     * never folded inside: relaxed canonicalization would turn the fold into a space that the seal
     * then covers, and the fields would no longer match other sealers' given the same input.
     */
    private String signed(StringBuilder head, byte[] data, StringBuilder tail) {
        StringBuilder field = new StringBuilder(head);
        return field.append(Base64.getEncoder().encodeToString(DkimPrimitives.sign(key, data))).append(tail).toString();
    }

    /**
     * What DKIM signing covers (RFC 6376 §5.4.1, the key fields over-signed), plus the DKIM-Signature
     * fields present, which RFC 8617 §4.1.2 suggests the ARC-Message-Signature include.
     */
    private static List<String> defaultSignedHeaders(RawMessage message) {
        List<String> names = new ArrayList<>(DkimPrimitives.defaultSignedHeaders(message));
        for (int i = message.headers("DKIM-Signature").size(); i > 0; i--) {
            names.add("DKIM-Signature");
        }
        return names;
    }

    static byte[] prepend(String head, byte[] message) {
        byte[] prefix = head.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[prefix.length + message.length];
        System.arraycopy(prefix, 0, out, 0, prefix.length);
        System.arraycopy(message, 0, out, prefix.length, message.length);
        return out;
    }

    public static final class Builder {
        private final String domain;
        private String selector;
        private DkimPrivateKey key;
        private List<String> signedHeaders;
        private Clock clock = Clock.systemUTC();

        private Builder(String domain) {
            if (domain == null || !DkimPrimitives.isDomainName(domain)) {
                throw new IllegalArgumentException("sealing domain must be a domain name, got '" + domain + "'");
            }
            this.domain = domain.toLowerCase(Locale.ROOT);
        }

        /** The key published at {@code selector._domainkey.<domain>}. */
        public Builder key(String selector, DkimPrivateKey key) {
            if (selector == null || !DkimPrimitives.isSelector(selector)) {
                throw new IllegalArgumentException("selector must be a DNS label sequence, got '" + selector + "'");
            }
            this.selector = selector;
            this.key = Objects.requireNonNull(key, "key");
            return this;
        }

        /**
         * The h= of the ARC-Message-Signature, in order. Default: the fields DKIM signing covers plus
         * any DKIM-Signature. ARC-Seal may not be named (RFC 8617 §4.1.2).
         */
        public Builder signedHeaders(List<String> names) {
            for (String name : names) {
                if (name.isBlank() || name.contains(":") || name.equalsIgnoreCase(ArcSealHeader.NAME)) {
                    throw new IllegalArgumentException("not a header field name the ARC-Message-Signature may sign: '" + name + "'");
                }
            }
            this.signedHeaders = List.copyOf(names);
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock);
            return this;
        }

        public ArcSealer build() {
            if (key == null) {
                throw new IllegalArgumentException("an ARC sealer for " + domain + " needs a key");
            }
            return new ArcSealer(this);
        }
    }
}
