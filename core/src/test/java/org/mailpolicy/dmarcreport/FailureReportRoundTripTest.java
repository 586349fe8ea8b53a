package org.mailpolicy.dmarcreport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mailpolicy.dmarcreport.FailedMessages.ARRIVAL;
import static org.mailpolicy.dmarcreport.FailedMessages.forged;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.mailpolicy.dns.InMemoryResolver;
import org.mailpolicy.message.RawMessage;
import org.mailpolicy.ratelimit.InMemoryRateLimitStore;

/**
 * Each generated failure report read back with {@link FeedbackReportReader} and compared field by
 * field: the ARF structure (RFC 5965 §2), the auth-failure fields (RFC 6591 §3.1, RFC 9991 §4) and the
 * redacted header copy (RFC 6590).
 */
class FailureReportRoundTripTest {

    private static final Instant NOW = Instant.parse("2026-11-23T10:15:31Z");

    private static byte[] report(FailedMessage failed, Redaction redaction) {
        FailureReportDispatcher dispatcher = new FailureReportDispatcher(
                new ReporterMetadata("Receiver", "dmarc-failures@receiver.example", null, "receiver.example"),
                "mx.receiver.example", "MailPolicy/test", redaction, new ExternalDestinationVerifier(InMemoryResolver.builder().build()),
                SuppressionList.empty(), new FailureReportLimiter(new InMemoryRateLimitStore(), Duration.ofHours(1), 10, 10, 10));
        FailureReportDispatch dispatch = dispatcher.dispatch(failed, NOW).join();
        assertThat(dispatch.deliveries()).hasSize(1);
        return dispatch.deliveries().get(0).message();
    }

    private static FeedbackReport read(byte[] message) {
        FeedbackReportReader.Result result = new FeedbackReportReader().read(message);
        assertThat(result.error()).isEmpty();
        return result.report().orElseThrow();
    }

    @Test
    void rfc9991Section4DmarcReportFieldsSurviveARoundTrip() {
        byte[] message = report(forged("mailto:ruf@example.com", "1").build(), Redaction.token());
        FeedbackReport report = read(message);

        // RFC 5965 §3.1 required fields, RFC 6591 §3.1 auth-failure type, RFC 9991 §4 item 3.
        assertThat(report.feedbackType()).isEqualTo("auth-failure");
        assertThat(report.version()).isEqualTo(1);
        assertThat(report.field("User-Agent")).contains("MailPolicy/test");
        assertThat(report.authFailure()).isEqualTo("dmarc");
        // RFC 5965 §3.2 optional fields we fill.
        assertThat(report.field("Original-Envelope-Id")).contains("Mail1700000000-42");
        assertThat(report.field("Original-Mail-From")).contains("<redacted@forger.example>");
        assertThat(report.arrivalDate()).contains(ARRIVAL);
        assertThat(report.sourceIp()).contains("198.51.100.7");
        assertThat(report.fields("Reported-Domain")).containsExactly("example.com");
        assertThat(report.fields("Authentication-Results")).singleElement().asString()
                .startsWith("mx.receiver.example;")
                .contains("dmarc=fail header.from=example.com")
                .contains("spf=fail smtp.mailfrom=forger.example")
                .contains("dkim=fail reason=\"body hash did not verify\" header.d=example.com");
        // RFC 9991 §4 item 2: both mechanisms failed to authenticate an aligned identity.
        assertThat(report.identityAlignment()).containsExactly("dkim", "spf");
        // RFC 9991 §4 item 1: the aligned signature that failed.
        assertThat(report.field("DKIM-Domain")).contains("example.com");
        assertThat(report.field("DKIM-Selector")).contains("s1");
        assertThat(report.field("DKIM-Identity")).contains("@example.com");
        assertThat(report.field("Delivery-Result")).isEmpty();
        assertThat(report.incidents()).isEqualTo(1);

        String text = new String(message, StandardCharsets.UTF_8);
        assertThat(text).contains("Content-Type: multipart/report; report-type=feedback-report;")
                .contains("Auto-Submitted: auto-generated")
                .contains("To: ruf@example.com")
                .contains("From: dmarc-failures@receiver.example");
        // Our own reports are report traffic: nobody reports on them, not even us.
        assertThat(ReportTraffic.isReportTraffic(message)).isTrue();
    }

    @Test
    void rfc6590HeadersOnlyWithLocalPartsRedacted() {
        FeedbackReport report = read(report(forged("mailto:ruf@example.com", "1").build(), Redaction.token()));

        assertThat(report.hasWholeMessage()).isFalse();
        String headers = report.headers().orElseThrow();
        assertThat(headers).contains("From: \"CEO\" <redacted@example.com>")
                .contains("To: redacted@receiver.example, \"Bob\" <redacted@receiver.example>")
                .contains("for <redacted@receiver.example>")
                // Message identifiers are not mailboxes: the domain owner needs them to find the message.
                .contains("Message-ID: <1234.secret-id@example.com>")
                // RFC 9991 §7.3: URLs defused.
                .contains("hxxps://pay.example/x")
                .doesNotContain("alice.smith").doesNotContain("ceo@").doesNotContain("bob@")
                .doesNotContain("wire the money");
        // RFC 9991 Appendix A, as OpenDMARC: the original subject behind FW:, redacted like the headers.
        assertThat(report.subject()).isEqualTo("FW: Invoice for redacted@example.com, see hxxps://pay.example/x");
    }

    @Test
    void rfc6590KeyedHashGivesOneStableTokenPerMailbox() {
        Redaction redaction = Redaction.keyedHash("secret".getBytes(StandardCharsets.UTF_8));
        String headers = read(report(forged("mailto:ruf@example.com", "1").build(), redaction)).headers().orElseThrow();
        String alice = redaction.redact("alice.smith@receiver.example");
        assertThat(alice).endsWith("@receiver.example").doesNotContain("alice").hasSize(8 + "@receiver.example".length());
        assertThat(headers).contains("for <" + alice + ">").contains("To: " + alice + ",").doesNotContain("alice.smith");
        assertThat(redaction.redact("Alice.Smith@receiver.example")).isEqualTo(alice);
        assertThat(redaction.redact("bob@receiver.example")).isNotEqualTo(alice);
        assertThat(Redaction.keyedHash("other".getBytes(StandardCharsets.UTF_8)).redact("alice.smith@receiver.example"))
                .isNotEqualTo(alice);
        assertThat(redaction.redact("\"john doe\"@example.com")).doesNotContain("john").endsWith("@example.com");
    }

    @Test
    void withoutRedactionTheHeadersStayAsReceivedButNeverTheBody() {
        FeedbackReport report = read(report(forged("mailto:ruf@example.com", "1").build(), Redaction.none()));
        assertThat(report.headers().orElseThrow()).contains("To: alice.smith@receiver.example")
                .contains("https://pay.example/x").doesNotContain("wire the money");
        assertThat(report.field("Original-Mail-From")).contains("<bounce.list@forger.example>");
    }

    @Test
    void aNonAsciiSubjectIsWrittenAsEncodedWords() {
        String message = "From: ceo@example.com\r\nSubject: Überweisung – dringend, sehr dringend, äußerst dringend\r\n\r\nx";
        FailedMessage failed = FailedMessage.builder("example.com", "example.com", message.getBytes(StandardCharsets.UTF_8))
                .ruf(List.of("mailto:ruf@example.com")).build();
        byte[] bytes = report(failed, Redaction.token());
        String subject = RawMessage.parse(bytes).headers("Subject").get(0).value();
        assertThat(subject).startsWith(" =?UTF-8?B?").matches("(?s)[\\x00-\\x7f]*");
        assertThat(read(bytes).subject()).isEqualTo("FW: Überweisung – dringend, sehr dringend, äußerst dringend");
        // RFC 6532: the header copy keeps its UTF-8, declared 8bit.
        assertThat(new String(bytes, StandardCharsets.UTF_8)).contains("Content-Transfer-Encoding: 8bit");
    }

    @Test
    void aMessageWithoutSubjectNamesTheDomain() {
        FailedMessage failed = FailedMessage.builder("example.com", "example.com",
                "From: ceo@example.com\r\n\r\n".getBytes(StandardCharsets.UTF_8)).ruf(List.of("mailto:ruf@example.com")).build();
        assertThat(read(report(failed, Redaction.token())).subject()).isEqualTo("DMARC failure report for example.com");
    }

    @Test
    void rfc6591Section33AMessageRefusedInSmtpSaysSo() {
        FeedbackReport report = read(report(forged("mailto:ruf@example.com", "1").refused(true).build(), Redaction.token()));
        assertThat(report.field("Delivery-Result")).contains("reject");
    }

    @Test
    void rfc6591Section32ARevokedKeyIsReportedAsRevoked() {
        FailedMessage failed = forged("mailto:ruf@example.com", "d")
                .dkim(List.of(FailedMessages.signature(org.mailpolicy.dkim.DkimResult.PERMERROR, "example.com",
                        "key revoked (empty p=)")), List.of())
                .build();
        FeedbackReport report = read(report(failed, Redaction.token()));
        assertThat(report.authFailure()).isEqualTo("revoked");
    }
}
