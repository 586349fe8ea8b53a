package org.mailpolicy.benchmarks;

import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.concurrent.TimeUnit;

import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.mailpolicy.dkim.DkimVerification;
import org.mailpolicy.dkim.DkimVerifier;
import org.mailpolicy.dkim.DkimVerifierOptions;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Ed25519 (RFC 8463): a whole ed25519-sha256 DKIM verification of a 4 KB message by MailPolicy
 * (BouncyCastle's Ed25519), and the bare signature check it makes, through BouncyCastle and
 * through the JDK's own provider, on the same key and signature.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class Ed25519Benchmark {

    private byte[] signed;
    private DkimVerifier verifier;
    private byte[] publicKey;
    private byte[] data;
    private byte[] signature;
    private PublicKey jdkPublicKey;

    @Setup
    public void setUp() throws Exception {
        DkimFixtures fixtures = new DkimFixtures();
        signed = fixtures.ed25519Signer().signedMessage(DkimFixtures.message(4096));
        verifier = new DkimVerifier(fixtures.resolver, DkimVerifierOptions.defaults());
        if (verifier.verify(signed).join().passes().size() != 1) {
            throw new IllegalStateException("the Ed25519-signed benchmark message must verify");
        }
        byte[] secret = new byte[Ed25519.SECRET_KEY_SIZE];
        new java.security.SecureRandom().nextBytes(secret);
        publicKey = new byte[Ed25519.PUBLIC_KEY_SIZE];
        Ed25519.generatePublicKey(secret, 0, publicKey, 0);
        data = new byte[32];
        signature = new byte[Ed25519.SIGNATURE_SIZE];
        Ed25519.sign(secret, 0, data, 0, data.length, signature, 0);
        // RFC 8410 SubjectPublicKeyInfo: fixed 12-byte prefix, then the raw key
        byte[] spki = new byte[44];
        byte[] prefix = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};
        System.arraycopy(prefix, 0, spki, 0, prefix.length);
        System.arraycopy(publicKey, 0, spki, prefix.length, publicKey.length);
        jdkPublicKey = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
    }

    @Benchmark
    public DkimVerification mailPolicyVerifyEd25519Dkim() {
        return verifier.verify(signed).join();
    }

    @Benchmark
    public boolean mailPolicyEd25519BouncyCastle() {
        return Ed25519.verify(signature, 0, publicKey, 0, data, 0, data.length);
    }

    @Benchmark
    public boolean jdkEd25519() throws Exception {
        Signature jdk = Signature.getInstance("Ed25519");
        jdk.initVerify(jdkPublicKey);
        jdk.update(data);
        return jdk.verify(signature);
    }
}
