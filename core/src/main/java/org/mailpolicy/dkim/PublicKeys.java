package org.mailpolicy.dkim;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Optional;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/** Reads the p= of a key record and checks signatures with it. */
final class PublicKeys {

    static final int ED25519_KEY_BITS = 256;

    private PublicKeys() {
    }

    /**
     * RFC 6376 is inconsistent about p= for RSA: its text names a PKCS#1 RSAPublicKey while its
     * Appendix C (and practice) produce a SubjectPublicKeyInfo. Publishers use both, so both are read
     * (mail-auth 002.txt carries a bare RSAPublicKey).
     */
    static Optional<RSAPublicKey> rsa(byte[] p) {
        try {
            KeyFactory factory = KeyFactory.getInstance("RSA");
            try {
                return Optional.of((RSAPublicKey) factory.generatePublic(new X509EncodedKeySpec(p)));
            } catch (GeneralSecurityException | ClassCastException e) {
                org.bouncycastle.asn1.pkcs.RSAPublicKey pkcs1 = org.bouncycastle.asn1.pkcs.RSAPublicKey.getInstance(p);
                BigInteger modulus = pkcs1.getModulus();
                return Optional.of((RSAPublicKey) factory.generatePublic(new RSAPublicKeySpec(modulus, pkcs1.getPublicExponent())));
            }
        } catch (GeneralSecurityException | RuntimeException e) {
            return Optional.empty();
        }
    }

    static boolean verifyRsa(RSAPublicKey key, DkimAlgorithm algorithm, byte[] data, byte[] signature) {
        try {
            java.security.Signature verifier = java.security.Signature.getInstance(algorithm == DkimAlgorithm.RSA_SHA1 ? "SHA1withRSA" : "SHA256withRSA");
            verifier.initVerify(key);
            verifier.update(data);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** RFC 8463 §3: Ed25519 (pure, RFC 8032) over the SHA-256 hash of the header data. */
    static boolean verifyEd25519(byte[] publicKey, byte[] headerHash, byte[] signature) {
        if (publicKey.length != Ed25519.PUBLIC_KEY_SIZE || signature.length != Ed25519.SIGNATURE_SIZE) {
            return false;
        }
        try {
            return Ed25519.verify(signature, 0, publicKey, 0, headerHash, 0, headerHash.length);
        } catch (RuntimeException e) {
            return false;
        }
    }
}
