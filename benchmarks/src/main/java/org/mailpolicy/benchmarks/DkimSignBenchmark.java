package org.mailpolicy.benchmarks;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.mailpolicy.dkim.DkimSigner;
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
 * Dual signing (RSA-2048 and Ed25519 in one pass) of a 4 KB message against its raw bound:
 * SHA-256 over the message, one RSA-2048 signature and one Ed25519 signature.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class DkimSignBenchmark {

    private byte[] message;
    private DkimSigner dual;
    private KeyPair rsa;
    private byte[] ed25519Secret;
    private byte[] headerBlock;

    @Setup
    public void setUp() throws Exception {
        DkimFixtures fixtures = new DkimFixtures();
        message = DkimFixtures.message(4096);
        dual = fixtures.dualSigner();
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        rsa = generator.generateKeyPair();
        ed25519Secret = new byte[Ed25519.SECRET_KEY_SIZE];
        new java.security.SecureRandom().nextBytes(ed25519Secret);
        headerBlock = new byte[400];
    }

    @Benchmark
    public List<String> mailPolicyDualSign() {
        return dual.sign(message);
    }

    @Benchmark
    public byte[] rawBound() throws Exception {
        byte[] bodyHash = MessageDigest.getInstance("SHA-256").digest(message);
        Signature signer = Signature.getInstance("SHA256withRSA");
        signer.initSign(rsa.getPrivate());
        signer.update(headerBlock);
        byte[] rsaSignature = signer.sign();
        byte[] headerHash = MessageDigest.getInstance("SHA-256").digest(headerBlock);
        byte[] edSignature = new byte[Ed25519.SIGNATURE_SIZE];
        Ed25519.sign(ed25519Secret, 0, headerHash, 0, headerHash.length, edSignature, 0);
        return rsaSignature.length + edSignature.length + bodyHash.length > 0 ? edSignature : rsaSignature;
    }
}
