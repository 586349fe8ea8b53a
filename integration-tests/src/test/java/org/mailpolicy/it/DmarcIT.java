package org.mailpolicy.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mailpolicy.it.harness.JamesServerExtension.PASSWORD;
import static org.mailpolicy.it.harness.JamesServerExtension.USER;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mailpolicy.arc.ArcResult;
import org.mailpolicy.arc.ArcSeal;
import org.mailpolicy.arc.ArcSealer;
import org.mailpolicy.dkim.DkimSigner;
import org.mailpolicy.it.harness.JamesServerExtension;
import org.mailpolicy.it.harness.SmtpClient;

/**
 * DMARC end to end on the sample configuration: AuthHook evaluates DMARC at the end of DATA from
 * SpfHook's verdict and its own DKIM verdict, with our resolver asking the test NSD; the sample's
 * DmarcQuarantine files quarantined mail in Junk; AuthenticationResults writes arc= and dmarc=.
 * The envelope sender is example.com (SPF pass from loopback, so SpfHook lets it through) unless
 * the test says otherwise; the From domains publish strict alignment (see StandardServers).
 */
class DmarcIT {

    private static final String AUTHSERV_ID = "mx.mailpolicy.test";

    @RegisterExtension
    static final JamesServerExtension james = StandardServers.create();

    @Test
    void rfc9989AFailureUnderPRejectIsRefusedWith550AtTheEndOfDataAndNothingIsDelivered() throws Exception {
        String subject = "dmarc reject " + UUID.randomUUID();

        assertThat(dataReply(message("ceo@reject.example", subject))).startsWith("550 5.7.1 ").contains("reject.example").contains("p=reject");

        Thread.sleep(Duration.ofSeconds(2).toMillis());
        assertThat(james.imap().inbox(USER, PASSWORD)).noneMatch(m -> m.contains(subject));
        assertThat(james.imap().folder(USER, PASSWORD, "Junk")).noneMatch(m -> m.contains(subject));
    }

    @Test
    void rfc9989AFailureUnderPQuarantineLandsInTheJunkFolder() throws Exception {
        String subject = "dmarc quarantine " + UUID.randomUUID();

        send("sender@example.com", message("news@quarantine.example", subject));

        String junk = Delivered.inFolder(james, "Junk", subject);
        assertThat(Delivered.unfoldedHeader(junk)).contains("dmarc=fail header.from=quarantine.example policy.dmarc=quarantine");
        assertThat(james.imap().inbox(USER, PASSWORD)).noneMatch(m -> m.contains(subject));
    }

    @Test
    void rfc9989AnAlignedPassLandsInTheInboxWithTheFullAuthenticationResults() throws Exception {
        String subject = "dmarc pass " + UUID.randomUUID();
        byte[] signed = DkimSigner.builder("aligned.example")
                .key(StandardServers.DKIM_SELECTOR, StandardServers.DKIM_KEY.key())
                .build()
                .signedMessage(message("sender@aligned.example", subject).getBytes(StandardCharsets.US_ASCII));

        send("sender@aligned.example", new String(signed, StandardCharsets.US_ASCII));

        String header = Delivered.unfoldedHeader(Delivered.withSubject(james, subject));
        assertThat(header).contains("Authentication-Results: " + AUTHSERV_ID + "; spf=pass smtp.mailfrom=aligned.example;")
                .contains("; dkim=pass header.d=aligned.example header.s=" + StandardServers.DKIM_SELECTOR + " header.a=rsa-sha256 header.b=")
                .contains("; dmarc=pass header.from=aligned.example policy.dmarc=reject");
    }

    @Test
    void rfc8617AFailureForwardedByATrustedArcSealerIsAcceptedWithTheOverrideRecorded() throws Exception {
        String subject = "dmarc arc " + UUID.randomUUID();
        byte[] original = message("ceo@reject.example", subject).getBytes(StandardCharsets.US_ASCII);
        // The list (example.com, trusted in StandardServers) saw SPF and DKIM pass for reject.example, then changed the message.
        ArcSeal seal = ArcSealer.builder("example.com").key(StandardServers.DKIM_SELECTOR, StandardServers.DKIM_KEY.key()).build()
                .seal(original, "lists.example.com; spf=pass smtp.mailfrom=reject.example; dkim=pass header.d=reject.example", ArcResult.NONE);

        send("list-bounces@example.com", new String(seal.prependTo(original), StandardCharsets.US_ASCII));

        String header = Delivered.unfoldedHeader(Delivered.withSubject(james, subject));
        assertThat(header).contains("; arc=pass header.oldest-pass=1")
                .contains("dmarc=fail reason=\"override arc (example.com)\" header.from=reject.example policy.dmarc=reject");
    }

    @Test
    void rfc9991FailureReportsAreOffInTheSampleConfiguration() throws Exception {
        String subject = "dmarc ruf " + UUID.randomUUID();

        send("sender@example.com", message("ceo@ruf.example", subject));

        assertThat(Delivered.unfoldedHeader(Delivered.withSubject(james, subject))).contains("dmarc=fail header.from=ruf.example");
        // A report would leave within a second of the verdict; none may come (dmarc.failureReports.enabled=false).
        Thread.sleep(Duration.ofSeconds(3).toMillis());
        assertThat(james.imap().inbox(StandardServers.RUF_MAILBOX, PASSWORD)).isEmpty();
    }

    @Test
    void dnsTroubleFindingThePolicyIs451() throws Exception {
        String subject = "dmarc temperror " + UUID.randomUUID();

        assertThat(dataReply(message("someone@broken.example", subject))).startsWith("451 4.7.1 ").contains("broken.example");
    }

    private static String message(String from, String subject) {
        return "From: <" + from + ">\r\nTo: " + USER + "\r\nSubject: " + subject + "\r\nDate: Mon, 23 Nov 2026 09:00:00 +0000\r\n"
                + "Message-ID: <" + UUID.randomUUID() + "@mailpolicy.test>\r\n\r\nHello.\r\n";
    }

    private static void send(String mailFrom, String message) throws Exception {
        assertThat(dataReply(mailFrom, message)).startsWith("250");
    }

    /** The reply to the end of DATA for {@code message} from sender@example.com (SPF pass from loopback). */
    private static String dataReply(String message) throws Exception {
        return dataReply("sender@example.com", message);
    }

    private static String dataReply(String mailFrom, String message) throws Exception {
        try (SmtpClient smtp = james.smtp()) {
            smtp.ehlo("client.example.com");
            assertThat(smtp.mailFrom(mailFrom).code()).as("%s", smtp.transcript()).isEqualTo(250);
            assertThat(smtp.rcptTo(USER).code()).as("%s", smtp.transcript()).isEqualTo(250);
            return smtp.data(message).text();
        }
    }
}
