package org.mailpolicy.james.mailets;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.commons.configuration2.BaseConfiguration;
import org.apache.james.core.builder.MimeMessageBuilder;
import org.apache.james.metrics.tests.RecordingMetricFactory;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.junit.jupiter.api.Test;
import org.mailpolicy.dkim.DkimResult;
import org.mailpolicy.dkim.DkimSignatureResult;
import org.mailpolicy.dkim.DkimVerifier;
import org.mailpolicy.dkim.DkimVerifierOptions;
import org.mailpolicy.james.DkimVerdict;
import org.mailpolicy.james.MailPolicyConfiguration;

class DkimVerifyTest {

    private final RecordingMetricFactory metrics = new RecordingMetricFactory();

    private DkimVerify mailet() throws Exception {
        DkimVerify mailet = new DkimVerify(new DkimVerifier(DkimMessages.DNS, DkimVerifierOptions.defaults()),
                MailPolicyConfiguration.from(new BaseConfiguration()), metrics);
        mailet.init(FakeMailetConfig.builder().mailetName("DkimVerify").build());
        return mailet;
    }

    private static FakeMail mail(byte[] message) throws Exception {
        return FakeMail.builder().name("m").sender("user@example.net").recipient("rcpt@example.org")
                .mimeMessage(DkimMessages.mime(message)).build();
    }

    @Test
    void rfc6376Section6VerifiesTheMessageBytesAndStoresEverySignatureTag() throws Exception {
        FakeMail mail = mail(DkimMessages.signed());

        mailet().service(mail);

        DkimVerdict verdict = DkimVerdict.read(mail).orElseThrow();
        assertThat(verdict.signatures()).hasSize(1);
        DkimSignatureResult signature = verdict.signatures().get(0);
        assertThat(signature.result()).isEqualTo(DkimResult.PASS);
        assertThat(signature.domain()).contains("example.net");
        assertThat(signature.selector()).contains("sel");
        assertThat(signature.algorithm()).contains("ed25519-sha256");
        assertThat(signature.keyBits()).isEqualTo(256);
        assertThat(signature.bPrefix()).hasSize(8);
        assertThat(signature.testing()).isFalse();
        assertThat(metrics.countFor("mailpolicy_dkim_pass")).isEqualTo(1);
    }

    @Test
    void rfc6376Section6_1_3AChangedBodyFailsWithTheReason() throws Exception {
        FakeMail mail = mail(DkimMessages.tampered());

        mailet().service(mail);

        DkimSignatureResult signature = DkimVerdict.read(mail).orElseThrow().signatures().get(0);
        assertThat(signature.result()).isEqualTo(DkimResult.FAIL);
        assertThat(signature.reason()).isEqualTo("body hash did not verify");
    }

    @Test
    void anUnsignedMessageGetsAnEmptyVerdict() throws Exception {
        FakeMail mail = FakeMail.builder().name("m").mimeMessage(MimeMessageBuilder.mimeMessageBuilder().setText("x")).build();

        mailet().service(mail);

        assertThat(DkimVerdict.read(mail).orElseThrow().isSigned()).isFalse();
        assertThat(metrics.countFor("mailpolicy_dkim_none")).isEqualTo(1);
    }

    @Test
    void theHooksVerdictIsReusedNotRecomputed() throws Exception {
        FakeMail mail = mail(DkimMessages.signed());
        DkimVerdict stored = DkimVerdict.unfinished("from the hook");
        mail.setAttribute(stored.toAttribute());

        mailet().service(mail);

        assertThat(DkimVerdict.read(mail)).contains(stored);
        assertThat(metrics.countFor("mailpolicy_dkim_pass")).isZero();
    }

    @Test
    void mailFromAuthenticatedSendersIsLeftAlone() throws Exception {
        FakeMail mail = mail(DkimMessages.signed());
        mail.setAttribute(new Attribute(Mail.SMTP_AUTH_USER, AttributeValue.of("user")));

        mailet().service(mail);

        assertThat(DkimVerdict.read(mail)).isEmpty();
    }
}
