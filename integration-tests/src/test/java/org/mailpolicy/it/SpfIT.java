package org.mailpolicy.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mailpolicy.it.harness.JamesServerExtension.USER;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mailpolicy.it.harness.JamesServerExtension;
import org.mailpolicy.it.harness.SmtpClient;

/**
 * SPF end to end on the sample configuration: SpfHook at MAIL FROM (with fail=reject), our
 * resolver asking the test NSD, and the AuthenticationResults mailet writing the verdict.
 * Clients connect from 127.0.0.1, which example.com's record allows and fail.example's does not.
 */
class SpfIT {

    private static final String AUTHSERV_ID = "mx.mailpolicy.test";

    @RegisterExtension
    static final JamesServerExtension james = StandardServers.create();

    @Test
    void passReachesTheInboxWithOurAuthenticationResultsOnTop() throws Exception {
        String subject = "spf pass " + UUID.randomUUID();
        try (SmtpClient smtp = james.smtp()) {
            smtp.ehlo("client.example.com");
            assertThat(smtp.mailFrom("sender@example.com").code()).as("%s", smtp.transcript()).isEqualTo(250);
            assertThat(smtp.rcptTo(USER).code()).isEqualTo(250);
            assertThat(smtp.data(message("sender@example.com", subject, "")).code()).as("%s", smtp.transcript()).isEqualTo(250);
        }

        String delivered = Delivered.withSubject(james, subject);
        String header = Delivered.unfoldedHeader(delivered);
        assertThat(header).contains("Authentication-Results: " + AUTHSERV_ID + "; spf=pass smtp.mailfrom=example.com;");
        assertThat(header.indexOf("Authentication-Results: " + AUTHSERV_ID))
                .as("RFC 8601 §5: our field is above the Received field James added")
                .isLessThan(header.indexOf("Received: "));
    }

    @Test
    void rfc7208FailIsRefusedAtMailFromWith550_5_7_23AndNothingIsQueued() throws Exception {
        try (SmtpClient smtp = james.smtp()) {
            smtp.ehlo("client.example.com");
            assertThat(smtp.mailFrom("someone@fail.example").text()).as("%s", smtp.transcript())
                    .startsWith("550 5.7.23 SPF fail: fail.example does not designate this host");
            assertThat(smtp.rcptTo(USER).code()).as("no sender was accepted").isEqualTo(503);
        }
        assertThat(james.webAdmin().mailQueueSize("spool")).isZero();
    }

    @Test
    void theDomainOwnersExplanationIsTheRejectionText() throws Exception {
        try (SmtpClient smtp = james.smtp()) {
            smtp.ehlo("client.example.com");
            assertThat(smtp.mailFrom("someone@explained.example").text()).as("%s", smtp.transcript())
                    .isEqualTo("550 5.7.23 SPF fail: 127.0.0.1 may not send mail for explained.example");
        }
    }

    @Test
    void servfailFromTheDnsServerIs451AtMailFromNeverAnAcceptOrA5xx() throws Exception {
        try (SmtpClient smtp = james.smtp()) {
            smtp.ehlo("client.example.com");
            assertThat(smtp.mailFrom("someone@broken.example").text()).as("%s", smtp.transcript())
                    .startsWith("451 4.7.24 SPF temporary error for broken.example");
        }
    }

    @Test
    void aForgedAuthenticationResultsWithOurAuthservIdIsGoneAndAForeignOneStays() throws Exception {
        String subject = "spf forged " + UUID.randomUUID();
        String forged = "Authentication-Results: " + AUTHSERV_ID + "; spf=pass smtp.mailfrom=forged.example\r\n"
                + "Authentication-Results: other.example.net; dkim=pass header.d=other.example.net\r\n";
        try (SmtpClient smtp = james.smtp()) {
            smtp.ehlo("client.example.com");
            smtp.mailFrom("sender@example.com");
            smtp.rcptTo(USER);
            assertThat(smtp.data(message("sender@example.com", subject, forged)).code()).as("%s", smtp.transcript()).isEqualTo(250);
        }

        String header = Delivered.unfoldedHeader(Delivered.withSubject(james, subject));
        assertThat(header).doesNotContain("forged.example");
        assertThat(header).contains("Authentication-Results: other.example.net; dkim=pass header.d=other.example.net");
        assertThat(header.split("Authentication-Results: " + AUTHSERV_ID, -1)).as("exactly one field of ours").hasSize(2);
    }

    private static String message(String from, String subject, String extraHeaders) {
        return extraHeaders + "From: " + from + "\r\nTo: " + USER + "\r\nSubject: " + subject + "\r\n\r\nHello.\r\n";
    }
}
