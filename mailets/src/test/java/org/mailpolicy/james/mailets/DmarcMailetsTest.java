package org.mailpolicy.james.mailets;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.apache.commons.configuration2.BaseConfiguration;
import org.apache.james.core.MailAddress;
import org.apache.james.core.Username;
import org.apache.james.metrics.tests.RecordingMetricFactory;
import org.apache.james.user.api.UsersRepository;
import org.apache.mailet.AttributeName;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailContext;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.junit.jupiter.api.Test;
import org.mailpolicy.arc.ArcVerifier;
import org.mailpolicy.dkim.DkimVerifier;
import org.mailpolicy.dkim.DkimVerifierOptions;
import org.mailpolicy.dmarc.DmarcEvaluator;
import org.mailpolicy.dmarc.DmarcPolicy;
import org.mailpolicy.dmarc.DmarcResultCode;
import org.mailpolicy.dns.InMemoryResolver;
import org.mailpolicy.james.DkimSigningKeys;
import org.mailpolicy.james.DmarcFailureReportConfiguration;
import org.mailpolicy.james.DmarcFailureReporter;
import org.mailpolicy.james.DmarcReportConfiguration;
import org.mailpolicy.james.DkimVerdict;
import org.mailpolicy.james.DmarcConfiguration;
import org.mailpolicy.james.DmarcVerdict;
import org.mailpolicy.james.MailPolicyConfiguration;
import org.mailpolicy.james.SpfVerdict;
import org.mailpolicy.spf.SpfIdentity;
import org.mailpolicy.spf.SpfResult;
import org.mailpolicy.spf.SpfResultCode;
import org.mailpolicy.dmarc.DmarcOptions;

/** DmarcCheck computes and stores the verdict like the hook; DmarcQuarantine files mail in Junk or hands it to a processor. */
class DmarcMailetsTest {

    private final RecordingMetricFactory metrics = new RecordingMetricFactory();
    private final InMemoryResolver dns = InMemoryResolver.builder()
            .txt("_dmarc.quarantine.example", "v=DMARC1; p=quarantine")
            .build();

    private DmarcCheck check() throws Exception {
        DmarcConfiguration dmarc = DmarcConfiguration.from(new BaseConfiguration());
        DmarcCheck mailet = new DmarcCheck(new DkimVerifier(dns, DkimVerifierOptions.defaults()), new ArcVerifier(dns), new DmarcEvaluator(dns, dmarc.options()),
                MailPolicyConfiguration.from(new BaseConfiguration()), dmarc, failureReportsOff(), metrics);
        mailet.init(FakeMailetConfig.builder().mailetName("DmarcCheck").build());
        return mailet;
    }

    private DmarcFailureReporter failureReportsOff() {
        BaseConfiguration none = new BaseConfiguration();
        return new DmarcFailureReporter(DmarcFailureReportConfiguration.from(none),
                DmarcReportConfiguration.from(none, "mx.receiver.example", name -> {
                    throw new AssertionError("no file expected");
                }), MailPolicyConfiguration.from(none), dns, new DmarcEvaluator(dns, DmarcOptions.defaults()), DkimSigningKeys.none(),
                FakeMailContext.defaultContext(), metrics);
    }

    private static FakeMail mail(String from) throws Exception {
        byte[] bytes = ("From: <x@" + from + ">\r\nTo: bob@local.example\r\nSubject: s\r\n\r\nBody.\r\n").getBytes(StandardCharsets.US_ASCII);
        return FakeMail.builder().name("m").sender("bounce@quarantine.example").recipients("bob@local.example", "carol@remote.example")
                .remoteAddr("198.51.100.1")
                .mimeMessage(new MimeMessage(Session.getDefaultInstance(new Properties()), new ByteArrayInputStream(bytes))).build();
    }

    @Test
    void dmarcCheckStoresTheVerdictAndTheDkimItVerified() throws Exception {
        FakeMail mail = mail("quarantine.example");

        check().service(mail);

        DmarcVerdict verdict = DmarcVerdict.read(mail).orElseThrow();
        assertThat(verdict.result()).isEqualTo(DmarcResultCode.FAIL);
        assertThat(verdict.disposition()).isEqualTo(DmarcPolicy.QUARANTINE);
        assertThat(DkimVerdict.read(mail).orElseThrow().isSigned()).isFalse();
        assertThat(metrics.countFor("mailpolicy_dmarc_fail")).isEqualTo(1);
    }

    @Test
    void dmarcCheckUsesTheSpfVerdictOnTheMail() throws Exception {
        FakeMail mail = mail("quarantine.example");
        mail.setAttribute(SpfVerdict.toAttribute(SpfVerdict.MAIL_FROM,
                SpfResult.builder(SpfResultCode.PASS, SpfIdentity.MAILFROM, "quarantine.example", "bounce@quarantine.example").build()));

        check().service(mail);

        assertThat(DmarcVerdict.read(mail).orElseThrow().result()).isEqualTo(DmarcResultCode.PASS);
        assertThat(DmarcVerdict.read(mail).orElseThrow().spfAligned()).isEqualTo("quarantine.example");
    }

    @Test
    void dmarcCheckReusesAStoredVerdict() throws Exception {
        FakeMail mail = mail("quarantine.example");
        check().service(mail);
        DmarcVerdict first = DmarcVerdict.read(mail).orElseThrow();

        check().service(mail);

        assertThat(DmarcVerdict.read(mail)).contains(first);
        assertThat(metrics.countFor("mailpolicy_dmarc_fail")).isEqualTo(1);
    }

    private static DmarcQuarantine quarantine(String... parameters) throws Exception {
        UsersRepository users = (UsersRepository) Proxy.newProxyInstance(UsersRepository.class.getClassLoader(),
                new Class<?>[] {UsersRepository.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getUsername")) {
                        return Username.of(((MailAddress) args[0]).asString());
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        DmarcQuarantine mailet = new DmarcQuarantine(users);
        FakeMailetConfig.Builder config = FakeMailetConfig.builder().mailetName("DmarcQuarantine")
                .mailetContext(FakeMailContext.builder().postmaster(new MailAddress("postmaster@local.example")).build());
        for (int i = 0; i < parameters.length; i += 2) {
            config.setProperty(parameters[i], parameters[i + 1]);
        }
        mailet.init(config.build());
        return mailet;
    }

    @Test
    void quarantineFilesLocalRecipientsMailInJunk() throws Exception {
        FakeMail mail = mail("quarantine.example");

        quarantine().service(mail);

        assertThat(mail.getAttribute(AttributeName.of("DeliveryPath_bob@local.example")).map(a -> (Object) a.getValue().value()))
                .contains("Junk");
        assertThat(mail.getState()).isNotEqualTo("quarantine");
    }

    @Test
    void quarantineFolderAndProcessorAreTheAdminsChoice() throws Exception {
        FakeMail mail = mail("quarantine.example");
        quarantine("folder", "Spam").service(mail);
        assertThat(mail.getAttribute(AttributeName.of("DeliveryPath_bob@local.example")).map(a -> (Object) a.getValue().value()))
                .contains("Spam");

        FakeMail held = mail("quarantine.example");
        quarantine("processor", "quarantine").service(held);
        assertThat(held.getState()).isEqualTo("quarantine");
        assertThat(held.attributeNames().map(AttributeName::asString)).noneMatch(n -> n.startsWith("DeliveryPath_"));
    }
}
