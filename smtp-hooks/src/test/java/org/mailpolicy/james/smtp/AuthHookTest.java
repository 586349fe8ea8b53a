package org.mailpolicy.james.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.apache.commons.configuration2.BaseConfiguration;
import org.apache.james.core.MailAddress;
import org.apache.james.metrics.tests.RecordingMetricFactory;
import org.apache.james.protocols.api.ProtocolSession.State;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailContext;
import org.junit.jupiter.api.Test;
import org.mailpolicy.dkim.DkimKeyGenerator;
import org.mailpolicy.dkim.DkimSigner;
import org.mailpolicy.arc.ArcResult;
import org.mailpolicy.arc.ArcSeal;
import org.mailpolicy.arc.ArcSealer;
import org.mailpolicy.arc.ArcVerifier;
import org.mailpolicy.dkim.DkimVerifier;
import org.mailpolicy.dkim.DkimVerifierOptions;
import org.mailpolicy.dkim.GeneratedDkimKey;
import org.mailpolicy.dmarc.DmarcEvaluator;
import org.mailpolicy.dmarc.DmarcPolicy;
import org.mailpolicy.dmarc.DmarcResultCode;
import org.mailpolicy.dmarcreport.InMemoryReportStore;
import org.mailpolicy.dns.InMemoryResolver;
import org.mailpolicy.james.ArcVerdict;
import org.mailpolicy.james.DkimVerdict;
import org.mailpolicy.james.DkimSigningKeys;
import org.mailpolicy.james.DmarcConfiguration;
import org.mailpolicy.james.DmarcFailureReportConfiguration;
import org.mailpolicy.james.DmarcFailureReporter;
import org.mailpolicy.james.DmarcReportConfiguration;
import org.mailpolicy.james.DmarcReportRecorder;
import org.mailpolicy.james.DmarcVerdict;
import org.mailpolicy.james.MailPolicyConfiguration;
import org.mailpolicy.spf.SpfIdentity;
import org.mailpolicy.spf.SpfResult;
import org.mailpolicy.spf.SpfResultCode;
import org.mailpolicy.dmarc.DmarcOptions;

class AuthHookTest {

    private static final GeneratedDkimKey KEY = DkimKeyGenerator.ed25519();
    private final RecordingMetricFactory metrics = new RecordingMetricFactory();
    private final InMemoryReportStore reportStore = new InMemoryReportStore(100);
    private final FakeMailContext spool = FakeMailContext.defaultContext();
    private final InMemoryResolver dns = InMemoryResolver.builder()
            .txt("sel._domainkey.reject.example", KEY.dnsRecord())
            .txt("arc._domainkey.lists.example", KEY.dnsRecord())
            .txt("_dmarc.reject.example", "v=DMARC1; p=reject; rua=mailto:dmarc@reject.example")
            .txt("_dmarc.quarantine.example", "v=DMARC1; p=quarantine")
            .txt("_dmarc.ruf.example", "v=DMARC1; p=reject; ruf=mailto:ruf@ruf.example; fo=1")
            .tempfail("_dmarc.broken.example", "SERVFAIL")
            .build();

    private AuthHook hook(String... properties) throws Exception {
        BaseConfiguration dmarcProperties = new BaseConfiguration();
        for (int i = 0; i < properties.length; i += 2) {
            dmarcProperties.addProperty(properties[i], properties[i + 1]);
        }
        DmarcConfiguration dmarc = DmarcConfiguration.from(dmarcProperties);
        AuthHook hook = new AuthHook(new DkimVerifier(dns, DkimVerifierOptions.defaults()), new ArcVerifier(dns), new DmarcEvaluator(dns, dmarc.options()),
                MailPolicyConfiguration.from(new BaseConfiguration()), dmarc, reports(dmarcProperties), failureReports(dmarcProperties), metrics);
        hook.init(new BaseConfiguration());
        return hook;
    }

    private DmarcReportRecorder reports(BaseConfiguration properties) {
        DmarcReportConfiguration configuration = DmarcReportConfiguration.from(properties, "mx.receiver.example", name -> {
            throw new AssertionError("no file expected");
        });
        return new DmarcReportRecorder(configuration, reportStore);
    }

    private DmarcFailureReporter failureReports(BaseConfiguration properties) {
        DmarcReportConfiguration reports = DmarcReportConfiguration.from(properties, "mx.receiver.example", name -> {
            throw new AssertionError("no file expected");
        });
        return new DmarcFailureReporter(DmarcFailureReportConfiguration.from(properties), reports,
                MailPolicyConfiguration.from(new BaseConfiguration()), dns, new DmarcEvaluator(dns, DmarcOptions.defaults()),
                DkimSigningKeys.none(), spool, metrics);
    }

    private static FakeMail mail(String from, boolean signed) throws Exception {
        byte[] bytes = ("From: Someone <user@" + from + ">\r\nTo: rcpt@example.org\r\nSubject: s\r\n\r\nBody.\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        if (signed) {
            bytes = DkimSigner.builder(from).key("sel", KEY.key()).build().signedMessage(bytes);
        }
        MimeMessage message = new MimeMessage(Session.getDefaultInstance(new Properties()), new ByteArrayInputStream(bytes));
        return FakeMail.builder().name("m").sender(new MailAddress("bounce@elsewhere.example")).mimeMessage(message).build();
    }

    private static FakeSession internet() throws Exception {
        return new FakeSession("198.51.100.1", "client.example", false, null);
    }

    @Test
    void aRejectDispositionIsRefusedWith550NamingTheDomainAndPolicy() throws Exception {
        HookResult result = hook().onMessage(internet(), mail("reject.example", false));

        assertThat(result.getResult()).isEqualTo(HookReturnCode.deny());
        assertThat(result.getSmtpRetCode()).isEqualTo("550");
        assertThat(result.getSmtpDescription()).startsWith("5.7.1 ").contains("reject.example").contains("p=reject");
        assertThat(metrics.countFor("mailpolicy_dmarc_disposition_reject")).isEqualTo(1);
    }

    @Test
    void rfc9990Section3_1_1ARefusedMessageStillCountsInTheAggregateReport() throws Exception {
        HookResult result = hook("dmarc.report.enabled", "true", "dmarc.report.email", "reports@receiver.example")
                .onMessage(internet(), mail("reject.example", false));

        assertThat(result.getSmtpRetCode()).isEqualTo("550");
        assertThat(reportStore.pending()).singleElement().satisfies(report -> {
            assertThat(report.key().domain()).isEqualTo("reject.example");
            assertThat(report.messages()).isEqualTo(1);
        });
    }

    @Test
    void rfc9991AFailureReportOfARefusedMessageGoesToRufThroughTheSpool() throws Exception {
        HookResult result = hook("dmarc.failureReports.enabled", "true", "dmarc.failureReports.email", "failures@receiver.example")
                .onMessage(internet(), mail("ruf.example", false));

        assertThat(result.getSmtpRetCode()).isEqualTo("550");
        // Sent from the background thread, never from the SMTP one.
        long deadline = System.currentTimeMillis() + 10_000;
        while (spool.getSentMails().isEmpty() && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertThat(spool.getSentMails()).singleElement().satisfies(sent -> {
            assertThat(sent.getSender().asString()).isEqualTo("failures@receiver.example");
            assertThat(sent.getRecipients()).extracting(MailAddress::asString).containsExactly("ruf@ruf.example");
            assertThat(sent.getMsg().getContentType()).startsWith("multipart/report");
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            sent.getMsg().writeTo(out);
            assertThat(out.toString(StandardCharsets.UTF_8)).contains("Auth-Failure: dmarc").contains("Delivery-Result: reject")
                    .contains("Reported-Domain: ruf.example").doesNotContain("Body.");
        });
        // Counted once James's spool took it, just after it shows in the fake context.
        while (metrics.countFor("mailpolicy_dmarc_failure_report_sent") == 0 && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertThat(metrics.countFor("mailpolicy_dmarc_failure_report_sent")).isEqualTo(1);
    }

    @Test
    void failureReportsAreOffByDefault() throws Exception {
        assertThat(hook().onMessage(internet(), mail("ruf.example", false)).getSmtpRetCode()).isEqualTo("550");
        assertThat(spool.getSentMails()).isEmpty();
    }

    @Test
    void oneDkimVerdictServesDkimAndDmarc() throws Exception {
        FakeMail mail = mail("reject.example", true);

        assertThat(hook().onMessage(internet(), mail)).isEqualTo(HookResult.DECLINED);

        assertThat(DkimVerdict.read(mail).orElseThrow().signatures()).hasSize(1);
        DmarcVerdict verdict = DmarcVerdict.read(mail).orElseThrow();
        assertThat(verdict.result()).isEqualTo(DmarcResultCode.PASS);
        assertThat(verdict.dkimAligned()).containsExactly("reject.example");
        assertThat(metrics.countFor("mailpolicy_dkim_pass")).isEqualTo(1);
    }

    @Test
    void theSpfVerdictOfMailFromIsUsedForAlignment() throws Exception {
        FakeSession session = internet();
        session.setAttachment(SpfHook.MAIL_FROM_RESULT, SpfResult.builder(SpfResultCode.PASS, SpfIdentity.MAILFROM,
                "bounces.reject.example", "x@bounces.reject.example").build(), State.Transaction);
        FakeMail mail = mail("reject.example", false);

        assertThat(hook().onMessage(session, mail)).isEqualTo(HookResult.DECLINED);

        assertThat(DmarcVerdict.read(mail).orElseThrow().spfAligned()).isEqualTo("bounces.reject.example");
    }

    @Test
    void aQuarantineDispositionIsAcceptedWithTheVerdictOnTheMail() throws Exception {
        FakeMail mail = mail("quarantine.example", false);

        assertThat(hook().onMessage(internet(), mail)).isEqualTo(HookResult.DECLINED);

        DmarcVerdict verdict = DmarcVerdict.read(mail).orElseThrow();
        assertThat(verdict.disposition()).isEqualTo(DmarcPolicy.QUARANTINE);
        assertThat(verdict.policy()).isEqualTo("quarantine");
        assertThat(verdict.fromDomain()).isEqualTo("quarantine.example");
    }

    @Test
    void dnsTroubleIs451UnlessTheAdminAccepts() throws Exception {
        HookResult result = hook().onMessage(internet(), mail("broken.example", false));
        assertThat(result.getResult()).isEqualTo(HookReturnCode.denySoft());
        assertThat(result.getSmtpRetCode()).isEqualTo("451");
        assertThat(result.getSmtpDescription()).startsWith("4.7.1 ").contains("broken.example");

        FakeMail accepted = mail("broken.example", false);
        assertThat(hook("dmarc.dnsFailure", "accept").onMessage(internet(), accepted)).isEqualTo(HookResult.DECLINED);
        assertThat(DmarcVerdict.read(accepted).orElseThrow().result()).isEqualTo(DmarcResultCode.TEMPERROR);
    }

    @Test
    void aTrustedForwarderIsAcceptedWithTheOverrideRecorded() throws Exception {
        FakeMail mail = mail("reject.example", false);

        assertThat(hook("dmarc.trustedForwarders", "198.51.100.0/24").onMessage(internet(), mail)).isEqualTo(HookResult.DECLINED);

        DmarcVerdict verdict = DmarcVerdict.read(mail).orElseThrow();
        assertThat(verdict.result()).isEqualTo(DmarcResultCode.FAIL);
        assertThat(verdict.override()).isEqualTo("trusted_forwarder");
        assertThat(verdict.disposition()).isEqualTo(DmarcPolicy.NONE);
    }

    /** A list that changed the message (so no DKIM) and ARC-sealed what it saw: SPF and DKIM passed at the list. */
    private static FakeMail forwardedByList(String from) throws Exception {
        byte[] original = ("From: Someone <user@" + from + ">\r\nTo: list@lists.example\r\nSubject: [list] s\r\n\r\nBody.\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        ArcSeal seal = ArcSealer.builder("lists.example").key("arc", KEY.key()).build()
                .seal(original, "lists.example; spf=pass smtp.mailfrom=" + from + "; dkim=pass header.d=" + from, ArcResult.NONE);
        MimeMessage message = new MimeMessage(Session.getDefaultInstance(new Properties()), new ByteArrayInputStream(seal.prependTo(original)));
        return FakeMail.builder().name("m").sender(new MailAddress("list-bounces@lists.example")).mimeMessage(message).build();
    }

    @Test
    void aPassingChainOfATrustedSealerOverridesTheRejection() throws Exception {
        FakeMail mail = forwardedByList("reject.example");

        assertThat(hook("dmarc.trustedArcSealers", "lists.example").onMessage(internet(), mail)).isEqualTo(HookResult.DECLINED);

        assertThat(ArcVerdict.read(mail).orElseThrow().result()).isEqualTo(ArcResult.PASS);
        DmarcVerdict verdict = DmarcVerdict.read(mail).orElseThrow();
        assertThat(verdict.result()).isEqualTo(DmarcResultCode.FAIL);
        assertThat(verdict.override()).isEqualTo("arc");
        assertThat(verdict.overrideDetail()).contains("lists.example");
        assertThat(verdict.disposition()).isEqualTo(DmarcPolicy.NONE);
    }

    @Test
    void aPassingChainOfAnUntrustedSealerChangesNothing() throws Exception {
        FakeMail mail = forwardedByList("reject.example");

        HookResult result = hook("dmarc.trustedArcSealers", "other.example").onMessage(internet(), mail);

        assertThat(result.getSmtpRetCode()).isEqualTo("550");
        assertThat(ArcVerdict.read(mail).orElseThrow().result()).isEqualTo(ArcResult.PASS);
    }

    @Test
    void relayingClientsAreLeftAlone() throws Exception {
        FakeMail mail = mail("reject.example", false);

        assertThat(hook().onMessage(new FakeSession("198.51.100.1", "client.example", true, null), mail)).isEqualTo(HookResult.DECLINED);

        assertThat(DmarcVerdict.read(mail)).isEmpty();
    }
}
