package org.mailpolicy.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mailpolicy.it.harness.JamesServerExtension.USER;

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

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mailpolicy.dkim.DkimKeyGenerator;
import org.mailpolicy.dkim.DkimResult;
import org.mailpolicy.dkim.DkimSigner;
import org.mailpolicy.dkim.DkimVerifier;
import org.mailpolicy.dkim.DkimVerifierOptions;
import org.mailpolicy.dkim.GeneratedDkimKey;
import org.mailpolicy.dmarcreport.AggregateReport;
import org.mailpolicy.dmarcreport.ReportParser;
import org.mailpolicy.dmarcreport.ReportRecord;
import org.mailpolicy.dns.InMemoryResolver;
import org.mailpolicy.it.harness.JamesServerExtension;
import org.mailpolicy.it.harness.SmtpClient;
import org.mailpolicy.it.harness.SmtpSink;
import org.mailpolicy.it.harness.Zone;

/**
 * DMARC aggregate reports end to end (RFC 9990): a real James receives mail from sender domains over
 * SMTP (AuthHook evaluates DMARC, DmarcReportCollector records it), its reporter sends the report at the
 * end of a 20-second interval through the spool and RemoteDelivery, over real SMTP, to the sender's
 * rua mailbox (an SMTP receiver on loopback standing in for the sender's MX). The report is read back
 * with the core's ReportParser and its DKIM signature verified.
 */
class DmarcReportIT {

    private static final Duration INTERVAL = Duration.ofSeconds(20);
    private static final Duration ARRIVAL = Duration.ofSeconds(90);
    private static final String REPORTER = "dmarc-reports@" + JamesServerExtension.DOMAIN;
    private static final String SELECTOR = "s2026";
    private static final GeneratedDkimKey SENDER_KEY = DkimKeyGenerator.rsa(2048);
    private static final GeneratedDkimKey REPORT_KEY = DkimKeyGenerator.ed25519();

    /** The rua mailboxes of every sender domain: where RemoteDelivery's gateway points. */
    private static final SmtpSink RUA = SmtpSink.start();

    @RegisterExtension
    static final JamesServerExtension james = JamesServerExtension.builder()
            // RFC 9990 §4: rua within the policy domain needs no consent.
            .zone(Zone.primary("sender.example",
                    "@ TXT \"v=spf1 ip4:127.0.0.1 -all\"",
                    "_dmarc TXT \"v=DMARC1; p=quarantine; adkim=r; rua=mailto:dmarc@sender.example\"",
                    SELECTOR + "._domainkey TXT " + StandardServers.characterStrings(SENDER_KEY.dnsRecord())))
            .zone(Zone.primary("restart.example",
                    "@ TXT \"v=spf1 ip4:127.0.0.1 -all\"",
                    "_dmarc TXT \"v=DMARC1; p=none; rua=mailto:dmarc@restart.example\""))
            // rua at another organization that never authorized it: no report may go there.
            .zone(Zone.primary("stranger.example",
                    "@ TXT \"v=spf1 ip4:127.0.0.1 -all\"",
                    "_dmarc TXT \"v=DMARC1; p=none; rua=mailto:victim@vendor.example\""))
            .zone(Zone.primary("vendor.example", "@ TXT \"v=spf1 -all\""))
            .zone(Zone.primary("other.example", "@ A 192.0.2.1"))
            .mailPolicyProperty("dns.servers", "127.0.0.1:${dns.port}")
            .mailPolicyProperty("dmarc.report.enabled", "true")
            .mailPolicyProperty("dmarc.report.interval", INTERVAL.getSeconds() + "s")
            .mailPolicyProperty("dmarc.report.email", REPORTER)
            .mailPolicyProperty("dmarc.report.orgName", "MailPolicy IT")
            .mailPolicyProperty("dkim.sign.keyFile." + SELECTOR + "._domainkey." + JamesServerExtension.DOMAIN, "file://" + reportKeyFile())
            .editConf("smtpserver.xml", DmarcReportIT::authHookInsteadOfDkimHook)
            .editConf("mailetcontainer.xml", DmarcReportIT::relayToTheRuaSink)
            .build();

    @AfterAll
    static void stopSink() throws IOException {
        RUA.close();
    }

    @Test
    void rfc9990TheReportReachesTheSendersRuaOverSmtpWithTheCountsItSent() throws Exception {
        awaitFreshInterval();
        for (int i = 0; i < 3; i++) {
            send("sender@sender.example", signed("sender.example", "passing " + i));
        }
        for (int i = 0; i < 2; i++) {
            // RFC 9989 §4.4: neither DKIM nor an aligned SPF identity: fails, quarantined (p=quarantine).
            send("bounce@other.example", unsigned("sender.example", "failing " + i));
        }
        send("sender@stranger.example", unsigned("stranger.example", "stranger"));

        List<AggregateReport> reports = awaitReports("dmarc@sender.example", 5);
        long passing = 0;
        long failing = 0;
        for (AggregateReport report : reports) {
            assertThat(report.reporter()).isEqualTo("MailPolicy IT");
            assertThat(report.reporterEmail()).isEqualTo(REPORTER);
            assertThat(report.policy().p()).contains("quarantine");
            for (ReportRecord record : report.records()) {
                assertThat(record.sourceIp()).isEqualTo("127.0.0.1");
                assertThat(record.headerFrom()).isEqualTo("sender.example");
                if ("pass".equals(record.dkim())) {
                    passing += record.count();
                    assertThat(record.disposition()).isEqualTo("none");
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
        assertThat(passing).isEqualTo(3);
        assertThat(failing).isEqualTo(2);

        // RFC 9990 §4: vendor.example publishes no stranger.example._report._dmarc record.
        Thread.sleep(INTERVAL.toMillis());
        assertThat(RUA.sessions()).noneMatch(s -> s.recipients().contains("victim@vendor.example"));
        assertThat(james.jamesLogTail(100_000)).contains("victim@vendor.example");
    }

    @Test
    void rowsCollectedBeforeACleanRestartAppearInTheNextReport() throws Exception {
        awaitFreshInterval();
        for (int i = 0; i < 2; i++) {
            send("sender@restart.example", unsigned("restart.example", "before restart " + i));
        }
        Instant stopped = Instant.now();
        james.restartJames();
        assertThat(james.jamesLogTail(100_000)).contains("DMARC report data read from");

        List<AggregateReport> reports = awaitReports("dmarc@restart.example", 2);
        assertThat(reports.stream().mapToLong(AggregateReport::messages).sum()).isEqualTo(2);
        assertThat(reports).allSatisfy(r -> assertThat(r.end().orElseThrow()).isAfter(stopped.minus(INTERVAL)));
    }

    /** Waits until at least half an interval remains, so the mails of a test and a restart fall in one interval. */
    private static void awaitFreshInterval() throws InterruptedException {
        long seconds = INTERVAL.getSeconds();
        while (Instant.now().getEpochSecond() % seconds > seconds / 2) {
            Thread.sleep(250);
        }
    }

    /** Every report for {@code rua} until they count {@code messages}; each DKIM-signed by the reporter's key. */
    private static List<AggregateReport> awaitReports(String rua, long messages) throws Exception {
        long deadline = System.nanoTime() + ARRIVAL.toNanos();
        InMemoryResolver keys = InMemoryResolver.builder()
                .txt(SELECTOR + "._domainkey." + JamesServerExtension.DOMAIN, REPORT_KEY.dnsRecord()).build();
        DkimVerifier verifier = new DkimVerifier(keys, DkimVerifierOptions.builder().build());
        while (System.nanoTime() < deadline) {
            List<AggregateReport> reports = new ArrayList<>();
            for (SmtpSink.Session session : RUA.sessions()) {
                if (session.recipients().contains(rua) && session.message() != null) {
                    byte[] message = session.message().getBytes(StandardCharsets.UTF_8);
                    assertThat(session.mailFrom()).isEqualTo("<" + REPORTER + ">");
                    assertThat(verifier.verify(message).get().signatures()).as("the report is DKIM-signed by " + JamesServerExtension.DOMAIN)
                            .anySatisfy(s -> assertThat(s.result()).isEqualTo(DkimResult.PASS));
                    reports.add(new ReportParser().parse(message).report().orElseThrow());
                }
            }
            if (reports.stream().mapToLong(AggregateReport::messages).sum() >= messages) {
                return reports;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("no reports counting " + messages + " messages reached " + rua + " within " + ARRIVAL
                + "; sessions: " + RUA.sessions().size());
    }

    private static String signed(String domain, String subject) {
        byte[] message = unsigned(domain, subject).getBytes(StandardCharsets.US_ASCII);
        return new String(DkimSigner.builder(domain).key(SELECTOR, SENDER_KEY.key()).build().signedMessage(message),
                StandardCharsets.US_ASCII);
    }

    private static String unsigned(String domain, String subject) {
        return "From: Sender <sender@" + domain + ">\r\nTo: " + USER + "\r\nSubject: " + subject + " " + UUID.randomUUID()
                + "\r\nDate: Mon, 23 Nov 2026 09:00:00 +0000\r\nMessage-ID: <" + UUID.randomUUID() + "@" + domain + ">\r\n\r\nHello.\r\n";
    }

    private static void send(String mailFrom, String message) throws Exception {
        try (SmtpClient smtp = james.smtp()) {
            smtp.ehlo("client.sender.example");
            assertThat(smtp.mailFrom(mailFrom).code()).as("%s", smtp.transcript()).isEqualTo(250);
            assertThat(smtp.rcptTo(USER).code()).as("%s", smtp.transcript()).isEqualTo(250);
            assertThat(smtp.data(message).code()).as("%s", smtp.transcript()).isEqualTo(250);
        }
    }

    private static String authHookInsteadOfDkimHook(String xml) {
        String dkimHook = "<handler class=\"org.mailpolicy.james.smtp.DkimHook\"/>";
        if (!xml.contains(dkimHook)) {
            throw new IllegalStateException("the sample smtpserver.xml no longer has " + dkimHook);
        }
        return xml.replace(dkimHook, "<handler class=\"org.mailpolicy.james.smtp.AuthHook\"/>");
    }

    private static String relayToTheRuaSink(String xml) {
        String collector = "class=\"org.mailpolicy.james.mailets.DmarcReportCollector\"/>";
        String delivery = "<mailet match=\"All\" class=\"RemoteDelivery\">";
        if (!xml.contains(collector) || !xml.contains(delivery)) {
            throw new IllegalStateException("the sample mailetcontainer.xml no longer has DmarcReportCollector and RemoteDelivery");
        }
        return xml.replace(delivery, delivery + "\n                <gateway>127.0.0.1</gateway><gatewayPort>" + RUA.port() + "</gatewayPort>");
    }

    private static Path reportKeyFile() {
        try {
            Path file = Files.createTempFile("dmarc-report-key", ".pem", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, REPORT_KEY.privateKeyPem());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
