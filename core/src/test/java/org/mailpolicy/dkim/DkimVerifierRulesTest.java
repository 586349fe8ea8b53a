package org.mailpolicy.dkim;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateCrtKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mailpolicy.dns.InMemoryResolver;
import org.mailpolicy.message.RawMessage;

/** One verifier rule per case, each naming the section it checks. */
class DkimVerifierRulesTest {

    private static final String MESSAGE = "From: joe@example.com\r\nTo: sue@example.net\r\nSubject: hi\r\n\r\nbody\r\n";
    private static final Instant T0 = Instant.ofEpochSecond(1_800_000_000L);

    private static GeneratedDkimKey rsa;
    private static GeneratedDkimKey ed;
    private static DkimPrivateKey rsa512;

    @BeforeAll
    static void keys() throws Exception {
        rsa = DkimKeyGenerator.rsa(1024);
        ed = DkimKeyGenerator.ed25519();
        KeyPairGenerator small = KeyPairGenerator.getInstance("RSA");
        small.initialize(512);
        rsa512 = DkimPrivateKey.rsa((RSAPrivateCrtKey) small.generateKeyPair().getPrivate());
    }

    private static String signed(DkimSigner.Builder signer) {
        return new String(signer.clock(Clock.fixed(T0, ZoneOffset.UTC)).build().signedMessage(MESSAGE.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
    }

    private static String rsaSigned() {
        return signed(DkimSigner.builder("example.com").key("k", rsa.key()));
    }

    private static String edSigned() {
        return signed(DkimSigner.builder("example.com").key("k", ed.key()));
    }

    private static DkimSignatureResult verify(String message, String keyRecord, DkimVerifierOptions.Builder options) {
        InMemoryResolver dns = InMemoryResolver.builder().txt("k._domainkey.example.com", keyRecord).build();
        return new DkimVerifier(dns, options.build()).verify(message.getBytes(StandardCharsets.UTF_8)).join().signatures().get(0);
    }

    private static DkimVerifierOptions.Builder at(long secondsAfterT0) {
        return DkimVerifierOptions.builder().clock(Clock.fixed(T0.plusSeconds(secondsAfterT0), ZoneOffset.UTC));
    }

    static Stream<Arguments> rules() {
        UnaryOperator<String> same = UnaryOperator.identity();
        return Stream.of(
                Arguments.of("RFC 8301 §3.1: rsa-sha1 -> policy by default", (UnaryOperator<String>) m -> m.replace("a=rsa-sha256", "a=rsa-sha1"), "rsa", at(0), DkimResult.POLICY, "rsa-sha1"),
                Arguments.of("RFC 8301 §3.1: rsa-sha1 allowed -> checked (key h=sha256 -> permerror)", (UnaryOperator<String>) m -> m.replace("a=rsa-sha256", "a=rsa-sha1"), "rsa h=sha256", at(0).allowRsaSha1(true), DkimResult.PERMERROR, "does not allow sha1"),
                Arguments.of("RFC 6376 §8.2: l= -> policy by default", (UnaryOperator<String>) m -> m.replace("v=1;", "v=1; l=3;"), "rsa", at(0), DkimResult.POLICY, "l= not accepted"),
                Arguments.of("RFC 6376 §3.5 x=: expired beyond the skew -> permerror", same, "rsa x", at(86_400 + 301), DkimResult.PERMERROR, "expired"),
                Arguments.of("RFC 6376 §3.5 x=: expired within the skew -> pass", same, "rsa x", at(86_400 + 299), DkimResult.PASS, ""),
                Arguments.of("RFC 6376 §3.6.1 t=y: pass, reported as testing", same, "rsa t=y", at(0), DkimResult.PASS, ""),
                Arguments.of("RFC 6376 §3.6.1 t=s: i= in a subdomain -> permerror", same, "rsa t=s i=sub", at(0), DkimResult.PERMERROR, "t=s"),
                Arguments.of("RFC 6376 §3.6.1 s=email -> pass", same, "rsa s=email", at(0), DkimResult.PASS, ""),
                Arguments.of("RFC 6376 §3.6.1 h=sha1 with rsa-sha256 -> permerror", same, "rsa h=sha1", at(0), DkimResult.PERMERROR, "h=sha1"),
                Arguments.of("RFC 6376 §3.6.1 empty p= -> permerror revoked", same, "revoked", at(0), DkimResult.PERMERROR, "revoked"),
                Arguments.of("RFC 6376 §3.6.1 k=rsa for ed25519-sha256 -> permerror", same, "ed as rsa", at(0), DkimResult.PERMERROR, "k=rsa"),
                Arguments.of("RFC 8301 §3.2: 512-bit RSA key -> permerror", same, "rsa512", at(0), DkimResult.PERMERROR, "under 1024"),
                Arguments.of("RFC 6376 §6.1.1: missing bh= -> permerror naming bh=", (UnaryOperator<String>) m -> m.replaceFirst("bh=[^;]*;", ""), "rsa", at(0), DkimResult.PERMERROR, "bh="),
                Arguments.of("RFC 6376 §6.1.1: v=2 -> permerror naming v=", (UnaryOperator<String>) m -> m.replace("v=1;", "v=2;"), "rsa", at(0), DkimResult.PERMERROR, "v=2"),
                Arguments.of("RFC 6376 §6.1.1: i= outside d= -> permerror naming i=", (UnaryOperator<String>) m -> m.replace("d=example.com;", "d=example.com; i=@example.org;"), "rsa", at(0), DkimResult.PERMERROR, "i="),
                Arguments.of("RFC 6376 §3.2: duplicate tag -> permerror", (UnaryOperator<String>) m -> m.replace("d=example.com;", "d=example.com; d=example.com;"), "rsa", at(0), DkimResult.PERMERROR, "duplicate tag 'd'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void rule(String name, UnaryOperator<String> change, String setup, DkimVerifierOptions.Builder options, DkimResult expected, String reason) {
        String message;
        String record;
        switch (setup) {
            case "rsa x":
                message = signed(DkimSigner.builder("example.com").key("k", rsa.key()).expiry(Duration.ofDays(1)));
                record = rsa.dnsRecord();
                break;
            case "rsa t=s i=sub":
                message = signed(DkimSigner.builder("example.com").key("k", rsa.key()).identity("joe@sub.example.com"));
                record = rsa.dnsRecord() + "; t=s";
                break;
            case "ed as rsa":
                message = edSigned();
                record = ed.dnsRecord().replace("k=ed25519", "k=rsa");
                break;
            case "rsa512":
                message = signed(DkimSigner.builder("example.com").key("k", rsa512));
                record = rsa512.dnsRecord();
                break;
            case "revoked":
                message = rsaSigned();
                record = "v=DKIM1; k=rsa; p=";
                break;
            default:
                message = rsaSigned();
                String extra = setup.substring(3).strip();
                record = rsa.dnsRecord() + (extra.isEmpty() ? "" : "; " + extra);
        }

        DkimSignatureResult result = verify(change.apply(message), record, options);

        assertThat(result.result()).as(name + ": " + result).isEqualTo(expected);
        assertThat(result.reason()).contains(reason);
        assertThat(result.testing()).isEqualTo(setup.equals("rsa t=y"));
    }

    @Test
    void rfc6376Section6_1_2_dnsTempfailIsTemperror() {
        InMemoryResolver dns = InMemoryResolver.builder().tempfail("k._domainkey.example.com", "SERVFAIL").build();

        DkimSignatureResult result = new DkimVerifier(dns, at(0).build()).verify(rsaSigned().getBytes(StandardCharsets.UTF_8)).join().signatures().get(0);

        assertThat(result.result()).isEqualTo(DkimResult.TEMPERROR);
        assertThat(result.reason()).contains("SERVFAIL");
    }

    @Test
    void rfc6376Section8_2_lengthHonouredReportsTheUnsignedRest() {
        byte[] appended = (MESSAGE + "appended\r\n").getBytes(StandardCharsets.UTF_8);
        RawMessage raw = RawMessage.parse(appended);
        DkimVerifier.BodyHash signedPart = DkimVerifier.BodyHash.of(raw, Canonicalization.RELAXED, "SHA-256", 6);
        String field = "DKIM-Signature: v=1; a=ed25519-sha256; c=relaxed/relaxed; d=example.com; s=k; l=6; h=From; bh="
                + Base64.getEncoder().encodeToString(signedPart.digest) + "; b=";
        byte[] data = HeaderHashInput.build(raw, java.util.List.of("From"), Canonicalization.RELAXED, field.getBytes(StandardCharsets.UTF_8));
        String message = field + Base64.getEncoder().encodeToString(ed.key().sign(data)) + "\r\n" + MESSAGE + "appended\r\n";

        assertThat(verify(message, ed.dnsRecord(), at(0)).result()).isEqualTo(DkimResult.POLICY);
        DkimSignatureResult honoured = verify(message, ed.dnsRecord(), at(0).honourLengthTag(true));
        assertThat(honoured.result()).as(honoured.toString()).isEqualTo(DkimResult.PASS);
        assertThat(honoured.unsignedBodyLength()).isEqualTo("appended\r\n".length());
        assertThat(rebuilt(honoured)).as("built back from its accessors").isEqualTo(honoured);
    }

    @Test
    void aResultBuiltFromWhatItsAccessorsReturnIsEqualToIt() {
        String withIdentity = signed(DkimSigner.builder("example.com").key("k", rsa.key()).identity("joe@mail.example.com"));
        DkimSignatureResult pass = verify(withIdentity, rsa.dnsRecord() + "; t=y", at(0));
        DkimSignatureResult fail = verify(withIdentity.replace("\r\n\r\nbody", "\r\n\r\nbodY"), rsa.dnsRecord(), at(0));
        DkimSignatureResult broken = verify("DKIM-Signature: v=1; a=rsa-sha256\r\n" + MESSAGE, rsa.dnsRecord(), at(0));

        assertThat(pass.identity()).contains("joe@mail.example.com");
        assertThat(pass.testing()).isTrue();
        assertThat(broken.domain()).isEmpty();
        assertThat(fail.result()).isEqualTo(DkimResult.FAIL);
        for (DkimSignatureResult result : java.util.List.of(pass, fail, broken)) {
            assertThat(rebuilt(result)).as(result.toString()).isEqualTo(result);
        }
    }

    private static DkimSignatureResult rebuilt(DkimSignatureResult r) {
        return DkimSignatureResult.builder(r.result()).domain(r.domain().orElse("")).identity(r.identity().orElse(""))
                .selector(r.selector().orElse("")).algorithm(r.algorithm().orElse("")).keyBits(r.keyBits()).bPrefix(r.bPrefix())
                .reason(r.reason()).testing(r.testing()).unsignedBodyLength(r.unsignedBodyLength()).build();
    }

    @Test
    void signaturesBeyondTheMaximumAreReportedNotChecked() {
        String twice = signed(DkimSigner.builder("example.com").key("k", rsa.key()).key("k2", rsa.key()));

        DkimVerification verification = new DkimVerifier(InMemoryResolver.builder().txt("k._domainkey.example.com", rsa.dnsRecord()).build(),
                at(0).maxSignatures(1).build()).verify(twice.getBytes(StandardCharsets.UTF_8)).join();

        assertThat(verification.signatures()).extracting(DkimSignatureResult::result).containsExactly(DkimResult.PASS, DkimResult.NEUTRAL);
        assertThat(verification.signatures().get(1).reason()).contains("not checked");
    }

    @Test
    void unsignedAndGarbageMessagesGiveAnAnswer() {
        DkimVerifier verifier = new DkimVerifier(InMemoryResolver.builder().build(), DkimVerifierOptions.defaults());

        assertThat(verifier.verify(MESSAGE.getBytes(StandardCharsets.UTF_8)).join().isSigned()).isFalse();
        assertThat(verifier.verify(new byte[] {(byte) 0xff, '\r', 0, '\n'}).join().isSigned()).isFalse();
        assertThat(verifier.verify("DKIM-Signature:\r\n\r\n".getBytes(StandardCharsets.UTF_8)).join().signatures().get(0).result())
                .isEqualTo(DkimResult.PERMERROR);
    }
}
