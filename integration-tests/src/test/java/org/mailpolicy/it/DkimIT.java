package org.mailpolicy.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mailpolicy.it.harness.JamesServerExtension.USER;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mailpolicy.dkim.DkimSigner;
import org.mailpolicy.it.harness.JamesServerExtension;
import org.mailpolicy.it.harness.SmtpClient;

/**
 * DKIM end to end on the sample configuration: DkimHook verifies at the end of DATA with our
 * resolver asking the test NSD for example.com's RSA-2048 key, and the AuthenticationResults
 * mailet writes the verdict. Messages are signed by our DkimSigner (relaxed/relaxed).
 */
class DkimIT {

    private static final String AUTHSERV_ID = "mx.mailpolicy.test";
    private static final String BODY = "Hello from a signed sender.\r\n";

    @RegisterExtension
    static final JamesServerExtension james = StandardServers.create();

    @Test
    void rfc6376ASignedMessageArrivesInTheInboxWithDkimPassAndItsSignatureTags() throws Exception {
        String subject = "dkim pass " + UUID.randomUUID();

        send(signed(subject));

        String header = Delivered.unfoldedHeader(Delivered.withSubject(james, subject));
        assertThat(header).contains("Authentication-Results: " + AUTHSERV_ID + "; spf=pass smtp.mailfrom=example.com;")
                .contains("; dkim=pass header.d=example.com header.s=" + StandardServers.DKIM_SELECTOR + " header.a=rsa-sha256 header.b=");
    }

    @Test
    void rfc6376Section6_1_3AMessageChangedAfterSigningArrivesWithDkimFail() throws Exception {
        String subject = "dkim tampered " + UUID.randomUUID();

        send(signed(subject).replace(BODY, "Hello from someone else.\r\n"));

        String header = Delivered.unfoldedHeader(Delivered.withSubject(james, subject));
        assertThat(header).contains("dkim=fail reason=\"body hash did not verify\" header.d=example.com header.s="
                + StandardServers.DKIM_SELECTOR + " header.a=rsa-sha256");
        assertThat(header).doesNotContain("dkim=pass");
    }

    @Test
    void rfc8601Section2_7_1AnUnsignedMessageIsDkimNone() throws Exception {
        String subject = "dkim none " + UUID.randomUUID();

        send("From: sender@example.com\r\nTo: " + USER + "\r\nSubject: " + subject + "\r\n\r\n" + BODY);

        assertThat(Delivered.unfoldedHeader(Delivered.withSubject(james, subject))).contains("smtp.helo=client.example.com; dkim=none;");
    }

    private static String signed(String subject) {
        String message = "From: Sender <sender@example.com>\r\nTo: " + USER + "\r\nSubject: " + subject
                + "\r\nDate: Mon, 23 Nov 2026 09:00:00 +0000\r\nMessage-ID: <" + UUID.randomUUID() + "@example.com>\r\n\r\n" + BODY;
        byte[] signed = DkimSigner.builder("example.com")
                .key(StandardServers.DKIM_SELECTOR, StandardServers.DKIM_KEY.key())
                .build()
                .signedMessage(message.getBytes(StandardCharsets.US_ASCII));
        return new String(signed, StandardCharsets.US_ASCII);
    }

    private static void send(String message) throws Exception {
        try (SmtpClient smtp = james.smtp()) {
            smtp.ehlo("client.example.com");
            assertThat(smtp.mailFrom("sender@example.com").code()).as("%s", smtp.transcript()).isEqualTo(250);
            assertThat(smtp.rcptTo(USER).code()).as("%s", smtp.transcript()).isEqualTo(250);
            assertThat(smtp.data(message).code()).as("%s", smtp.transcript()).isEqualTo(250);
        }
    }
}
