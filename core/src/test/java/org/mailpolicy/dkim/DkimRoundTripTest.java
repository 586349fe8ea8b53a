package org.mailpolicy.dkim;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mailpolicy.dns.InMemoryResolver;

/** Sign with {@link DkimSigner}, verify with {@link DkimVerifier}; then break one thing at a time. */
class DkimRoundTripTest {

    private static final String MESSAGE = "From: Joe <joe@example.com>\r\nTo: sue@example.net\r\nSubject: Grüße  aus\r\n\tKöln\r\n"
            + "Date: Mon, 23 Nov 2026 08:00:00 +0000\r\nMessage-ID: <1@example.com>\r\n\r\nHello  there \r\n\r\nJoe\r\n\r\n\r\n";
    private static final Clock NOW = Clock.fixed(Instant.ofEpochSecond(1_800_000_000L), ZoneOffset.UTC);

    private static GeneratedDkimKey rsa1024;
    private static GeneratedDkimKey rsa2048;
    private static GeneratedDkimKey ed25519;

    @BeforeAll
    static void keys() {
        rsa1024 = DkimKeyGenerator.rsa(1024);
        rsa2048 = DkimKeyGenerator.rsa(2048);
        ed25519 = DkimKeyGenerator.ed25519();
    }

    private static InMemoryResolver dns() {
        return InMemoryResolver.builder()
                .txt("rsa1024._domainkey.example.com", rsa1024.dnsRecord())
                .txt("rsa2048._domainkey.example.com", rsa2048.dnsRecord())
                .txt("ed._domainkey.example.com", ed25519.dnsRecord())
                .build();
    }

    private static DkimVerification verify(byte[] message) {
        return new DkimVerifier(dns(), DkimVerifierOptions.builder().clock(NOW).build()).verify(message).join();
    }

    private static DkimSigner.Builder dual() {
        return DkimSigner.builder("example.com").key("rsa2048", rsa2048.key()).key("ed", ed25519.key()).clock(NOW);
    }

    static Stream<Arguments> signers() {
        return Stream.of(
                Arguments.of("RSA 1024", DkimSigner.builder("example.com").key("rsa1024", rsa1024.key()).clock(NOW), List.of(1024)),
                Arguments.of("RSA 2048", DkimSigner.builder("example.com").key("rsa2048", rsa2048.key()).clock(NOW), List.of(2048)),
                Arguments.of("Ed25519", DkimSigner.builder("example.com").key("ed", ed25519.key()).clock(NOW), List.of(256)),
                Arguments.of("dual RSA 2048 + Ed25519", dual(), List.of(2048, 256)),
                Arguments.of("simple/simple", dual().canonicalization(Canonicalization.SIMPLE, Canonicalization.SIMPLE), List.of(2048, 256)),
                Arguments.of("relaxed/simple with x= and i=", dual().canonicalization(Canonicalization.RELAXED, Canonicalization.SIMPLE)
                        .expiry(Duration.ofDays(7)).identity("joe@mail.example.com"), List.of(2048, 256)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("signers")
    void signedMessageVerifies(String name, DkimSigner.Builder signer, List<Integer> bits) {
        DkimVerification verification = verify(signer.build().signedMessage(MESSAGE.getBytes(StandardCharsets.UTF_8)));

        assertThat(verification.signatures()).extracting(DkimSignatureResult::result).as(verification.toString())
                .allMatch(r -> r == DkimResult.PASS).hasSize(bits.size());
        assertThat(verification.signatures()).extracting(DkimSignatureResult::keyBits).containsExactlyElementsOf(bits);
    }

    @Test
    void bareLfMessageSignedAndVerifiedAsCrlf() {
        byte[] lf = MESSAGE.replace("\r\n", "\n").getBytes(StandardCharsets.UTF_8);
        byte[] signed = dual().build().signedMessage(lf);

        assertThat(verify(new String(signed, StandardCharsets.UTF_8).replace("\r\n", "\n").getBytes(StandardCharsets.UTF_8)).passes()).hasSize(2);
    }

    @Test
    void signerWritesOverSigningAndNoLengthTag() {
        String field = dual().build().sign(MESSAGE.getBytes(StandardCharsets.UTF_8)).get(0);
        String unfolded = field.replace("\r\n\t", "");

        assertThat(unfolded).startsWith("DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed;")
                .contains("h=From:From:To:To:Subject:Subject:Date:Date:Reply-To:Cc:Message-ID:Message-ID:MIME-Version:Content-Type")
                .doesNotContain("l=");
        assertThat(field.split("\r\n")).allMatch(line -> line.length() <= 80);
    }

    static Stream<Arguments> tampering() {
        return Stream.of(
                Arguments.of("body changed -> fail, body hash", (UnaryOperator<String>) m -> m.replace("Hello", "Hallo"), DkimResult.FAIL, "body hash"),
                Arguments.of("content appended -> fail", (UnaryOperator<String>) m -> m + "P.S. buy now\r\n", DkimResult.FAIL, "body hash"),
                Arguments.of("signed Subject changed -> fail, signature", (UnaryOperator<String>) m -> m.replace("Köln", "Bonn"), DkimResult.FAIL, "signature did not verify"),
                Arguments.of("second From added (over-signed) -> fail", (UnaryOperator<String>) m -> "From: evil@example.org\r\n" + m, DkimResult.FAIL, "signature did not verify"),
                Arguments.of("whitespace refolded (relaxed) -> pass", (UnaryOperator<String>) m -> m.replace("Subject: Grüße  aus\r\n\tKöln", "Subject:  Grüße aus Köln  "), DkimResult.PASS, ""),
                Arguments.of("unsigned header added -> pass", (UnaryOperator<String>) m -> "Received: by relay\r\n" + m, DkimResult.PASS, ""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tampering")
    void tamperedMessage(String name, UnaryOperator<String> change, DkimResult expected, String reason) {
        String signed = new String(dual().build().signedMessage(MESSAGE.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);

        DkimVerification verification = verify(change.apply(signed).getBytes(StandardCharsets.UTF_8));

        assertThat(verification.signatures()).hasSize(2).allSatisfy(s -> {
            assertThat(s.result()).as(s.toString()).isEqualTo(expected);
            assertThat(s.reason()).contains(reason);
        });
    }

    @Test
    void keysRoundTripThroughTheirPem() {
        assertThat(DkimKeys.parse(rsa2048.privateKeyPem())).isEqualTo(rsa2048.key());
        assertThat(DkimKeys.parse(ed25519.privateKeyPem())).isEqualTo(ed25519.key());
        assertThat(ed25519.dnsRecord()).startsWith("v=DKIM1; k=ed25519; p=");
    }
}
