package org.mailpolicy.dkim;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPrivateCrtKeySpec;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.RSAPrivateKey;

/**
 * Reads DKIM private keys: RSA as PKCS#1 ({@code BEGIN RSA PRIVATE KEY}) or PKCS#8
 * ({@code BEGIN PRIVATE KEY}) PEM; Ed25519 as PKCS#8 PEM (RFC 8410) or the raw 32-byte seed in
 * base64, as dkimpy and rspamd write it. Bad input fails with an {@link IllegalArgumentException}
 * that says what was expected: keys are configuration, and configuration errors fail fast.
 */
public final class DkimKeys {

    private static final Pattern PEM = Pattern.compile("-----BEGIN ([A-Z ]+)-----([A-Za-z0-9+/=\\s]*)-----END \\1-----");

    private DkimKeys() {
    }

    public static DkimPrivateKey load(Path file) throws IOException {
        try {
            return parse(Files.readString(file, StandardCharsets.US_ASCII));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    public static DkimPrivateKey parse(String text) {
        Matcher pem = PEM.matcher(text);
        if (pem.find()) {
            byte[] der = decode(pem.group(2));
            switch (pem.group(1)) {
                case "RSA PRIVATE KEY":
                    return pkcs1(der);
                case "PRIVATE KEY":
                    return pkcs8(der);
                default:
                    throw new IllegalArgumentException("unsupported PEM type '" + pem.group(1) + "': expected RSA PRIVATE KEY or PRIVATE KEY");
            }
        }
        byte[] seed = decode(text.strip());
        if (seed.length != 32) {
            throw new IllegalArgumentException("not a PEM key and not a base64 Ed25519 seed of 32 bytes (got " + seed.length + " bytes)");
        }
        return DkimPrivateKey.ed25519(seed);
    }

    private static byte[] decode(String base64) {
        try {
            return Base64.getMimeDecoder().decode(base64.replaceAll("\\s", ""));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("key is not valid base64", e);
        }
    }

    private static DkimPrivateKey pkcs1(byte[] der) {
        try {
            RSAPrivateKey k = RSAPrivateKey.getInstance(der);
            RSAPrivateCrtKeySpec spec = new RSAPrivateCrtKeySpec(k.getModulus(), k.getPublicExponent(), k.getPrivateExponent(),
                    k.getPrime1(), k.getPrime2(), k.getExponent1(), k.getExponent2(), k.getCoefficient());
            return DkimPrivateKey.rsa((RSAPrivateCrtKey) KeyFactory.getInstance("RSA").generatePrivate(spec));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IllegalArgumentException("malformed PKCS#1 RSA private key", e);
        }
    }

    private static DkimPrivateKey pkcs8(byte[] der) {
        PrivateKeyInfo info;
        try {
            info = PrivateKeyInfo.getInstance(der);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("malformed PKCS#8 private key", e);
        }
        ASN1ObjectIdentifier oid = info.getPrivateKeyAlgorithm().getAlgorithm();
        try {
            if (oid.equals(PKCSObjectIdentifiers.rsaEncryption)) {
                return DkimPrivateKey.rsa((RSAPrivateCrtKey) KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der)));
            }
            if (oid.equals(EdECObjectIdentifiers.id_Ed25519)) {
                // RFC 8410 §7: the private key is an OCTET STRING holding the 32-byte seed.
                return DkimPrivateKey.ed25519(ASN1OctetString.getInstance(info.parsePrivateKey()).getOctets());
            }
        } catch (GeneralSecurityException | java.io.IOException | RuntimeException e) {
            throw new IllegalArgumentException("malformed PKCS#8 private key", e);
        }
        throw new IllegalArgumentException("unsupported key algorithm " + oid + ": expected RSA or Ed25519");
    }
}
