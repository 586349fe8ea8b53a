package org.mailpolicy.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mailpolicy.it.harness.JamesServerExtension.PASSWORD;
import static org.mailpolicy.it.harness.JamesServerExtension.USER;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mailpolicy.dkim.DkimKeyGenerator;
import org.mailpolicy.dkim.DkimResult;
import org.mailpolicy.dkim.DkimVerifier;
import org.mailpolicy.dkim.DkimVerifierOptions;
import org.mailpolicy.dkim.GeneratedDkimKey;
import org.mailpolicy.dmarcreport.FeedbackReport;
import org.mailpolicy.dmarcreport.FeedbackReportReader;
import org.mailpolicy.dns.InMemoryResolver;
import org.mailpolicy.it.harness.JamesServerExtension;
import org.mailpolicy.it.harness.SmtpClient;
import org.mailpolicy.it.harness.Zone;

/**
 * DMARC failure reports (RFC 9991) from a real James with {@code dmarc.failureReports.enabled=true}: a
 * message forging forged.example, whose record asks for failure reports ({@code ruf=}, {@code fo=1})
 * at a mailbox of this James (an external destination that consents, RFC 9991 §5), is accepted
 * ({@code p=none}); AuthHook hands it to the failure reporter, whose report goes through James's spool,
 * DKIM-signed, into the ruf mailbox, where the test reads it over IMAP with the core's ARF reader. A
 * domain without {@code ruf=}, and a {@code ruf=} at a destination that never consented, get nothing.
 * With failure reports off (the default) nothing is sent: {@code AuthHookTest} checks that without a
 * second James.
 */
class DmarcFailureReportIT {

    private static final String SELECTOR = "f2026";
    private static final String RUF = "dmarc-ruf@" + JamesServerExtension.DOMAIN;
    private static final String VICTIM = "victim@" + JamesServerExtension.DOMAIN;
    private static final String REPORTER = "dmarc-failures@" + JamesServerExtension.DOMAIN;
    private static final GeneratedDkimKey REPORT_KEY = DkimKeyGenerator.ed25519();
    private static final Duration ARRIVAL = Duration.ofSeconds(60);

    @RegisterExtension
    static final JamesServerExtension james = JamesServerExtension.builder()
            .user(RUF, PASSWORD)
            .user(VICTIM, PASSWORD)
            .zone(Zone.primary(JamesServerExtension.DOMAIN,
                    "@ TXT \"v=spf1 ip4:127.0.0.1 -all\"",
                    "_dmarc TXT \"v=DMARC1; p=none\"",
                    // RFC 9990 §4 (RFC 9991 §5): this James's mailbox consents to forged.example's reports only.
                    "forged.example._report._dmarc TXT \"v=DMARC1\"",
                    SELECTOR + "._domainkey TXT " + StandardServers.characterStrings(REPORT_KEY.dnsRecord())))
            // Strict alignment keeps evaluation inside these zones (the test NSD serves no top-level domain).
            .zone(Zone.primary("forged.example",
                    "_dmarc TXT \"v=DMARC1; p=none; aspf=s; adkim=s; fo=1; ruf=mailto:" + RUF + "\""))
            .zone(Zone.primary("norequest.example", "_dmarc TXT \"v=DMARC1; p=none; aspf=s; adkim=s\""))
            .zone(Zone.primary("stranger.example",
                    "_dmarc TXT \"v=DMARC1; p=none; aspf=s; adkim=s; fo=1; ruf=mailto:" + VICTIM + "\""))
            .zone(Zone.primary("other.example", "@ A 192.0.2.1"))
            // The tops of the RFC 9989 tree walks that find the Organizational Domains compared for
            // consent (_dmarc.example, _dmarc.test): NXDOMAIN, as on the internet.
            .zone(Zone.primary("example"))
            .zone(Zone.primary("test"))
            .mailPolicyProperty("dns.servers", "127.0.0.1:${dns.port}")
            .mailPolicyProperty("dmarc.failureReports.enabled", "true")
            .mailPolicyProperty("dmarc.failureReports.email", REPORTER)
            .mailPolicyProperty("dkim.sign.keyFile." + SELECTOR + "._domainkey." + JamesServerExtension.DOMAIN,
                    "file://" + DmarcReportIT.keyFile(REPORT_KEY))
            .build();

    @Test
    void rfc9991AForgedMessageBringsARedactedSignedReportToTheRufMailbox() throws Exception {
        String id = UUID.randomUUID().toString();
        send("bounce@other.example", message("ceo@forged.example", "Pay invoice " + id));
        send("bounce@other.example", message("someone@norequest.example", "no request " + id));
        send("bounce@other.example", message("someone@stranger.example", "stranger " + id));

        List<String> reports = james.imap().awaitInbox(RUF, PASSWORD, 1, ARRIVAL);
        assertThat(reports).hasSize(1);
        String mail = reports.get(0);
        FeedbackReport report = new FeedbackReportReader().read(mail.getBytes(StandardCharsets.UTF_8)).report().orElseThrow();

        assertThat(report.feedbackType()).isEqualTo("auth-failure");
        assertThat(report.authFailure()).isEqualTo("dmarc");
        assertThat(report.version()).isEqualTo(1);
        assertThat(report.fields("Reported-Domain")).containsExactly("forged.example");
        assertThat(report.sourceIp()).contains("127.0.0.1");
        assertThat(report.identityAlignment()).containsExactly("dkim", "spf");
        assertThat(report.fields("Authentication-Results")).singleElement().asString()
                .contains("dmarc=fail header.from=forged.example");
        assertThat(report.subject()).isEqualTo("FW: Pay invoice " + id);
        // RFC 6590: headers only, local-parts replaced by a keyed hash; the Message-ID stays for the owner's logs.
        String headers = report.headers().orElseThrow();
        assertThat(report.hasWholeMessage()).isFalse();
        assertThat(headers).contains("Subject: Pay invoice " + id).contains("Message-ID: <" + id + "@forged.example>")
                .doesNotContain("ceo@forged.example").doesNotContain(USER).doesNotContain("The body stays here.")
                .containsPattern("From: <[A-Za-z0-9_-]{8}@forged\\.example>")
                .containsPattern("To: <[A-Za-z0-9_-]{8}@" + JamesServerExtension.DOMAIN.replace(".", "\\.") + ">");
        assertThat(report.field("Original-Mail-From")).hasValueSatisfying(v -> assertThat(v).matches("<[A-Za-z0-9_-]{8}@other\\.example>"));

        // Signed with the dkim.sign key of the report address's domain.
        InMemoryResolver dns = InMemoryResolver.builder()
                .txt(SELECTOR + "._domainkey." + JamesServerExtension.DOMAIN, REPORT_KEY.dnsRecord()).build();
        assertThat(new DkimVerifier(dns, DkimVerifierOptions.defaults()).verify(mail.getBytes(StandardCharsets.UTF_8)).join()
                .signatures()).anySatisfy(s -> assertThat(s.result()).isEqualTo(DkimResult.PASS));

        // The other two were delivered, and neither brought a report: no ruf=, and a ruf= that never consented.
        Delivered.withSubject(james, "stranger " + id);
        Delivered.withSubject(james, "no request " + id);
        // Reports leave one at a time in arrival order; give the last one time to go wrong.
        Thread.sleep(3_000);
        assertThat(james.imap().inbox(RUF, PASSWORD)).hasSize(1);
        assertThat(james.imap().inbox(VICTIM, PASSWORD)).isEmpty();
    }

    private static String message(String from, String subject) {
        return "From: <" + from + ">\r\nTo: <" + USER + ">\r\nSubject: " + subject + "\r\n"
                + "Date: Mon, 23 Nov 2026 09:00:00 +0000\r\nMessage-ID: <" + subject.replaceAll(".* ", "") + "@"
                + from.substring(from.indexOf('@') + 1) + ">\r\n\r\nThe body stays here.\r\n";
    }

    private static void send(String mailFrom, String message) throws Exception {
        try (SmtpClient smtp = james.smtp()) {
            smtp.ehlo("mx.other.example");
            assertThat(smtp.mailFrom(mailFrom).code()).as("%s", smtp.transcript()).isEqualTo(250);
            assertThat(smtp.rcptTo(USER).code()).as("%s", smtp.transcript()).isEqualTo(250);
            assertThat(smtp.data(message).text()).as("%s", smtp.transcript()).startsWith("250");
        }
    }
}
