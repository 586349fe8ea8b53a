package org.mailpolicy.arc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mailpolicy.dkim.DkimKeyGenerator;
import org.mailpolicy.dkim.GeneratedDkimKey;
import org.mailpolicy.dns.InMemoryResolver;

/** RFC 8617 rules beyond the ValiMail suites: Ed25519, long chains, DNS trouble, what the sealer writes. */
class ArcRulesTest {

    private static final GeneratedDkimKey RSA = DkimKeyGenerator.rsa(2048);
    private static final GeneratedDkimKey ED25519 = DkimKeyGenerator.ed25519();
    private static final Clock T = Clock.fixed(Instant.ofEpochSecond(1_700_000_000L), ZoneOffset.UTC);
    private static final String MESSAGE = "From: Alice <alice@example.com>\r\nTo: list@lists.example.org\r\nSubject: hello\r\n"
            + "Date: Tue, 14 Nov 2023 22:13:20 +0000\r\nMessage-ID: <1@example.com>\r\n\r\nHello, world.\r\n";

    private static final InMemoryResolver DNS = InMemoryResolver.builder()
            .txt("rsa._domainkey.lists.example.org", RSA.dnsRecord())
            .txt("ed._domainkey.forwarder.example.net", ED25519.dnsRecord())
            .tempfail("broken._domainkey.example.net", "SERVFAIL")
            .build();
    private static final ArcVerifier VERIFIER = new ArcVerifier(DNS);

    private static ArcSealer listSealer() {
        return ArcSealer.builder("lists.example.org").key("rsa", RSA.key()).clock(T).build();
    }

    private static ArcSealer forwarderSealer() {
        return ArcSealer.builder("forwarder.example.net").key("ed", ED25519.key()).clock(T).build();
    }

    private static byte[] seal(ArcSealer sealer, byte[] message, String authResults) {
        ArcSeal seal = sealer.seal(message, authResults, VERIFIER).join();
        assertThat(seal.isSealed()).as(seal.toString()).isTrue();
        return seal.prependTo(message);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void section5_2_noArcFieldsIsNone() {
        ArcVerification v = VERIFIER.verify(bytes(MESSAGE)).join();

        assertThat(v.result()).isEqualTo(ArcResult.NONE);
        assertThat(v.instances()).isZero();
        assertThat(v.hops()).isEmpty();
    }

    @Test
    void section5_1_rsaThenEd25519HopsPassWithEachSealer() {
        byte[] once = seal(listSealer(), bytes(MESSAGE), "lists.example.org; spf=pass smtp.mailfrom=example.com");
        byte[] twice = seal(forwarderSealer(), once, "forwarder.example.net; arc=pass");

        ArcVerification v = VERIFIER.verify(twice).join();

        assertThat(v.result()).as(v.toString()).isEqualTo(ArcResult.PASS);
        assertThat(v.instances()).isEqualTo(2);
        assertThat(v.oldestPass()).isEqualTo(1);
        assertThat(v.hops()).extracting(ArcHop::sealerDomain).containsExactly("lists.example.org", "forwarder.example.net");
        assertThat(v.hops()).extracting(ArcHop::algorithm).containsExactly("rsa-sha256", "ed25519-sha256");
        assertThat(v.hops()).extracting(ArcHop::recordedChainValidation).containsExactly(ArcResult.NONE, ArcResult.PASS);
        assertThat(v.hops().get(1).authenticationResults()).isEqualTo("forwarder.example.net; arc=pass");
    }

    @Test
    void section5_2_step6_oldestPassIsAfterTheLastChange() {
        byte[] once = seal(listSealer(), bytes(MESSAGE), "lists.example.org; spf=pass");
        // The forwarder verifies on arrival, then changes the subject (breaking AMS i=1) and seals.
        ArcVerification onArrival = VERIFIER.verify(once).join();
        byte[] changed = new String(once, StandardCharsets.UTF_8).replace("Subject: hello", "Subject: [list] hello").getBytes(StandardCharsets.UTF_8);
        byte[] twice = forwarderSealer().seal(changed, "forwarder.example.net; arc=pass", onArrival.result()).prependTo(changed);

        ArcVerification v = VERIFIER.verify(twice).join();

        assertThat(v.result()).as(v.toString()).isEqualTo(ArcResult.PASS);
        assertThat(v.oldestPass()).isEqualTo(2);
        assertThat(v.hops().get(0).messageSignatureVerified()).isFalse();
        assertThat(v.hops().get(0).sealVerified()).isTrue();
    }

    @Test
    void section5_2_step5_changedAfterTheNewestSealFails() {
        byte[] once = seal(listSealer(), bytes(MESSAGE), "lists.example.org; spf=pass");
        byte[] changed = new String(once, StandardCharsets.UTF_8).replace("Hello, world.", "Hello, moon.").getBytes(StandardCharsets.UTF_8);

        ArcVerification v = VERIFIER.verify(changed).join();

        assertThat(v.result()).isEqualTo(ArcResult.FAIL);
        assertThat(v.reason()).isEqualTo("ARC-Message-Signature i=1: body hash did not verify");
    }

    @Test
    void section5_1_2_aFailedChainIsSealedWithCvFailOverOurSetOnly() {
        byte[] once = seal(listSealer(), bytes(MESSAGE), "lists.example.org; spf=pass");
        byte[] broken = new String(once, StandardCharsets.UTF_8).replace("Hello, world.", "Hello, moon.").getBytes(StandardCharsets.UTF_8);

        ArcSeal second = forwarderSealer().seal(broken, "forwarder.example.net; arc=fail", VERIFIER).join();
        ArcVerification after = VERIFIER.verify(second.prependTo(broken)).join();

        assertThat(second.chainValidation()).isEqualTo(ArcResult.FAIL);
        assertThat(second.seal()).contains("cv=fail");
        assertThat(after.result()).isEqualTo(ArcResult.FAIL);
        assertThat(after.reason()).isEqualTo("ARC-Seal i=2 records cv=fail");
        // §5.1 step 1: nobody seals after a cv=fail.
        ArcSeal third = listSealer().seal(second.prependTo(broken), "lists.example.org; arc=fail", VERIFIER).join();
        assertThat(third.isSealed()).isFalse();
        assertThat(third.reason()).isEqualTo("the newest ARC-Seal (i=2) records cv=fail");
        assertThat(third.fields()).isEmpty();
    }

    @Test
    void section4_2_1_fiftySetsAtMostAndTheSealerStopsThere() {
        byte[] message = bytes(MESSAGE);
        for (int i = 1; i <= ArcVerifier.MAX_INSTANCE; i++) {
            message = seal(forwarderSealer(), message, "hop" + i + ".example; arc=pass");
        }
        ArcVerification fifty = VERIFIER.verify(message).join();
        ArcSeal fiftyFirst = listSealer().seal(message, "lists.example.org; arc=pass", fifty.result());

        assertThat(fifty.result()).as(fifty.reason()).isEqualTo(ArcResult.PASS);
        assertThat(fifty.instances()).isEqualTo(50);
        assertThat(fiftyFirst.isSealed()).isFalse();
        assertThat(fiftyFirst.reason()).isEqualTo("the chain already has 50 ARC sets");
    }

    @Test
    void section4_2_1_instanceAboveFiftyFails() {
        String field = "ARC-Authentication-Results: i=51; x.example; none\r\n";

        ArcVerification v = VERIFIER.verify(bytes(field + MESSAGE)).join();

        assertThat(v.result()).isEqualTo(ArcResult.FAIL);
        assertThat(v.reason()).isEqualTo("ARC-Authentication-Results without a valid i= (RFC 8617 §4.2.1: 1 to 50)");
    }

    @Test
    void section5_2_step2_aSealThatIsNoTagListSaysWhy() {
        String field = "ARC-Seal: i=1; i=1; a=rsa-sha256\r\n";

        ArcVerification v = VERIFIER.verify(bytes(field + MESSAGE)).join();

        assertThat(v.result()).isEqualTo(ArcResult.FAIL);
        assertThat(v.reason()).isEqualTo("ARC-Seal: malformed tag-list: duplicate tag 'i'");
    }

    @Test
    void keyLookupTroubleFailsAsTemporary() {
        ArcSealer sealer = ArcSealer.builder("example.net").key("broken", RSA.key()).clock(T).build();
        byte[] sealed = sealer.seal(bytes(MESSAGE), "example.net; spf=pass", ArcResult.NONE).prependTo(bytes(MESSAGE));

        ArcVerification v = VERIFIER.verify(sealed).join();

        assertThat(v.result()).isEqualTo(ArcResult.FAIL);
        assertThat(v.temporary()).isTrue();
        assertThat(v.reason()).startsWith("ARC-Message-Signature i=1: key lookup for broken._domainkey.example.net: SERVFAIL");
    }

    @Test
    void garbageNeverThrows() {
        for (String input : List.of("", "\r\n", "ARC-Seal:\r\n\r\n", "ARC-Seal: i=1\r\nARC-Message-Signature: i=1\r\nARC-Authentication-Results: i=1;\r\n\r\n",
                "ARC-Seal: i=1; a=rsa-sha256; b=!!; cv=none; d=x; s=y\r\n", "ARC-Authentication-Results: i=1\r\n")) {
            ArcVerification v = VERIFIER.verify(bytes(input)).join();
            assertThat(v.result()).as(input).isIn(ArcResult.NONE, ArcResult.FAIL);
        }
    }

    @Test
    void section4_1_1_ourAuthenticationResultsAreConsolidatedAndCannotInjectFields() {
        String message = "Authentication-Results: mx.example.org; spf=pass smtp.mailfrom=example.com\r\n"
                + "Authentication-Results: other.example; dkim=fail\r\n"
                + "Authentication-Results: mx.example.org; dkim=pass (2048-bit key; \"quoted;\") header.d=example.com\r\n" + MESSAGE;

        String consolidated = ArcSealer.authenticationResultsOf(bytes(message), "MX.example.org");
        ArcSeal seal = ArcSealer.builder("example.org").key("rsa", RSA.key()).clock(T).build()
                .seal(bytes(MESSAGE), "mx.example.org; spf=pass\r\nX-Injected: yes", ArcResult.NONE);

        assertThat(consolidated).isEqualTo("MX.example.org; spf=pass smtp.mailfrom=example.com; dkim=pass (2048-bit key; \"quoted;\") header.d=example.com");
        assertThat(ArcSealer.authenticationResultsOf(bytes(MESSAGE), "mx.example.org")).isEqualTo("mx.example.org; none");
        assertThat(seal.authenticationResults()).isEqualTo("ARC-Authentication-Results: i=1;\r\n mx.example.org;\r\n spf=passX-Injected: yes");
    }

    @Test
    void section4_1_2_theSealerRefusesToSignArcSeal() {
        assertThatThrownBy(() -> ArcSealer.builder("example.org").signedHeaders(List.of("From", "ARC-Seal")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void defaultSignedHeadersIncludeDkimSignatures() {
        byte[] message = bytes("DKIM-Signature: v=1; d=example.com\r\n" + MESSAGE);

        ArcSeal seal = listSealer().seal(message, "lists.example.org; dkim=pass", ArcResult.NONE);

        assertThat(seal.messageSignature()).contains(":dkim-signature;");
        assertThat(seal.messageSignature()).contains("h=from:from:to:to:subject:subject:date:date:");
    }
}
