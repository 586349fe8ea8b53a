package org.mailpolicy.james.mailets;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;

import javax.mail.internet.MimeMessage;

import org.apache.commons.configuration2.BaseConfiguration;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.apache.james.core.builder.MimeMessageBuilder;
import org.junit.jupiter.api.Test;
import org.mailpolicy.dkim.DkimSigner;
import org.mailpolicy.dkim.DkimVerifier;
import org.mailpolicy.dkim.DkimVerifierOptions;
import org.mailpolicy.james.DkimVerdict;
import org.mailpolicy.james.MailPolicyConfiguration;
import org.mailpolicy.james.SpfVerdict;
import org.mailpolicy.spf.SpfIdentity;
import org.mailpolicy.spf.SpfResult;
import org.mailpolicy.spf.SpfResultCode;

class AuthenticationResultsTest {

    private final AuthenticationResults mailet = new AuthenticationResults(configuration("mx.example.org"));

    @Test
    void rfc8601Section5WritesOursOnTopAndDropsForgedOnesWithOurAuthservId() throws Exception {
        mailet.init(FakeMailetConfig.builder().mailetName("AuthenticationResults").build());
        MimeMessage message = MimeMessageBuilder.mimeMessageBuilder()
                .addHeader("Received", "from a by b")
                .addHeader("Authentication-Results", "MX.example.org; spf=pass smtp.mailfrom=forged.example")
                .addHeader("Authentication-Results", "other.example.net; dkim=pass header.d=example.net")
                .setSubject("hello")
                .setText("body")
                .build();
        FakeMail mail = FakeMail.builder().name("m").mimeMessage(message).build();
        mail.setAttribute(SpfVerdict.toAttribute(SpfVerdict.MAIL_FROM,
                SpfResult.builder(SpfResultCode.PASS, SpfIdentity.MAILFROM, "example.net", "user@example.net").build()));

        mailet.service(mail);

        List<String> lines = Collections.list(mail.getMessage().getAllHeaderLines());
        assertThat(lines.get(0)).isEqualTo("Authentication-Results: mx.example.org;\r\n\tspf=pass smtp.mailfrom=example.net");
        assertThat(lines).noneMatch(line -> line.contains("forged.example"));
        assertThat(lines).anyMatch(line -> line.startsWith("Authentication-Results: other.example.net;"));
        assertThat(lines.get(1)).startsWith("Received:");
        assertThat(mail.getMessage().getSubject()).isEqualTo("hello");
    }

    @Test
    void temperrorCarriesItsReasonAndHeloResultUsesSmtpHelo() throws Exception {
        FakeMail mail = FakeMail.builder().name("m").mimeMessage(MimeMessageBuilder.mimeMessageBuilder().setText("x")).build();
        mail.setAttribute(SpfVerdict.toAttribute(SpfVerdict.MAIL_FROM,
                SpfResult.builder(SpfResultCode.TEMPERROR, SpfIdentity.MAILFROM, "example.net", "u@example.net")
                        .problem("SERVFAIL for example.net/TXT").build()));
        mail.setAttribute(SpfVerdict.toAttribute(SpfVerdict.HELO,
                SpfResult.builder(SpfResultCode.NONE, SpfIdentity.HELO, "mail.example.net", "postmaster@mail.example.net").build()));

        mailet.service(mail);

        assertThat(mail.getMessage().getHeader("Authentication-Results")[0]).isEqualTo("mx.example.org;"
                + "\r\n\tspf=temperror reason=\"SERVFAIL for example.net/TXT\" smtp.mailfrom=example.net;"
                + "\r\n\tspf=none smtp.helo=mail.example.net");
    }

    @Test
    void rfc8601Section2_7_1AndRfc6008OneDkimEntryPerSignatureWithHeaderDISAB() throws Exception {
        byte[] signedTwice = DkimSigner.builder("example.net").key("sel", DkimMessages.KEY.key()).build()
                .signedMessage(DkimMessages.tampered());
        DkimVerdict verdict = DkimVerdict.of(new DkimVerifier(DkimMessages.DNS, DkimVerifierOptions.defaults())
                .verify(signedTwice).join());
        FakeMail mail = FakeMail.builder().name("m").mimeMessage(DkimMessages.mime(signedTwice)).build();
        mail.setAttribute(verdict.toAttribute());

        mailet.service(mail);

        String b0 = verdict.signatures().get(0).bPrefix();
        String b1 = verdict.signatures().get(1).bPrefix();
        assertThat(mail.getMessage().getHeader("Authentication-Results")[0]).isEqualTo("mx.example.org;"
                + "\r\n\tdkim=pass header.d=example.net header.s=sel header.a=ed25519-sha256 header.b=" + quotedIfNeeded(b0) + ";"
                + "\r\n\tdkim=fail reason=\"body hash did not verify\" header.d=example.net header.s=sel"
                + " header.a=ed25519-sha256 header.b=" + quotedIfNeeded(b1));
    }

    @Test
    void anUnsignedMessageIsDkimNone() throws Exception {
        FakeMail mail = FakeMail.builder().name("m").mimeMessage(MimeMessageBuilder.mimeMessageBuilder().setText("x")).build();
        mail.setAttribute(DkimVerdict.of(new DkimVerifier(DkimMessages.DNS, DkimVerifierOptions.defaults())
                .verify("Subject: x\r\n\r\nx\r\n".getBytes(StandardCharsets.US_ASCII)).join()).toAttribute());

        mailet.service(mail);

        assertThat(mail.getMessage().getHeader("Authentication-Results")[0]).isEqualTo("mx.example.org;\r\n\tdkim=none");
    }

    /** RFC 8601 §2.2 with RFC 2045 §5.1: base64's '/' is a tspecial, so such a value is quoted; '+' is a token character. */
    @Test
    void rfc7489Section11_2DmarcEntryWithHeaderFromAndPolicyAfterSpfAndDkim() throws Exception {
        org.mailpolicy.dns.InMemoryResolver dns = org.mailpolicy.dns.InMemoryResolver.builder()
                .txt("_dmarc.example.net", "v=DMARC1; p=reject").build();
        FakeMail mail = FakeMail.builder().name("m").mimeMessage(MimeMessageBuilder.mimeMessageBuilder().setText("x")).build();
        SpfResult spf = SpfResult.builder(SpfResultCode.PASS, SpfIdentity.MAILFROM, "example.net", "user@example.net").build();
        mail.setAttribute(SpfVerdict.toAttribute(SpfVerdict.MAIL_FROM, spf));
        mail.setAttribute(org.mailpolicy.james.DmarcVerdict.of(new org.mailpolicy.dmarc.DmarcEvaluator(dns,
                org.mailpolicy.dmarc.DmarcOptions.defaults()).evaluate(org.mailpolicy.dmarc.DmarcInput.builder(
                "From: a@example.net\r\n\r\n".getBytes(StandardCharsets.US_ASCII)).spf(spf).build()).join()).toAttribute());

        mailet.service(mail);

        assertThat(mail.getMessage().getHeader("Authentication-Results")[0]).isEqualTo("mx.example.org;"
                + "\r\n\tspf=pass smtp.mailfrom=example.net;"
                + "\r\n\tdmarc=pass header.from=example.net policy.dmarc=reject");
    }

    private static String quotedIfNeeded(String value) {
        return value.contains("/") ? "\"" + value + "\"" : value;
    }

    private static MailPolicyConfiguration configuration(String authservId) {
        BaseConfiguration configuration = new BaseConfiguration();
        configuration.addProperty("authservId", authservId);
        return MailPolicyConfiguration.from(configuration);
    }
}
