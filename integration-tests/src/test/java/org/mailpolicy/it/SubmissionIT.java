package org.mailpolicy.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mailpolicy.it.harness.JamesServerExtension.PASSWORD;
import static org.mailpolicy.it.harness.JamesServerExtension.USER;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mailpolicy.it.harness.JamesServerExtension;
import org.mailpolicy.it.harness.SmtpClient;

/** The sample submission server: relaying only after STARTTLS and AUTH, loopback included. */
class SubmissionIT {

    @RegisterExtension
    static final JamesServerExtension james = StandardServers.create();

    @Test
    void refusesToRelayWithoutAuth() throws Exception {
        try (SmtpClient smtp = james.submission()) {
            smtp.ehlo("client.example.com");
            assertThat(smtp.mailFrom("someone@example.com").code()).isEqualTo(250);

            assertThat(smtp.rcptTo("someone@example.net").text())
                    .as("%s", smtp.transcript())
                    .isEqualTo("550 5.7.1 Requested action not taken: relaying denied");
        }
    }

    @Test
    void refusesALocalSenderWithoutAuth() throws Exception {
        try (SmtpClient smtp = james.submission()) {
            smtp.ehlo("client.example.com");

            assertThat(smtp.mailFrom(USER).text())
                    .as("verifyIdentity: %s", smtp.transcript())
                    .startsWith("530 5.7.1 ");
        }
    }

    @Test
    void relaysAfterStartTlsAndAuth() throws Exception {
        try (SmtpClient smtp = james.submission()) {
            assertThat(smtp.ehlo("client.example.com").lines())
                    .as("AUTH only after STARTTLS (requireSSL)")
                    .anyMatch(line -> line.endsWith("STARTTLS"))
                    .noneMatch(line -> line.contains("AUTH"));
            assertThat(smtp.startTls().code()).isEqualTo(220);
            assertThat(smtp.ehlo("client.example.com").lines()).anyMatch(line -> line.contains("AUTH") && line.contains("PLAIN"));
            assertThat(smtp.authPlain(USER, PASSWORD).text()).startsWith("235 ");
            assertThat(smtp.mailFrom(USER).code()).isEqualTo(250);

            assertThat(smtp.rcptTo("someone@example.net").text())
                    .as("%s", smtp.transcript())
                    .startsWith("250 2.1.5 ");
        }
    }
}
