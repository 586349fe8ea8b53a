package org.mailpolicy.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mailpolicy.it.harness.JamesServerExtension.PASSWORD;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mailpolicy.dkim.DkimKeyGenerator;
import org.mailpolicy.dkim.DkimSigner;
import org.mailpolicy.dkim.GeneratedDkimKey;
import org.mailpolicy.dmarcreport.AggregateReport;
import org.mailpolicy.dmarcreport.ReportParser;
import org.mailpolicy.dmarcreport.ReportRecord;
import org.mailpolicy.it.harness.FreePorts;
import org.mailpolicy.it.harness.JamesServerExtension;
import org.mailpolicy.it.harness.SmtpClient;
import org.mailpolicy.it.harness.Zone;

/**
 * DMARC aggregate reports between two real James servers on loopback, each with its own test DNS
 * (RFC 9990). James A hosts sender.example: its users submit mail, A DKIM-signs it and relays it to
 * James B. B also receives spoofed sender.example mail straight from the test. B evaluates DMARC
 * (AuthHook), records each message (DmarcReportCollector), and at the end of its 20-second interval
 * sends the report, DKIM-signed, through its spool and RemoteDelivery over SMTP to A, where it lands in
 * the rua mailbox dmarc@sender.example: A verifies its signature (DkimHook), reads it (DmarcReportParse),
 * and the test fetches it over IMAP and parses it with the core's ReportParser.
 */
class DmarcReportIT {

    private static final Duration INTERVAL = Duration.ofSeconds(20);
    private static final Duration ARRIVAL = Duration.ofSeconds(120);
    private static final String SELECTOR = "s2026";
    private static final String REPORTER = "dmarc-reports@" + JamesServerExtension.DOMAIN;
    private static final String SENDER = "sender@sender.example";
    private static final String RECIPIENT = "user@b.example";
    private static final GeneratedDkimKey SENDER_KEY = DkimKeyGenerator.rsa(2048);
    private static final GeneratedDkimKey REPORT_KEY = DkimKeyGenerator.ed25519();
    private static final int A_PORT = FreePorts.tcp();
    private static final int B_PORT = FreePorts.tcp();

    /** sender.example's own James: its users send from it, and it holds the rua mailboxes. */
    @RegisterExtension
    @Order(1)
    static final JamesServerExtension a = JamesServerExtension.builder()
            .instance("a")
            .smtpPort(A_PORT)
            .domain("sender.example")
            .domain("restart.example")
            .user(SENDER, PASSWORD)
            .user("dmarc@sender.example", PASSWORD)
            .user("dmarc@restart.example", PASSWORD)
            // What A's MailPolicy asks about the reports B sends: SPF and the report signing key of B.
            // ... and its DMARC policy, so A's AuthHook finds one without walking up to a TLD this NSD does not serve.
            .zone(Zone.primary(JamesServerExtension.DOMAIN,
                    "@ TXT \"v=spf1 ip4:127.0.0.1 -all\"",
                    "_dmarc TXT \"v=DMARC1; p=none\"",
                    SELECTOR + "._domainkey TXT " + StandardServers.characterStrings(REPORT_KEY.dnsRecord())))
            .zone(Zone.primary("b.example", "@ TXT \"v=spf1 ip4:127.0.0.1 -all\""))
            .mailPolicyProperty("dns.servers", "127.0.0.1:${dns.port}")
            .mailPolicyProperty("dkim.sign.keyFile." + SELECTOR + "._domainkey.sender.example", "file://" + keyFile(SENDER_KEY))
            .editConf("mailetcontainer.xml", xml -> readReports(signAndRelay(xml, B_PORT, "mx.sender.example")))
            .build();

    /** The receiver that reports. */
    @RegisterExtension
    @Order(2)
    static final JamesServerExtension b = JamesServerExtension.builder()
            .instance("b")
            .smtpPort(B_PORT)
            .domain("b.example")
            .user(RECIPIENT, PASSWORD)
            // RFC 9990 §4: rua within the policy domain needs no consent.
            .zone(Zone.primary("sender.example",
                    "@ TXT \"v=spf1 ip4:127.0.0.1 -all\"",
                    "_dmarc TXT \"v=DMARC1; p=quarantine; rua=mailto:dmarc@sender.example\"",
                    SELECTOR + "._domainkey TXT " + StandardServers.characterStrings(SENDER_KEY.dnsRecord())))
            .zone(Zone.primary("restart.example",
                    "@ TXT \"v=spf1 ip4:127.0.0.1 -all\"",
                    "_dmarc TXT \"v=DMARC1; p=none; rua=mailto:dmarc@restart.example\""))
            // A rua at another organization that never authorized it (no stranger.example._report._dmarc.vendor.example).
            .zone(Zone.primary("stranger.example",
                    "@ TXT \"v=spf1 ip4:127.0.0.1 -all\"",
                    "_dmarc TXT \"v=DMARC1; p=none; rua=mailto:victim@vendor.example\""))
            .zone(Zone.primary("vendor.example", "@ TXT \"v=spf1 -all\""))
            .zone(Zone.primary("other.example", "@ A 192.0.2.1"))
            // The top of the RFC 9989 tree walk that finds Organizational Domains (_dmarc.example): NXDOMAIN.
            .zone(Zone.primary("example"))
            .mailPolicyProperty("dns.servers", "127.0.0.1:${dns.port}")
            .mailPolicyProperty("dmarc.report.enabled", "true")
            .mailPolicyProperty("dmarc.report.interval", INTERVAL.getSeconds() + "s")
            .mailPolicyProperty("dmarc.report.email", REPORTER)
            .mailPolicyProperty("dmarc.report.orgName", "MailPolicy B")
            .mailPolicyProperty("dkim.sign.keyFile." + SELECTOR + "._domainkey." + JamesServerExtension.DOMAIN, "file://" + keyFile(REPORT_KEY))
            .editConf("smtpserver.xml", DmarcReportIT::authHookInsteadOfDkimHook)
            .editConf("mailetcontainer.xml", xml -> relay(xml, A_PORT, "mx.b.example"))
            .build();

    @Test
    void rfc9990BsReportReachesAsRuaMailboxOverSmtpWithTheCountsSent() throws Exception {
        awaitFreshInterval();
        for (int i = 0; i < 3; i++) {
            submitThroughA("passing " + i);
        }
        for (int i = 0; i < 2; i++) {
            // RFC 9989 §4.4: neither a DKIM signature of sender.example nor an aligned SPF identity: quarantined.
            sendToB("bounce@other.example", message("sender.example", "spoofed " + i));
        }
        sendToB("sender@stranger.example", message("stranger.example", "stranger"));

        List<String> delivered = awaitReports("dmarc@sender.example", 5);
        long passing = 0;
        long failing = 0;
        for (String mail : delivered) {
            // A's DkimHook verified B's signature with the key in A's DNS.
            assertThat(Delivered.unfoldedHeader(mail)).contains("dkim=pass header.d=" + JamesServerExtension.DOMAIN);
            AggregateReport report = new ReportParser().parse(mail.getBytes(StandardCharsets.UTF_8)).report().orElseThrow();
            assertThat(report.reporter()).isEqualTo("MailPolicy B");
            assertThat(report.reporterEmail()).isEqualTo(REPORTER);
            assertThat(report.domain()).isEqualTo("sender.example");
            assertThat(report.policy().p()).contains("quarantine");
            for (ReportRecord record : report.records()) {
                assertThat(record.sourceIp()).isEqualTo("127.0.0.1");
                assertThat(record.headerFrom()).isEqualTo("sender.example");
                if ("pass".equals(record.dkim())) {
                    passing += record.count();
                    assertThat(record.disposition()).isEqualTo("none");
                    assertThat(record.envelopeFrom()).contains("sender.example");
                    assertThat(record.dkimResults()).anySatisfy(d -> {
                        assertThat(d.domain()).isEqualTo("sender.example");
                        assertThat(d.selector()).isEqualTo(SELECTOR);
                        assertThat(d.result()).isEqualTo("pass");
                    });
                } else {
                    failing += record.count();
                    assertThat(record.disposition()).isEqualTo("quarantine");
                    assertThat(record.envelopeFrom()).contains("other.example");
                }
            }
        }
        assertThat(passing).as("what A sent").isEqualTo(3);
        assertThat(failing).as("what was spoofed").isEqualTo(2);
        assertThat(a.jamesLogTail(100_000)).as("A's DmarcReportParse read it").contains("DMARC report mail=");

        // RFC 9990 §4: vendor.example did not authorize reports about stranger.example.
        Thread.sleep(INTERVAL.toMillis());
        String log = b.jamesLogTail(100_000);
        assertThat(log).contains("no v=DMARC1 record at stranger.example._report._dmarc.vendor.example")
                .doesNotContain("to victim@vendor.example (");
    }

    @Test
    void rowsCollectedBeforeACleanRestartOfBAppearInItsNextReport() throws Exception {
        awaitFreshInterval();
        for (int i = 0; i < 2; i++) {
            sendToB("sender@restart.example", message("restart.example", "before restart " + i));
        }
        b.restartJames();
        assertThat(b.jamesLogTail(100_000)).contains("DMARC report data read from");

        List<String> delivered = awaitReports("dmarc@restart.example", 2);
        assertThat(delivered.stream().mapToLong(m -> new ReportParser().parse(m.getBytes(StandardCharsets.UTF_8))
                .report().orElseThrow().messages()).sum()).isEqualTo(2);
    }

    /** Waits until at least half an interval remains, so a test's mails (and a restart) fall in one interval. */
    private static void awaitFreshInterval() throws InterruptedException {
        long seconds = INTERVAL.getSeconds();
        while (Instant.now().getEpochSecond() % seconds > seconds / 2) {
            Thread.sleep(250);
        }
    }

    /** The report mails in A's mailbox {@code rua} once they count {@code messages}. */
    private static List<String> awaitReports(String rua, long messages) throws Exception {
        long deadline = System.nanoTime() + ARRIVAL.toNanos();
        while (true) {
            List<String> reports = new ArrayList<>();
            long counted = 0;
            for (String mail : a.imap().inbox(rua, PASSWORD)) {
                reports.add(mail);
                counted += new ReportParser().parse(mail.getBytes(StandardCharsets.UTF_8)).report()
                        .map(AggregateReport::messages).orElse(0L);
            }
            if (counted >= messages) {
                return reports;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(rua + " holds " + reports.size() + " reports counting " + counted + " messages, not "
                        + messages + ", after " + ARRIVAL);
            }
            Thread.sleep(1000);
        }
    }

    /** A user of sender.example sends through A's submission server; A signs and relays to B. */
    private static void submitThroughA(String subject) throws Exception {
        try (SmtpClient smtp = a.submission().login("laptop.sender.example", SENDER, PASSWORD)) {
            smtp.sendMail(SENDER, List.of(RECIPIENT), message("sender.example", subject));
        }
    }

    /** Straight to B's MX, as anyone on the internet can. */
    private static void sendToB(String mailFrom, String message) throws Exception {
        try (SmtpClient smtp = b.smtp()) {
            smtp.ehlo("client.other.example");
            assertThat(smtp.mailFrom(mailFrom).code()).as("%s", smtp.transcript()).isEqualTo(250);
            assertThat(smtp.rcptTo(RECIPIENT).code()).as("%s", smtp.transcript()).isEqualTo(250);
            assertThat(smtp.data(message).code()).as("%s", smtp.transcript()).isEqualTo(250);
        }
    }

    private static String message(String domain, String subject) {
        return "From: Sender <sender@" + domain + ">\r\nTo: " + RECIPIENT + "\r\nSubject: " + subject + " " + UUID.randomUUID()
                + "\r\nDate: Mon, 23 Nov 2026 09:00:00 +0000\r\nMessage-ID: <" + UUID.randomUUID() + "@" + domain + ">\r\n\r\nHello.\r\n";
    }

    private static String authHookInsteadOfDkimHook(String xml) {
        String dkimHook = "<handler class=\"org.mailpolicy.james.smtp.DkimHook\"/>";
        if (!xml.contains(dkimHook)) {
            throw new IllegalStateException("the sample smtpserver.xml no longer has " + dkimHook);
        }
        return xml.replace(dkimHook, "<handler class=\"org.mailpolicy.james.smtp.AuthHook\"/>");
    }

    /** RemoteDelivery sends every remote mail to the other James, greeting with a name its DNS knows. */
    private static String relay(String xml, int port, String heloName) {
        String delivery = "<mailet match=\"All\" class=\"RemoteDelivery\">";
        if (!xml.contains(delivery) || !xml.contains("class=\"org.mailpolicy.james.mailets.DmarcReportCollector\"/>")) {
            throw new IllegalStateException("the sample mailetcontainer.xml no longer has DmarcReportCollector and RemoteDelivery");
        }
        return xml.replace(delivery, delivery + "\n                <gateway>127.0.0.1</gateway><gatewayPort>" + port
                + "</gatewayPort><heloName>" + heloName + "</heloName>");
    }

    /** A DKIM-signs what it relays (keys from mailpolicy.properties). */
    private static String signAndRelay(String xml, int port, String heloName) {
        String delivery = "<mailet match=\"All\" class=\"RemoteDelivery\">";
        return relay(xml, port, heloName).replace(delivery,
                "<mailet match=\"All\" class=\"org.mailpolicy.james.mailets.DkimSign\"/>\n            " + delivery);
    }

    /** A reads incoming aggregate reports, as the sample's commented lines show. */
    private static String readReports(String xml) {
        String anchor = "<mailet match=\"from-internet\" class=\"org.mailpolicy.james.mailets.AuthenticationResults\"/>";
        if (!xml.contains(anchor)) {
            throw new IllegalStateException("the sample mailetcontainer.xml no longer has " + anchor);
        }
        return xml.replace(anchor, anchor + "\n            <mailet match=\"org.mailpolicy.james.matchers.IsDmarcReport\" "
                + "class=\"org.mailpolicy.james.mailets.DmarcReportParse\"/>");
    }

    static Path keyFile(GeneratedDkimKey key) {
        try {
            Path file = Files.createTempFile("dmarc-report-it", ".pem", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, key.privateKeyPem());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
