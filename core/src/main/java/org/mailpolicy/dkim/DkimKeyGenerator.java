package org.mailpolicy.dkim;

import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.RSAPrivateCrtKey;
import java.util.Base64;

/** Makes new DKIM keys. */
public final class DkimKeyGenerator {

    // RFC 8410 §7: PKCS#8 PrivateKeyInfo for id-Ed25519 with the 32-byte seed appended.
    private static final byte[] ED25519_PKCS8_PREFIX = {
        0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20
    };

    private DkimKeyGenerator() {
    }

    /** An RSA key of {@code bits} bits, 1024 to 8192 (RFC 8301 §3.2: at least 1024; 2048 is what large receivers expect). */
    public static GeneratedDkimKey rsa(int bits) {
        if (bits < 1024 || bits > 8192) {
            throw new IllegalArgumentException("RSA key size must be 1024 to 8192 bits, got " + bits);
        }
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(bits, new SecureRandom());
            RSAPrivateCrtKey key = (RSAPrivateCrtKey) generator.generateKeyPair().getPrivate();
            return new GeneratedDkimKey(DkimPrivateKey.rsa(key), pem(key.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot generate RSA keys", e);
        }
    }

    public static GeneratedDkimKey ed25519() {
        byte[] seed = new byte[32];
        new SecureRandom().nextBytes(seed);
        byte[] der = new byte[ED25519_PKCS8_PREFIX.length + seed.length];
        System.arraycopy(ED25519_PKCS8_PREFIX, 0, der, 0, ED25519_PKCS8_PREFIX.length);
        System.arraycopy(seed, 0, der, ED25519_PKCS8_PREFIX.length, seed.length);
        return new GeneratedDkimKey(DkimPrivateKey.ed25519(seed), pem(der));
    }

    private static String pem(byte[] pkcs8) {
        String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(pkcs8);
        return "-----BEGIN PRIVATE KEY-----\n" + body + "\n-----END PRIVATE KEY-----\n";
    }
}
