package org.mailpolicy.dkim;

import java.security.interfaces.RSAPublicKey;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.mailpolicy.message.HeaderField;
import org.mailpolicy.message.RawMessage;

/**
 * The DKIM machinery that ARC builds on (RFC 8617 §4.1.2 and §4.1.3 take DKIM's tags,
 * canonicalization, hashing, key records and algorithms as they are), opened to other packages
 * without opening the DKIM classes themselves. DKIM verification and signing do not go through here.
 */
public final class DkimPrimitives {

    private DkimPrimitives() {
    }

    /** The a= algorithm named {@code tagValue} (RFC 6376 §3.5, RFC 8463 §3). */
    public static Optional<DkimAlgorithm> algorithm(String tagValue) {
        return DkimAlgorithm.fromTagValue(tagValue);
    }

    /** One of the two canonicalization names of RFC 6376 §3.4. */
    public static Optional<Canonicalization> canonicalization(String tagValue) {
        return Canonicalization.fromTagValue(tagValue);
    }

    /** RFC 6376 §3.5: 1*76DIGIT, or -1 when {@code value} is not one. */
    public static long decimal(String value) {
        return DkimSignature.decimal(value);
    }

    /** RFC 6376 §3.5 d=: a domain name of at least two labels, in lower case. */
    public static boolean isDomainName(String value) {
        return DkimSignature.DOMAIN.matcher(value.toLowerCase(Locale.ROOT)).matches();
    }

    /** RFC 6376 §3.1 selector syntax. */
    public static boolean isSelector(String value) {
        return DkimVerifier.SELECTOR.matcher(value).matches();
    }

    /** RFC 6376 §3.7: the hash of the canonical body, whole (no l=). */
    public static byte[] bodyHash(RawMessage message, Canonicalization canonicalization, DkimAlgorithm algorithm) {
        return DkimVerifier.BodyHash.of(message, canonicalization, algorithm.digestName(), -1).digest;
    }

    /**
     * RFC 6376 §3.7: the canonical fields named in {@code signedHeaders} (instances taken bottom up),
     * then the signature's own field without its b= value and without a final CRLF.
     */
    public static byte[] signedData(RawMessage message, List<String> signedHeaders, Canonicalization canonicalization,
                                    byte[] ownFieldWithoutSignature) {
        return HeaderHashInput.build(message, signedHeaders, canonicalization, ownFieldWithoutSignature);
    }

    /** The field's raw bytes without CRLF and with the b= value removed; empty without a valid tag-list with b=. */
    public static Optional<byte[]> withoutSignatureValue(HeaderField field) {
        return HeaderHashInput.withoutSignatureValue(field);
    }

    /** RFC 6376 §3.4.1 / §3.4.2 on one raw field (folding kept, no final CRLF); CRLF appended when asked. */
    public static byte[] canonicalField(Canonicalization canonicalization, byte[] rawField, boolean withCrlf) {
        return HeaderCanonicalizer.canonicalize(canonicalization, rawField, withCrlf);
    }

    /** The h= list {@link DkimSigner} writes for {@code message}: the RFC 6376 §5.4.1 fields, the key ones over-signed. */
    public static List<String> defaultSignedHeaders(RawMessage message) {
        return DkimSigner.signedHeaders(message);
    }

    /** Signs {@code data} with the key's algorithm (RFC 8463 §3: Ed25519 over the SHA-256 of the data). */
    public static byte[] sign(DkimPrivateKey key, byte[] data) {
        return key.sign(data);
    }

    /**
     * Checks {@code signature} over {@code data} with the key published in {@code keyRecords} (the TXT
     * records found at the key's name), applying RFC 6376 §3.6.1 and RFC 8301 §3.2 to the record as the
     * DKIM verifier does. Empty when the signature verifies, otherwise why not.
     */
    public static Optional<String> verify(DkimAlgorithm algorithm, List<String> keyRecords, byte[] data, byte[] signature) {
        if (keyRecords.isEmpty()) {
            return Optional.of("no key record");
        }
        DkimKeyRecord key = null;
        for (String text : keyRecords) {
            DkimKeyRecord candidate = DkimKeyRecord.parse(text);
            if (key == null || (key.error != null && candidate.error == null)) {
                key = candidate;
            }
        }
        if (key.error != null) {
            return Optional.of(key.error);
        }
        if (key.isRevoked()) {
            return Optional.of("key revoked (empty p=)");
        }
        if (!key.keyType.equals(algorithm.keyType())) {
            return Optional.of("key record k=" + key.keyType + " does not match a=" + algorithm.tagValue());
        }
        if (!key.hashAlgorithms.isEmpty() && !key.hashAlgorithms.contains(algorithm.hashName())) {
            return Optional.of("key record h=" + String.join(":", key.hashAlgorithms) + " does not allow " + algorithm.hashName());
        }
        boolean valid;
        if (algorithm.keyType().equals("rsa")) {
            Optional<RSAPublicKey> rsa = key.rsaPublicKey();
            if (rsa.isEmpty()) {
                return Optional.of("malformed key record tag p=: not an RSA public key");
            }
            int bits = rsa.get().getModulus().bitLength();
            if (bits < 1024 || bits > 8192) {
                return Optional.of("RSA key of " + bits + " bits is outside 1024-8192 (RFC 8301 §3.2)");
            }
            valid = PublicKeys.verifyRsa(rsa.get(), algorithm, data, signature);
        } else {
            valid = PublicKeys.verifyEd25519(key.publicKey, DkimVerifier.sha256(data), signature);
        }
        return valid ? Optional.empty() : Optional.of("signature did not verify");
    }
}
