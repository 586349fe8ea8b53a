package org.mailpolicy.dkim;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import org.mailpolicy.dns.DnsAnswer;
import org.mailpolicy.dns.Resolver;
import org.mailpolicy.message.HeaderField;
import org.mailpolicy.message.RawMessage;

/**
 * Verifies the DKIM signatures of a message: RFC 6376 with RFC 8301 (no rsa-sha1, RSA keys of
 * at least 1024 bits) and RFC 8463 (ed25519-sha256). Thread-safe; one instance serves all messages.
 *
 * <p>Local policy, answered as {@link DkimResult#POLICY} because the signature may well be intact but
 * is not acceptable here: rsa-sha1 (unless allowed), l= (unless honoured: RFC 6376 §8.2 lets anyone
 * append content) and RSA keys over 8192 bits.
 * Key records are not cached here: caching is the {@link Resolver}'s job.
 */
public final class DkimVerifier {

    static final String SIGNATURE_FIELD = "DKIM-Signature";
    private static final int MIN_RSA_BITS = 1024;
    private static final int MAX_RSA_BITS = 8192;
    // RFC 6376 §3.1: selector = sub-domain *( "." sub-domain ); "_" is tolerated as deployed selectors use it.
    static final Pattern SELECTOR = Pattern.compile("[A-Za-z0-9_](?:[A-Za-z0-9_-]*[A-Za-z0-9_])?(?:\\.[A-Za-z0-9_](?:[A-Za-z0-9_-]*[A-Za-z0-9_])?)*");

    private final Resolver resolver;
    private final DkimVerifierOptions options;

    public DkimVerifier(Resolver resolver, DkimVerifierOptions options) {
        this.resolver = Objects.requireNonNull(resolver, "resolver");
        this.options = Objects.requireNonNull(options, "options");
    }

    /** Verifies every DKIM-Signature of {@code message}; the future never completes exceptionally. */
    public CompletableFuture<DkimVerification> verify(byte[] message) {
        try {
            // The message is read only within this call (the futures keep digests and header data, not
            // the message), so it is parsed where it lies rather than copied.
            return verifyMessage(RawMessage.parseInPlace(message))
                    .exceptionally(e -> internalError(e));
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(internalError(e));
        }
    }

    private static DkimVerification internalError(Throwable e) {
        DkimSignature none = DkimSignature.parse("");
        return new DkimVerification(List.of(new DkimSignatureResult(DkimResult.TEMPERROR, none, 0, "verifier error: " + e, false, 0)));
    }

    private CompletableFuture<DkimVerification> verifyMessage(RawMessage message) {
        List<HeaderField> fields = message.headers(SIGNATURE_FIELD);
        List<CompletableFuture<DkimSignatureResult>> results = new ArrayList<>();
        Map<String, BodyHash> bodyHashes = new HashMap<>();
        for (int n = 0; n < fields.size(); n++) {
            HeaderField field = fields.get(n);
            String value = field.value();
            DkimSignature sig = DkimSignature.parse(value);
            if (n >= options.maxSignatures()) {
                results.add(done(DkimResult.NEUTRAL, sig, "not checked: more than " + options.maxSignatures() + " signatures"));
            } else {
                results.add(verifyOne(message, field, value, sig, bodyHashes));
            }
        }
        return CompletableFuture.allOf(results.toArray(new CompletableFuture<?>[0]))
                .thenApply(ignored -> {
                    List<DkimSignatureResult> list = new ArrayList<>();
                    results.forEach(r -> list.add(r.join()));
                    return new DkimVerification(list);
                });
    }

    private CompletableFuture<DkimSignatureResult> verifyOne(RawMessage message, HeaderField field, String value, DkimSignature sig, Map<String, BodyHash> bodyHashes) {
        if (sig.error().isPresent()) {
            return done(DkimResult.PERMERROR, sig, sig.error().get());
        }
        if (sig.algorithm == DkimAlgorithm.RSA_SHA1 && !options.allowRsaSha1()) {
            return done(DkimResult.POLICY, sig, "rsa-sha1 not accepted (RFC 8301 §3.1)");
        }
        if (sig.length >= 0 && !options.honourLengthTag()) {
            return done(DkimResult.POLICY, sig, "l= not accepted (RFC 6376 §8.2)");
        }
        // RFC 6376 §6.1.1: a signature past x= is not valid; the skew absorbs clock differences.
        long now = options.clock().instant().getEpochSecond();
        if (sig.expiration >= 0 && now > sig.expiration + options.clockSkew().getSeconds()) {
            return done(DkimResult.PERMERROR, sig, "signature expired (x=" + sig.expiration + ")");
        }
        if (!SELECTOR.matcher(sig.selector).matches()) {
            return done(DkimResult.PERMERROR, sig, "malformed tag s=" + sig.selector);
        }
        Optional<byte[]> ownField = HeaderHashInput.withoutSignatureValue(field, value, sig.signatureTag);
        if (ownField.isEmpty()) {
            return done(DkimResult.PERMERROR, sig, "malformed tag b=");
        }
        BodyHash bodyHash = bodyHashes.computeIfAbsent(
                sig.bodyCanonicalization + "/" + sig.algorithm.digestName() + "/" + sig.length,
                k -> BodyHash.of(message, sig.bodyCanonicalization, sig.algorithm.digestName(), sig.length));
        byte[] headerData = HeaderHashInput.build(message, sig.signedHeaders, sig.headerCanonicalization, ownField.get());
        // RFC 6376 §3.6.2.1: the key is the TXT record at <selector>._domainkey.<domain>.
        String keyName = sig.selector + "._domainkey." + sig.domain;
        return resolver.txt(keyName)
                .thenApply(answer -> checkWithKey(sig, keyName, answer, bodyHash, headerData))
                .exceptionally(e -> new DkimSignatureResult(DkimResult.TEMPERROR, sig, 0, "key lookup for " + keyName + " failed: " + e, false, 0));
    }

    private DkimSignatureResult checkWithKey(DkimSignature sig, String keyName, DnsAnswer<String> answer, BodyHash bodyHash, byte[] headerData) {
        switch (answer.status()) {
            case TEMPFAIL:
                return new DkimSignatureResult(DkimResult.TEMPERROR, sig, 0, "key lookup for " + keyName + ": " + answer.reason(), false, 0);
            case NXDOMAIN:
            case NODATA:
                // RFC 6376 §6.1.2: no key record is a PERMFAIL (no key for signature).
                return new DkimSignatureResult(DkimResult.PERMERROR, sig, 0, "no key record at " + keyName, false, 0);
            default:
                break;
        }
        DkimKeyRecord key = null;
        for (String text : answer.records()) {
            DkimKeyRecord candidate = DkimKeyRecord.parse(text);
            if (key == null || (key.error != null && candidate.error == null)) {
                key = candidate;
            }
        }
        if (key.error != null) {
            return new DkimSignatureResult(DkimResult.PERMERROR, sig, 0, key.error + " at " + keyName, false, 0);
        }
        return checkKey(sig, key, bodyHash, headerData);
    }

    private DkimSignatureResult checkKey(DkimSignature sig, DkimKeyRecord key, BodyHash bodyHash, byte[] headerData) {
        boolean testing = key.testing;
        if (key.isRevoked()) {
            // RFC 6376 §3.6.1: an empty p= means the key was revoked.
            return new DkimSignatureResult(DkimResult.PERMERROR, sig, 0, "key revoked (empty p=)", testing, 0);
        }
        if (!key.keyType.equals(sig.algorithm.keyType())) {
            return new DkimSignatureResult(DkimResult.PERMERROR, sig, 0, "key record k=" + key.keyType + " does not match a=" + sig.algorithmName, testing, 0);
        }
        // RFC 6376 §3.6.1 h=: a hash the key does not list makes the key unusable.
        if (!key.hashAlgorithms.isEmpty() && !key.hashAlgorithms.contains(sig.algorithm.hashName())) {
            return new DkimSignatureResult(DkimResult.PERMERROR, sig, 0, "key record h=" + String.join(":", key.hashAlgorithms) + " does not allow " + sig.algorithm.hashName(), testing, 0);
        }
        // RFC 6376 §3.6.1 t=s: the i= domain must be d= itself, not a subdomain.
        if (key.strict && !sig.identityDomain().equals(sig.domain)) {
            return new DkimSignatureResult(DkimResult.PERMERROR, sig, 0, "key record t=s forbids i= in a subdomain of d=", testing, 0);
        }
        int bits;
        RSAPublicKey rsaKey = null;
        if (sig.algorithm.keyType().equals("rsa")) {
            Optional<RSAPublicKey> parsed = key.rsaPublicKey();
            if (parsed.isEmpty()) {
                return new DkimSignatureResult(DkimResult.PERMERROR, sig, 0, "malformed key record tag p=: not an RSA public key", testing, 0);
            }
            rsaKey = parsed.get();
            bits = rsaKey.getModulus().bitLength();
            if (bits < MIN_RSA_BITS) {
                return new DkimSignatureResult(DkimResult.PERMERROR, sig, bits, "RSA key of " + bits + " bits is under " + MIN_RSA_BITS + " (RFC 8301 §3.2)", testing, 0);
            }
            if (bits > MAX_RSA_BITS) {
                return new DkimSignatureResult(DkimResult.POLICY, sig, bits, "RSA key of " + bits + " bits is over " + MAX_RSA_BITS, testing, 0);
            }
        } else {
            if (key.publicKey.length != 32) {
                return new DkimSignatureResult(DkimResult.PERMERROR, sig, 0, "malformed key record tag p=: Ed25519 key must be 32 bytes (RFC 8463 §4)", testing, 0);
            }
            bits = PublicKeys.ED25519_KEY_BITS;
        }
        long unsigned = 0;
        if (sig.length >= 0) {
            if (sig.length > bodyHash.canonicalLength) {
                return new DkimSignatureResult(DkimResult.PERMERROR, sig, bits, "l=" + sig.length + " exceeds the canonical body length " + bodyHash.canonicalLength, testing, 0);
            }
            unsigned = bodyHash.canonicalLength - sig.length;
        }
        // RFC 6376 §6.1.3: body hash first, then the signature over the header data.
        if (!MessageDigest.isEqual(bodyHash.digest, sig.bodyHash)) {
            return new DkimSignatureResult(DkimResult.FAIL, sig, bits, "body hash did not verify", testing, unsigned);
        }
        boolean valid = rsaKey != null
                ? PublicKeys.verifyRsa(rsaKey, sig.algorithm, headerData, sig.signature)
                : PublicKeys.verifyEd25519(key.publicKey, sha256(headerData), sig.signature);
        if (!valid) {
            return new DkimSignatureResult(DkimResult.FAIL, sig, bits, "signature did not verify", testing, unsigned);
        }
        String detail = unsigned > 0 ? unsigned + " body bytes not signed (l=)" : "";
        return new DkimSignatureResult(DkimResult.PASS, sig, bits, detail, testing, unsigned);
    }

    private static CompletableFuture<DkimSignatureResult> done(DkimResult result, DkimSignature sig, String reason) {
        return CompletableFuture.completedFuture(new DkimSignatureResult(result, sig, 0, reason, false, 0));
    }

    static byte[] sha256(byte[] data) {
        return digest("SHA-256").digest(data);
    }

    static MessageDigest digest(String name) {
        try {
            return MessageDigest.getInstance(name);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks " + name, e);
        }
    }

    /** A body hash with the canonical body length, shared by signatures with the same c=, hash and l=. */
    static final class BodyHash {
        final byte[] digest;
        final long canonicalLength;

        private BodyHash(byte[] digest, long canonicalLength) {
            this.digest = digest;
            this.canonicalLength = canonicalLength;
        }

        static BodyHash of(RawMessage message, Canonicalization canonicalization, String digestName, long limit) {
            BodyCanonicalizer canonicalizer = new BodyCanonicalizer(canonicalization, digest(digestName), limit);
            message.readBody(canonicalizer::update);
            byte[] digest = canonicalizer.finish();
            return new BodyHash(digest, canonicalizer.canonicalLength());
        }
    }
}
