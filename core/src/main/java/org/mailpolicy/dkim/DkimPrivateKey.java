package org.mailpolicy.dkim;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import java.util.Objects;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * A DKIM signing key: RSA (signs rsa-sha256) or Ed25519 (signs ed25519-sha256). Immutable.
 * Load one with {@link DkimKeys}, make one with {@link DkimKeyGenerator}.
 */
public final class DkimPrivateKey {

    private final DkimAlgorithm algorithm;
    private final RSAPrivateCrtKey rsa;
    private final byte[] ed25519Seed;
    private final byte[] publicKey;
    private final int bits;

    private DkimPrivateKey(DkimAlgorithm algorithm, RSAPrivateCrtKey rsa, byte[] ed25519Seed, byte[] publicKey, int bits) {
        this.algorithm = algorithm;
        this.rsa = rsa;
        this.ed25519Seed = ed25519Seed;
        this.publicKey = publicKey;
        this.bits = bits;
    }

    static DkimPrivateKey rsa(RSAPrivateCrtKey key) {
        try {
            PublicKey pub = KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(key.getModulus(), key.getPublicExponent()));
            return new DkimPrivateKey(DkimAlgorithm.RSA_SHA256, key, null, pub.getEncoded(), key.getModulus().bitLength());
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("unusable RSA key: " + e.getMessage(), e);
        }
    }

    static DkimPrivateKey ed25519(byte[] seed) {
        if (seed.length != Ed25519.SECRET_KEY_SIZE) {
            throw new IllegalArgumentException("an Ed25519 private key is a 32-byte seed, got " + seed.length + " bytes");
        }
        byte[] pub = new byte[Ed25519.PUBLIC_KEY_SIZE];
        Ed25519.generatePublicKey(seed, 0, pub, 0);
        return new DkimPrivateKey(DkimAlgorithm.ED25519_SHA256, null, seed.clone(), pub, PublicKeys.ED25519_KEY_BITS);
    }

    /** The a= this key signs with: rsa-sha256 or ed25519-sha256. */
    public DkimAlgorithm algorithm() {
        return algorithm;
    }

    /** Modulus size for RSA, 256 for Ed25519. */
    public int bits() {
        return bits;
    }

    /**
     * The TXT record to publish at {@code <selector>._domainkey.<domain>} (RFC 6376 §3.6.1;
     * RFC 8463 §4: for Ed25519, p= is the raw 32-byte public key).
     */
    public String dnsRecord() {
        return "v=DKIM1; k=" + algorithm.keyType() + "; p=" + Base64.getEncoder().encodeToString(publicKey);
    }

    /** Signs the header data: RSA over the data (SHA-256 inside), Ed25519 over its SHA-256 (RFC 8463 §3). */
    byte[] sign(byte[] headerData) {
        if (rsa != null) {
            try {
                java.security.Signature signer = java.security.Signature.getInstance("SHA256withRSA");
                signer.initSign(rsa);
                signer.update(headerData);
                return signer.sign();
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("RSA signing failed", e);
            }
        }
        byte[] hash = DkimVerifier.sha256(headerData);
        byte[] signature = new byte[Ed25519.SIGNATURE_SIZE];
        Ed25519.sign(ed25519Seed, 0, hash, 0, hash.length, signature, 0);
        return signature;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DkimPrivateKey && ((DkimPrivateKey) o).algorithm == algorithm
                && java.util.Arrays.equals(((DkimPrivateKey) o).publicKey, publicKey);
    }

    @Override
    public int hashCode() {
        return Objects.hash(algorithm, java.util.Arrays.hashCode(publicKey));
    }

    /** Names the algorithm and size only: a key's secret never reaches a log. */
    @Override
    public String toString() {
        return algorithm + " " + bits + " bits";
    }
}
