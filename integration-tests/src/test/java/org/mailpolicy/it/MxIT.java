package org.mailpolicy.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mailpolicy.it.harness.JamesServerExtension.PASSWORD;
import static org.mailpolicy.it.harness.JamesServerExtension.USER;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mailpolicy.it.harness.JamesServerExtension;
import org.mailpolicy.it.harness.SmtpClient;

/** The sample MX (smtpserver.xml of james-conf): local delivery yes, relaying for loopback no. */
class MxIT {

    @RegisterExtension
    static final JamesServerExtension james = StandardServers.create();

    @Test
    void refusesToRelayForALoopbackClientAndQueuesNothing() throws Exception {
        try (SmtpClient smtp = james.smtp()) {
            assertThat(smtp.greeting().code()).isEqualTo(220);
            assertThat(smtp.ehlo("client.example.com").code()).isEqualTo(250);
            assertThat(smtp.mailFrom("someone@example.com").code()).isEqualTo(250);

            assertThat(smtp.rcptTo("someone@example.net").text())
                    .as("127.0.0.1 is not in authorizedAddresses: %s", smtp.transcript())
                    .startsWith("550 5.7.1 ");
            assertThat(smtp.data("Subject: relay attempt\r\n\r\nhello\r\n").code())
                    .as("no recipient was accepted").isEqualTo(503);
        }

        assertThat(james.webAdmin().mailQueueSize("spool")).isZero();
        assertThat(james.webAdmin().mailQueueSize("outgoing")).isZero();
    }

    @Test
    void deliversMailForALocalUserToTheInbox() throws Exception {
        String subject = "MX delivery " + UUID.randomUUID();
        try (SmtpClient smtp = james.smtp()) {
            smtp.ehlo("client.example.com");
            assertThat(smtp.mailFrom("someone@example.com").code()).isEqualTo(250);
            assertThat(smtp.rcptTo(USER).code()).isEqualTo(250);
            assertThat(smtp.data("From: someone@example.com\nTo: " + USER + "\nSubject: " + subject + "\n\nHello.\n.leading dot\n").text())
                    .as("%s", smtp.transcript())
                    .startsWith("250 ");
        }

        List<String> inbox = james.imap().awaitInbox(USER, PASSWORD, 1, Duration.ofSeconds(10));
        assertThat(inbox).filteredOn(message -> message.contains("Subject: " + subject)).singleElement()
                .satisfies(message -> assertThat(message).contains("\r\n.leading dot\r\n"));
    }
}
