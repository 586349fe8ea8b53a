package org.mailpolicy.james.mailets;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;

import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.junit.jupiter.api.Test;
import org.mailpolicy.dmarcreport.InMemoryReportStore;
import org.mailpolicy.dmarcreport.PolicyPublished;
import org.mailpolicy.dmarcreport.ReportFormat;
import org.mailpolicy.dmarcreport.ReportGenerator;
import org.mailpolicy.dmarcreport.ReportInterval;
import org.mailpolicy.dmarcreport.ReportKey;
import org.mailpolicy.dmarcreport.ReportRow;
import org.mailpolicy.dmarcreport.ReporterMetadata;
import org.mailpolicy.james.DmarcReportSummary;

class DmarcReportParseTest {

    static final ReportInterval DAY = ReportInterval.containing(Instant.parse("2026-11-22T10:00:00Z"),
            ReportInterval.DAILY);

    /** A report e-mail from receiver.example about example.com: 5 messages, 2 failing DMARC. */
    static byte[] reportMessage() {
        InMemoryReportStore store = new InMemoryReportStore(10);
        PolicyPublished policy = PolicyPublished.builder("example.com").p("reject").build();
        for (int i = 0; i < 3; i++) {
            store.add(ReportRow.builder("example.com", DAY, policy).headerFrom("example.com").disposition("none")
                    .aligned(true, false).build());
        }
        for (int i = 0; i < 2; i++) {
            store.add(ReportRow.builder("example.com", DAY, policy).headerFrom("example.com").disposition("reject")
                    .aligned(false, false).build());
        }
        return new ReportGenerator(new ReporterMetadata("Receiver Org", "dmarc@receiver.example", null,
                "receiver.example"), ReportFormat.RFC9990)
                .generate(store.take(new ReportKey("example.com", DAY)).orElseThrow())
                .message("dmarc@receiver.example", "rua@example.com", Instant.parse("2026-11-23T00:10:00Z"),
                        "r1@receiver.example");
    }

    static FakeMail mail(byte[] message) throws Exception {
        return FakeMail.builder().name("m").sender("dmarc@receiver.example").recipient("rua@example.com")
                .mimeMessage(new MimeMessage(Session.getDefaultInstance(new Properties()),
                        new ByteArrayInputStream(message)))
                .build();
    }

    private static DmarcReportParse mailet() throws Exception {
        DmarcReportParse mailet = new DmarcReportParse();
        mailet.init(FakeMailetConfig.builder().mailetName("DmarcReportParse").build());
        return mailet;
    }

    private static Object value(FakeMail mail, org.apache.mailet.AttributeName name) {
        return mail.getAttribute(name).map(Attribute::getValue).map(AttributeValue::value).orElse(null);
    }

    @Test
    void writesTheSummaryOfTheReport() throws Exception {
        FakeMail mail = mail(reportMessage());
        mailet().service(mail);

        assertThat(value(mail, DmarcReportSummary.REPORTER)).isEqualTo("Receiver Org");
        assertThat(value(mail, DmarcReportSummary.DOMAIN)).isEqualTo("example.com");
        assertThat(value(mail, DmarcReportSummary.MESSAGES)).isEqualTo(5L);
        assertThat(value(mail, DmarcReportSummary.FAILURES)).isEqualTo(2L);
        Map<?, ?> interval = (Map<?, ?>) value(mail, DmarcReportSummary.INTERVAL);
        assertThat(((AttributeValue<?>) interval.get("begin")).value()).isEqualTo(DAY.begin().getEpochSecond());
        assertThat(((AttributeValue<?>) interval.get("end")).value()).isEqualTo(DAY.end().getEpochSecond());
        assertThat(mail.getAttribute(DmarcReportSummary.ERROR)).isEmpty();
    }

    @Test
    void anUnreadableReportGetsTheErrorAndNoSummary() throws Exception {
        byte[] hostile = ("Subject: Report Domain: example.com Submitter: x\r\nContent-Type: text/xml\r\n\r\n"
                + "<?xml version=\"1.0\"?><!DOCTYPE feedback [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + "<feedback>&x;</feedback>\r\n").getBytes(StandardCharsets.US_ASCII);
        FakeMail mail = mail(hostile);
        mailet().service(mail);

        assertThat(mail.getAttribute(DmarcReportSummary.MESSAGES)).isEmpty();
        assertThat((String) value(mail, DmarcReportSummary.ERROR)).contains("DOCTYPE");
    }
}
