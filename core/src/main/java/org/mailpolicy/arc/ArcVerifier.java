package org.mailpolicy.arc;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.mailpolicy.dkim.DkimAlgorithm;
import org.mailpolicy.dkim.DkimPrimitives;
import org.mailpolicy.dns.DnsAnswer;
import org.mailpolicy.dns.Resolver;
import org.mailpolicy.message.RawMessage;

/**
 * Verifies the ARC chain of a message (RFC 8617 §5.2), RSA (rsa-sha256) and Ed25519 (ed25519-sha256,
 * RFC 8463) seals and signatures, with keys looked up through the {@link Resolver} at
 * {@code <s>._domainkey.<d>} as DKIM keys are. Never throws for bad input or DNS trouble: the answer
 * is then {@code fail} with a reason. Thread-safe; one instance serves all messages.
 */
public final class ArcVerifier {

    /** RFC 8617 §4.2.1: at most 50 ARC sets. */
    public static final int MAX_INSTANCE = 50;

    private final Resolver resolver;

    public ArcVerifier(Resolver resolver) {
        this.resolver = Objects.requireNonNull(resolver, "resolver");
    }

    /** Verifies the chain of {@code message}; the future never completes exceptionally. */
    public CompletableFuture<ArcVerification> verify(byte[] message) {
        try {
            return verify(RawMessage.parse(message));
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(internalError(e));
        }
    }

    /** As {@link #verify(byte[])}, for a message already parsed. */
    public CompletableFuture<ArcVerification> verify(RawMessage message) {
        try {
            return verifyChain(message, ArcChain.collect(message)).exceptionally(ArcVerifier::internalError);
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(internalError(e));
        }
    }

    private static ArcVerification internalError(Throwable e) {
        return new ArcVerification(ArcResult.FAIL, "verifier error: " + e, 0, List.of(), 0, true);
    }

    private CompletableFuture<ArcVerification> verifyChain(RawMessage message, ArcChain chain) {
        // RFC 8617 §5.2 step 1: no ARC sets, nothing to validate.
        if (chain.isEmpty()) {
            return CompletableFuture.completedFuture(ArcVerification.none());
        }
        List<ArcSet> sets = chain.sets;
        // §5.2 step 2: a set that is not exactly one of each field, or an instance out of sequence.
        if (chain.fault != null) {
            return done(fail(chain, chain.fault));
        }
        for (ArcSet set : sets) {
            if (set.seal.error != null) {
                return done(fail(chain, "ARC-Seal i=" + set.instance + ": " + set.seal.error));
            }
        }
        ArcSet newest = sets.get(sets.size() - 1);
        // §5.2 step 3: a chain that a sealer already found failed stays failed.
        if (newest.seal.chainValidation == ArcResult.FAIL) {
            return done(fail(chain, "ARC-Seal i=" + newest.instance + " records cv=fail"));
        }
        // §5.2 step 4 (and §4.1.3): the first seal says cv=none, every later one cv=pass.
        for (ArcSet set : sets) {
            ArcResult expected = set.instance == 1 ? ArcResult.NONE : ArcResult.PASS;
            if (set.seal.chainValidation != expected) {
                return done(fail(chain, "ARC-Seal i=" + set.instance + " has cv=" + set.seal.chainValidation + ", expected cv=" + expected));
            }
        }
        Map<String, CompletableFuture<DnsAnswer<String>>> keys = new HashMap<>();
        Map<String, byte[]> bodyHashes = new HashMap<>();
        // §5.2 step 5 first: when the newest ARC-Message-Signature fails, no other key needs looking up.
        return checkMessageSignature(message, newest, keys, bodyHashes).thenCompose(newestSignature -> {
            if (!newestSignature.verified) {
                return done(new ArcVerification(ArcResult.FAIL, "ARC-Message-Signature i=" + newest.instance + ": " + newestSignature.problem,
                        chain.highestInstance, hops(chain, null, null), 0, newestSignature.temporary));
            }
            List<CompletableFuture<SignatureCheck>> signatureChecks = new ArrayList<>();
            List<CompletableFuture<SignatureCheck>> sealChecks = new ArrayList<>();
            for (ArcSet set : sets) {
                signatureChecks.add(set == newest ? CompletableFuture.completedFuture(newestSignature) : checkMessageSignature(message, set, keys, bodyHashes));
                sealChecks.add(checkSeal(sets, set, keys));
            }
            List<CompletableFuture<SignatureCheck>> all = new ArrayList<>(signatureChecks);
            all.addAll(sealChecks);
            return CompletableFuture.allOf(all.toArray(new CompletableFuture<?>[0]))
                    .thenApply(ignored -> decide(chain, join(signatureChecks), join(sealChecks)));
        });
    }

    private static ArcVerification decide(ArcChain chain, List<SignatureCheck> signatures, List<SignatureCheck> seals) {
        List<ArcHop> hops = hops(chain, signatures, seals);
        int newest = chain.sets.size();
        // §5.2 step 6: oldest-pass, going back until an ARC-Message-Signature no longer verifies.
        int oldestPass = newest;
        while (oldestPass > 1 && signatures.get(oldestPass - 2).verified) {
            oldestPass--;
        }
        // §5.2 step 7: every ARC-Seal, newest first, must verify.
        for (int i = newest; i >= 1; i--) {
            SignatureCheck seal = seals.get(i - 1);
            if (!seal.verified) {
                return new ArcVerification(ArcResult.FAIL, "ARC-Seal i=" + i + ": " + seal.problem, chain.highestInstance, hops, 0, seal.temporary);
            }
        }
        return new ArcVerification(ArcResult.PASS, "", chain.highestInstance, hops, oldestPass, false);
    }

    private static List<ArcHop> hops(ArcChain chain, List<SignatureCheck> signatures, List<SignatureCheck> seals) {
        List<ArcHop> hops = new ArrayList<>();
        for (ArcSet set : chain.sets) {
            boolean sealVerified = seals != null && seals.get(set.instance - 1).verified;
            boolean signatureVerified = signatures != null && signatures.get(set.instance - 1).verified;
            hops.add(new ArcHop(set.instance, set.seal.domain, set.seal.selector, set.seal.algorithmName, set.seal.chainValidation,
                    set.authenticationResults.payload, sealVerified, signatureVerified));
        }
        return hops;
    }

    private static ArcVerification fail(ArcChain chain, String reason) {
        return new ArcVerification(ArcResult.FAIL, reason, chain.highestInstance, hops(chain, null, null), 0, false);
    }

    private CompletableFuture<SignatureCheck> checkMessageSignature(RawMessage message, ArcSet set,
                                                                    Map<String, CompletableFuture<DnsAnswer<String>>> keys,
                                                                    Map<String, byte[]> bodyHashes) {
        ArcMessageSignatureHeader ams = set.messageSignature;
        if (ams.error != null) {
            return CompletableFuture.completedFuture(SignatureCheck.failed(ams.error));
        }
        Optional<byte[]> own = DkimPrimitives.withoutSignatureValue(set.messageSignatureField);
        if (own.isEmpty()) {
            return CompletableFuture.completedFuture(SignatureCheck.failed("malformed tag b="));
        }
        // RFC 6376 §6.1.3 as RFC 8617 §5.2 step 5 applies it: the body hash first.
        byte[] bodyHash = bodyHashes.computeIfAbsent(ams.bodyCanonicalization + "/" + ams.algorithm.hashName(),
                k -> DkimPrimitives.bodyHash(message, ams.bodyCanonicalization, ams.algorithm));
        if (!MessageDigest.isEqual(bodyHash, ams.bodyHash)) {
            return CompletableFuture.completedFuture(SignatureCheck.failed("body hash did not verify"));
        }
        byte[] data = DkimPrimitives.signedData(message, ams.signedHeaders, ams.headerCanonicalization, own.get());
        return checkWithKey(keys, ams.domain, ams.selector, ams.algorithm, data, ams.signature);
    }

    private CompletableFuture<SignatureCheck> checkSeal(List<ArcSet> sets, ArcSet set, Map<String, CompletableFuture<DnsAnswer<String>>> keys) {
        Optional<byte[]> own = DkimPrimitives.withoutSignatureValue(set.sealField);
        if (own.isEmpty()) {
            return CompletableFuture.completedFuture(SignatureCheck.failed("malformed tag b="));
        }
        List<byte[]> fields = new ArrayList<>();
        for (ArcSet earlier : sets.subList(0, set.instance - 1)) {
            fields.add(earlier.authenticationResultsField.rawWithoutCrlf());
            fields.add(earlier.messageSignatureField.rawWithoutCrlf());
            fields.add(earlier.sealField.rawWithoutCrlf());
        }
        fields.add(set.authenticationResultsField.rawWithoutCrlf());
        fields.add(set.messageSignatureField.rawWithoutCrlf());
        byte[] data = SealInput.build(fields, own.get());
        return checkWithKey(keys, set.seal.domain, set.seal.selector, set.seal.algorithm, data, set.seal.signature);
    }

    private CompletableFuture<SignatureCheck> checkWithKey(Map<String, CompletableFuture<DnsAnswer<String>>> keys, String domain,
                                                           String selector, DkimAlgorithm algorithm, byte[] data, byte[] signature) {
        // RFC 8617 §4.1.2, §4.1.3 and RFC 6376 §3.6.2.1: the key is the TXT record at <s>._domainkey.<d>.
        String keyName = selector + "._domainkey." + domain;
        return keys.computeIfAbsent(keyName, resolver::txt)
                .thenApply(answer -> check(keyName, answer, algorithm, data, signature))
                .exceptionally(e -> SignatureCheck.temporaryFailure("key lookup for " + keyName + " failed: " + e));
    }

    private static SignatureCheck check(String keyName, DnsAnswer<String> answer, DkimAlgorithm algorithm, byte[] data, byte[] signature) {
        switch (answer.status()) {
            case TEMPFAIL:
                return SignatureCheck.temporaryFailure("key lookup for " + keyName + ": " + answer.reason());
            case NXDOMAIN:
            case NODATA:
                return SignatureCheck.failed("no key record at " + keyName);
            default:
                return DkimPrimitives.verify(algorithm, answer.records(), data, signature)
                        .map(problem -> SignatureCheck.failed(problem + " (key " + keyName + ")"))
                        .orElse(SignatureCheck.VERIFIED);
        }
    }

    private static List<SignatureCheck> join(List<CompletableFuture<SignatureCheck>> futures) {
        List<SignatureCheck> checks = new ArrayList<>();
        futures.forEach(f -> checks.add(f.join()));
        return checks;
    }

    private static CompletableFuture<ArcVerification> done(ArcVerification verification) {
        return CompletableFuture.completedFuture(verification);
    }
}
