package org.mailpolicy.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mailpolicy.it.harness.JamesServerExtension.USER;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mailpolicy.it.harness.JamesServerExtension;
import org.mailpolicy.it.harness.SmtpClient;

/**
 * The way MailPolicy's hooks are plugged into a test server, shown with a hook James ships:
 * a handler added through the builder runs on the MX, with its configuration, ahead of James's.
 * (James's own SPFHandler cannot serve here: the memory app 3.8.1 binds no jSPF DNSService,
 * so it fails start-up with "No implementation for DNSService was bound".)
 */
class HandlerPlugInIT {

    private static final String OTHER_USER = "other@" + JamesServerExtension.DOMAIN;

    @RegisterExtension
    static final JamesServerExtension james = JamesServerExtension.builder()
            // the sample's SpfHook checks MAIL FROM: example.com's record allows loopback clients
            .zone(StandardServers.EXAMPLE_COM)
            .mailPolicyProperty("dns.servers", "127.0.0.1:${dns.port}")
            .user(OTHER_USER, "secret")
            .mxHandler("org.apache.james.smtpserver.fastfail.MaxRcptHandler", "<maxRcpt>1</maxRcpt>")
            .build();

    @Test
    void handlerAddedToTheMxRunsWithItsConfiguration() throws Exception {
        try (SmtpClient smtp = james.smtp()) {
            smtp.ehlo("client.example.com");
            assertThat(smtp.mailFrom("someone@example.com").code()).isEqualTo(250);
            assertThat(smtp.rcptTo(USER).code()).isEqualTo(250);

            assertThat(smtp.rcptTo(OTHER_USER).text())
                    .as("%s", smtp.transcript())
                    .isEqualTo("452 4.5.3 Requested action not taken: max recipients reached");
        }
    }

    @Test
    void submissionServerIsLeftAsItWas() throws Exception {
        try (SmtpClient smtp = james.submission()) {
            smtp.ehlo("client.example.com");
            assertThat(smtp.mailFrom("someone@example.com").code()).isEqualTo(250);
            assertThat(smtp.rcptTo(USER).code()).isEqualTo(250);
            assertThat(smtp.rcptTo(OTHER_USER).code()).isEqualTo(250);
        }
    }
}
