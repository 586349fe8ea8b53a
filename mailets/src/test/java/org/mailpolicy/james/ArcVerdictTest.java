package org.mailpolicy.james;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.base.test.FakeMail;
import org.junit.jupiter.api.Test;
import org.mailpolicy.arc.ArcResult;
import org.mailpolicy.arc.ArcSealer;
import org.mailpolicy.arc.ArcVerification;
import org.mailpolicy.arc.ArcVerifier;
import org.mailpolicy.dkim.DkimKeyGenerator;
import org.mailpolicy.dkim.GeneratedDkimKey;
import org.mailpolicy.dns.InMemoryResolver;

class ArcVerdictTest {

    private static final GeneratedDkimKey KEY = DkimKeyGenerator.ed25519();

    private static ArcVerification sealedOnce() {
        byte[] message = "From: a@example.com\r\nSubject: x\r\n\r\nHi.\r\n".getBytes(StandardCharsets.US_ASCII);
        byte[] sealed = ArcSealer.builder("lists.example.org").key("ed", KEY.key())
                .clock(Clock.fixed(Instant.ofEpochSecond(1_700_000_000L), ZoneOffset.UTC)).build()
                .seal(message, "lists.example.org; spf=pass smtp.mailfrom=example.com", ArcResult.NONE).prependTo(message);
        return new ArcVerifier(InMemoryResolver.builder().txt("ed._domainkey.lists.example.org", KEY.dnsRecord()).build())
                .verify(sealed).join();
    }

    @Test
    void theVerdictSurvivesTheAttributeRoundTripInJsonFriendlyValues() throws Exception {
        ArcVerdict verdict = ArcVerdict.of(sealedOnce());
        FakeMail mail = FakeMail.builder().name("m").build();

        mail.setAttribute(verdict.toAttribute());

        ArcVerdict read = ArcVerdict.read(mail).orElseThrow();
        assertThat(read).isEqualTo(verdict);
        assertThat(read.result()).isEqualTo(ArcResult.PASS);
        assertThat(read.oldestPass()).isEqualTo(1);
        assertThat(read.newestHop().orElseThrow().domain()).isEqualTo("lists.example.org");
        assertThat(read.newestHop().orElseThrow().chainValidation()).isEqualTo("none");
        assertThat(read.newestHop().orElseThrow().authenticationResults()).isEqualTo("lists.example.org; spf=pass smtp.mailfrom=example.com");
        Map<?, ?> fields = (Map<?, ?>) mail.getAttribute(ArcVerdict.NAME).orElseThrow().getValue().value();
        assertThat(((AttributeValue<?>) fields.get("result")).value()).isEqualTo("pass");
        assertThat(((AttributeValue<?>) fields.get("hops")).value()).isInstanceOf(List.class);
    }

    @Test
    void anUnfinishedVerificationIsATemporaryFail() {
        ArcVerdict verdict = ArcVerdict.unfinished("ARC verification did not finish within 5 ms");

        assertThat(verdict.result()).isEqualTo(ArcResult.FAIL);
        assertThat(verdict.temporary()).isTrue();
        assertThat(verdict.hops()).isEmpty();
    }

    @Test
    void somethingElseUnderTheNameIsNoVerdict() throws Exception {
        FakeMail mail = FakeMail.builder().name("m").build();
        mail.setAttribute(new Attribute(ArcVerdict.NAME, AttributeValue.of("pass")));

        assertThat(ArcVerdict.read(mail)).isEmpty();
    }
}
