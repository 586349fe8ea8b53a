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
import org.mailpolicy.dns.InMemoryResolver;
import org.mailpolicy.james.MailPolicyConfiguration;
import org.mailpolicy.james.SpfVerdict;
import org.mailpolicy.spf.SpfIdentity;
import org.mailpolicy.spf.SpfOptions;
import org.mailpolicy.spf.SpfResult;
import org.mailpolicy.spf.SpfResultCode;
import org.mailpolicy.spf.SpfVerifier;

class SpfCheckTest {

    private final InMemoryResolver dns = InMemoryResolver.builder()
            .txt("example.net", "v=spf1 ip4:192.0.2.0/24 -all")
            .build();
    private final RecordingMetricFactory metrics = new RecordingMetricFactory();

    private SpfCheck mailet(boolean addReceivedSpf) throws Exception {
        BaseConfiguration properties = new BaseConfiguration();
        properties.addProperty("authservId", "mx.example.org");
        SpfCheck mailet = new SpfCheck(new SpfVerifier(dns, SpfOptions.defaults()), MailPolicyConfiguration.from(properties), metrics);
        mailet.init(FakeMailetConfig.builder().mailetName("SpfCheck")
                .setProperty("addReceivedSpf", String.valueOf(addReceivedSpf)).build());
        return mailet;
    }

    private static FakeMail mail(String remoteAddr) throws Exception {
        FakeMail mail = FakeMail.builder().name("m").sender("user@example.net").recipient("rcpt@example.org")
                .remoteAddr(remoteAddr)
                .mimeMessage(MimeMessageBuilder.mimeMessageBuilder().setSubject("s").setText("body"))
                .build();
        mail.setAttribute(new Attribute(Mail.SMTP_HELO, AttributeValue.of("mail.example.net")));
        return mail;
    }

    @Test
    void computesTheVerdictFromRemoteAddressHeloAndSenderAndAddsReceivedSpf() throws Exception {
        FakeMail mail = mail("198.51.100.7");

        mailet(true).service(mail);

        SpfResult verdict = SpfVerdict.read(mail, SpfVerdict.MAIL_FROM).orElseThrow();
        assertThat(verdict.code()).isEqualTo(SpfResultCode.FAIL);
        assertThat(verdict.mechanism()).contains("-all");
        assertThat(mail.getMessage().getHeader("Received-SPF")[0])
                .startsWith("fail (mx.example.org: domain of example.net does not designate 198.51.100.7 as permitted sender)")
                .contains("helo=mail.example.net");
    }

    @Test
    void reusesTheHooksVerdictInsteadOfAskingDnsAgain() throws Exception {
        FakeMail mail = mail("192.0.2.1");
        SpfResult fromHook = SpfResult.builder(SpfResultCode.SOFTFAIL, SpfIdentity.MAILFROM, "example.net", "user@example.net").build();
        mail.setAttribute(SpfVerdict.toAttribute(SpfVerdict.MAIL_FROM, fromHook));

        mailet(false).service(mail);

        assertThat(SpfVerdict.read(mail, SpfVerdict.MAIL_FROM)).contains(fromHook);
        assertThat(dns.queryCount()).isZero();
        assertThat(mail.getMessage().getHeader("Received-SPF")).isNull();
    }

    @Test
    void leavesAuthenticatedMailAndMailWithoutUsableAddressAlone() throws Exception {
        FakeMail authenticated = mail("192.0.2.1");
        authenticated.setAttribute(new Attribute(Mail.SMTP_AUTH_USER, AttributeValue.of("user@example.net")));
        FakeMail noAddress = mail("not an address");

        mailet(false).service(authenticated);
        mailet(false).service(noAddress);

        assertThat(SpfVerdict.read(authenticated, SpfVerdict.MAIL_FROM)).isEmpty();
        assertThat(SpfVerdict.read(noAddress, SpfVerdict.MAIL_FROM)).isEmpty();
        assertThat(dns.queryCount()).isZero();
    }
}
