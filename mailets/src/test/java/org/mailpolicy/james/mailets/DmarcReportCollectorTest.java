package org.mailpolicy.james.mailets;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.apache.commons.configuration2.BaseConfiguration;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.junit.jupiter.api.Test;
import org.mailpolicy.dkim.DkimResult;
import org.mailpolicy.dkim.DkimSignatureResult;
import org.mailpolicy.dmarc.DmarcEvaluator;
import org.mailpolicy.dmarc.DmarcInput;
import org.mailpolicy.dmarc.DmarcOptions;
import org.mailpolicy.dmarcreport.InMemoryReportStore;
import org.mailpolicy.dmarcreport.ReportBatch;
import org.mailpolicy.dmarcreport.ReportRecord;
import org.mailpolicy.dns.InMemoryResolver;
import org.mailpolicy.james.DkimVerdict;
import org.mailpolicy.james.DmarcReportConfiguration;
import org.mailpolicy.james.DmarcReportRecorder;
import org.mailpolicy.james.DmarcVerdict;
import org.mailpolicy.james.SpfVerdict;
import org.mailpolicy.spf.SpfIdentity;
import org.mailpolicy.spf.SpfResult;
import org.mailpolicy.spf.SpfResultCode;

/** DmarcReportCollector: one row per reportable message (RFC 9990 §3.1.1), nothing for what must not be reported. */
class DmarcReportCollectorTest {

    private static final Instant NOW = Instant.parse("2026-11-23T10:15:00Z");
    private static final InMemoryResolver DNS = InMemoryResolver.builder()
            .txt("_dmarc.sender.example", "v=DMARC1; p=reject; sp=quarantine; adkim=s; rua=mailto:dmarc@sender.example")
            .txt("_dmarc.norua.example", "v=DMARC1; p=reject")
            .build();

    private final InMemoryReportStore store = new InMemoryReportStore(100);

    private DmarcReportCollector collector(boolean enabled) {
        BaseConfiguration properties = new BaseConfiguration();
        properties.addProperty("dmarc.report.enabled", String.valueOf(enabled));
        properties.addProperty("dmarc.report.email", "dmarc-reports@receiver.example");
        properties.addProperty("dmarc.report.interval", "1h");
        DmarcReportConfiguration configuration = DmarcReportConfiguration.from(properties, "mx.receiver.example", name -> {
            throw new AssertionError("no file expected");
        });
        return new DmarcReportCollector(new DmarcReportRecorder(configuration, store, Clock.fixed(NOW, ZoneOffset.UTC)));
    }

    /** A mail as the hooks leave it: From {@code from}, DKIM signed (passing when {@code dkimPass}), SPF pass for bounce.example. */
    private static FakeMail mail(String from, boolean dkimPass, String subject) throws Exception {
        String message = "From: x@" + from + "\r\nSubject: " + subject + "\r\n\r\nbody\r\n";
        FakeMail mail = FakeMail.builder().name("m").sender("b@bounce.example").recipients("a@receiver.example")
                .remoteAddr("192.0.2.7").mimeMessage(new javax.mail.internet.MimeMessage(null,
                        new java.io.ByteArrayInputStream(message.getBytes(StandardCharsets.US_ASCII)))).build();
        DmarcInput.Builder input = DmarcInput.builder(message.getBytes(StandardCharsets.US_ASCII));
        if (dkimPass) {
            input.dkimPass(from);
        }
        mail.setAttribute(DmarcVerdict.of(new DmarcEvaluator(DNS, DmarcOptions.defaults()).evaluate(input.build()).get()).toAttribute());
        mail.setAttribute(new Attribute(DkimVerdict.NAME, AttributeValue.of(List.of(AttributeValue.of(java.util.Map.of(
                "result", AttributeValue.of(dkimPass ? "pass" : "fail"), "domain", AttributeValue.of(from),
                "identity", AttributeValue.of(""), "selector", AttributeValue.of("s1"), "algorithm", AttributeValue.of("rsa-sha256"),
                "keyBits", AttributeValue.of(2048), "bPrefix", AttributeValue.of("abc"), "reason", AttributeValue.of(""),
                "testing", AttributeValue.of(false)))))));
        mail.setAttribute(SpfVerdict.toAttribute(SpfVerdict.MAIL_FROM,
                SpfResult.builder(SpfResultCode.PASS, SpfIdentity.MAILFROM, "bounce.example", "b@bounce.example").build()));
        return mail;
    }

    @Test
    void rfc9990Section3_1_1IdenticalRowsAreOneRecordWithACount() throws Exception {
        DmarcReportCollector collector = collector(true);
        collector.service(mail("sender.example", true, "hello"));
        collector.service(mail("sender.example", true, "again"));
        collector.service(mail("sender.example", false, "forged"));

        ReportBatch batch = store.take(store.due(NOW.plusSeconds(3600)).get(0)).orElseThrow();
        assertThat(batch.key().domain()).isEqualTo("sender.example");
        assertThat(batch.key().interval().begin()).isEqualTo(Instant.parse("2026-11-23T10:00:00Z"));
        assertThat(batch.messages()).isEqualTo(3);
        assertThat(batch.policy().p()).contains("reject");
        assertThat(batch.policy().sp()).contains("quarantine");
        assertThat(batch.policy().adkim()).contains("s");
        assertThat(batch.policy().discoveryMethod()).contains("treewalk");
        ReportRecord passing = batch.records().stream().filter(r -> r.count() == 2).findFirst().orElseThrow();
        assertThat(passing.sourceIp()).isEqualTo("192.0.2.7");
        assertThat(passing.headerFrom()).isEqualTo("sender.example");
        assertThat(passing.envelopeFrom()).contains("bounce.example");
        assertThat(passing.envelopeTo()).contains("receiver.example");
        assertThat(passing.dkim()).isEqualTo("pass");
        assertThat(passing.spf()).isEqualTo("fail");
        assertThat(passing.dkimResults()).singleElement().satisfies(d -> {
            assertThat(d.domain()).isEqualTo("sender.example");
            assertThat(d.selector()).isEqualTo("s1");
            assertThat(d.result()).isEqualTo("pass");
        });
        assertThat(passing.spfResults()).singleElement().satisfies(s -> {
            assertThat(s.domain()).isEqualTo("bounce.example");
            assertThat(s.scope()).contains("mfrom");
            assertThat(s.result()).isEqualTo("pass");
        });
        ReportRecord failing = batch.records().stream().filter(r -> r.count() == 1).findFirst().orElseThrow();
        assertThat(failing.disposition()).isEqualTo("reject");
        assertThat(failing.dkim()).isEqualTo("fail");
    }

    @Test
    void reportTrafficIsNeverRecorded() throws Exception {
        collector(true).service(mail("sender.example", true,
                "Report Domain: receiver.example Submitter: sender.example Report-ID: <1>"));
        assertThat(store.size()).isZero();
    }

    @Test
    void mailFromAnAuthenticatedSenderIsNotRecorded() throws Exception {
        FakeMail mail = mail("sender.example", true, "hello");
        mail.setAttribute(new Attribute(Mail.SMTP_AUTH_USER, AttributeValue.of("alice")));
        collector(true).service(mail);
        assertThat(store.size()).isZero();
    }

    @Test
    void aPolicyWithoutRuaIsNotRecorded() throws Exception {
        collector(true).service(mail("norua.example", false, "hello"));
        collector(true).service(FakeMail.builder().name("no verdict").recipient("a@receiver.example").remoteAddr("192.0.2.7").build());
        assertThat(store.size()).isZero();
    }

    @Test
    void nothingIsRecordedWhileReportsAreDisabled() throws Exception {
        collector(false).service(mail("sender.example", true, "hello"));
        assertThat(store.size()).isZero();
    }
}
