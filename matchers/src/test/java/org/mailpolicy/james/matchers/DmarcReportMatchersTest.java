package org.mailpolicy.james.matchers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMatcherConfig;
import org.junit.jupiter.api.Test;
import org.mailpolicy.james.DmarcReportSummary;

class DmarcReportMatchersTest {

    private static FakeMail mail(String message) throws Exception {
        return FakeMail.builder().name("m").recipient("rua@example.com")
                .mimeMessage(new MimeMessage(Session.getDefaultInstance(new Properties()),
                        new ByteArrayInputStream(message.getBytes(StandardCharsets.US_ASCII))))
                .build();
    }

    private static IsDmarcReport isDmarcReport() throws MessagingException {
        IsDmarcReport matcher = new IsDmarcReport();
        matcher.init(FakeMatcherConfig.builder().matcherName("IsDmarcReport").build());
        return matcher;
    }

    private static DmarcReportHasFailures hasFailures(String condition) throws MessagingException {
        DmarcReportHasFailures matcher = new DmarcReportHasFailures();
        matcher.init(FakeMatcherConfig.builder().matcherName("DmarcReportHasFailures").condition(condition).build());
        return matcher;
    }

    @Test
    void isDmarcReportMatchesTheRfcSubject() throws Exception {
        FakeMail mail = mail("Subject: Report Domain: example.com Submitter: google.com Report-ID: 1\r\n\r\nx\r\n");
        assertThat(isDmarcReport().match(mail)).containsExactly(new MailAddress("rua@example.com"));
    }

    @Test
    void isDmarcReportMatchesAReportAttachment() throws Exception {
        FakeMail mail = mail("Subject: your report\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nhi\r\n"
                + "--b\r\nContent-Type: application/gzip\r\nContent-Disposition: attachment;"
                + " filename=\"yahoo.com!example.com!1559520000!1559606399.xml.gz\"\r\n"
                + "Content-Transfer-Encoding: base64\r\n\r\nH4sIAAAAAAAAAwMAAAAAAAAAAAA=\r\n--b--\r\n");
        assertThat(isDmarcReport().match(mail)).hasSize(1);
    }

    @Test
    void isDmarcReportLeavesOrdinaryMail() throws Exception {
        assertThat(isDmarcReport().match(mail("Subject: lunch\r\n\r\nat noon\r\n"))).isEmpty();
    }

    @Test
    void hasFailuresMatchesFromOneFailureByDefault() throws Exception {
        FakeMail mail = mail("Subject: x\r\n\r\nx\r\n");
        assertThat(hasFailures(null).match(mail)).isEmpty();
        mail.setAttribute(new Attribute(DmarcReportSummary.FAILURES, AttributeValue.of(0L)));
        assertThat(hasFailures(null).match(mail)).isEmpty();
        mail.setAttribute(new Attribute(DmarcReportSummary.FAILURES, AttributeValue.of(1L)));
        assertThat(hasFailures(null).match(mail)).hasSize(1);
    }

    @Test
    void hasFailuresHonoursAThreshold() throws Exception {
        FakeMail mail = mail("Subject: x\r\n\r\nx\r\n");
        mail.setAttribute(new Attribute(DmarcReportSummary.FAILURES, AttributeValue.of(99L)));
        assertThat(hasFailures("100").match(mail)).isEmpty();
        mail.setAttribute(new Attribute(DmarcReportSummary.FAILURES, AttributeValue.of(100L)));
        assertThat(hasFailures(" 100 ").match(mail)).hasSize(1);
    }

    @Test
    void hasFailuresRefusesABadCondition() {
        assertThatThrownBy(() -> hasFailures("some")).isInstanceOf(MessagingException.class)
                .hasMessageContaining("a whole number from 1");
        assertThatThrownBy(() -> hasFailures("0")).isInstanceOf(MessagingException.class);
    }
}
