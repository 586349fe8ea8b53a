package org.mailpolicy.benchmarks;

import java.io.ByteArrayInputStream;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.util.concurrent.TimeUnit;

import org.apache.james.jdkim.DKIMVerifier;
import org.mailpolicy.dkim.DkimVerification;
import org.mailpolicy.dkim.DkimVerifier;
import org.mailpolicy.dkim.DkimVerifierOptions;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Verifying one RSA-2048 rsa-sha256 signature (relaxed/relaxed) per message: MailPolicy's
 * {@link DkimVerifier} against jDKIM 0.3 (what James 3.8.1 ships), both with the key record in
 * memory, and the raw bound: SHA-256 over the message bytes plus one RSA-2048 verification.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class DkimVerifyBenchmark {

    @Param({"4096", "102400"})
    public int size;

    private DkimFixtures fixtures;
    private byte[] signed;
    private DkimVerifier mailPolicy;
    private DKIMVerifier jdkim;
    private KeyPair rawKey;
    private byte[] rawHeaderBlock;
    private byte[] rawSignature;

    @Setup
    public void setUp() throws Exception {
        fixtures = new DkimFixtures();
        signed = fixtures.rsaSigner().signedMessage(DkimFixtures.message(size));
        mailPolicy = new DkimVerifier(fixtures.resolver, DkimVerifierOptions.defaults());
        jdkim = new DKIMVerifier(fixtures.jdkimRecords());
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        rawKey = generator.generateKeyPair();
        rawHeaderBlock = new byte[400];
        Signature signer = Signature.getInstance("SHA256withRSA");
        signer.initSign(rawKey.getPrivate());
        signer.update(rawHeaderBlock);
        rawSignature = signer.sign();
        if (mailPolicy.verify(signed).join().passes().size() != 1 || jdkim.verify(new ByteArrayInputStream(signed)).size() != 1) {
            throw new IllegalStateException("both verifiers must pass the benchmark message");
        }
    }

    @Benchmark
    public DkimVerification mailPolicyVerify() {
        return mailPolicy.verify(signed).join();
    }

    @Benchmark
    public Object jdkimVerify() throws Exception {
        return jdkim.verify(new ByteArrayInputStream(signed));
    }

    @Benchmark
    public boolean rawBound() throws Exception {
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        byte[] bodyHash = sha256.digest(signed);
        Signature verifier = Signature.getInstance("SHA256withRSA");
        verifier.initVerify(rawKey.getPublic());
        verifier.update(rawHeaderBlock);
        return verifier.verify(rawSignature) && bodyHash.length == 32;
    }
}
