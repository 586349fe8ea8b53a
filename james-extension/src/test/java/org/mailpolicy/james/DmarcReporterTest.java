package org.mailpolicy.james;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Optional;

import org.apache.commons.configuration2.BaseConfiguration;
import org.apache.james.core.MailAddress;
import org.apache.mailet.base.test.FakeMailContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailpolicy.dmarcreport.AggregateReport;
import org.mailpolicy.dmarcreport.InMemoryReportStore;
import org.mailpolicy.dmarcreport.PolicyPublished;
import org.mailpolicy.dmarcreport.ReportInterval;
import org.mailpolicy.dmarcreport.ReportParser;
import org.mailpolicy.dmarcreport.ReportRow;
import org.mailpolicy.dns.InMemoryResolver;

/** DmarcReporter: due reports go out through the mailet context under every sending rule (RFC 9990 §4). */
class DmarcReporterTest {

    private static final Instant START = Instant.parse("2026-11-23T10:15:00Z");
    private static final Duration HOUR = Duration.ofHours(1);
    private static final InMemoryResolver DNS = InMemoryResolver.builder()
            .txt("_dmarc.internal.example", "v=DMARC1; p=reject; rua=mailto:dmarc@internal.example")
            .txt("_dmarc.consenting.example", "v=DMARC1; p=none; rua=mailto:reports@vendor.example")
            .txt("consenting.example._report._dmarc.vendor.example", "v=DMARC1")
            .txt("_dmarc.stranger.example", "v=DMARC1; p=none; rua=mailto:victim@elsewhere.example")
            .txt("_dmarc.suppressed.example", "v=DMARC1; p=none; rua=mailto:dmarc@suppressed.example")
            .build();

    private final MutableClock clock = new MutableClock(START);
    private final InMemoryReportStore store = new InMemoryReportStore(1000);
    private final FakeMailContext context = FakeMailContext.defaultContext();

    private static DmarcReportConfiguration configuration(String... extra) {
        BaseConfiguration properties = new BaseConfiguration();
        properties.addProperty("dmarc.report.enabled", "true");
        properties.addProperty("dmarc.report.email", "dmarc-reports@receiver.example");
        properties.addProperty("dmarc.report.orgName", "Receiver");
        properties.addProperty("dmarc.report.interval", "1h");
        properties.addProperty("dmarc.report.suppress", "suppressed.example");
        for (String pair : extra) {
            properties.addProperty(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
        }
        return DmarcReportConfiguration.from(properties, "mx.receiver.example", name -> {
            throw new AssertionError("no file expected");
        });
    }

    private DmarcReporter reporter(DmarcReportConfiguration configuration, DkimSigningKeys keys, Optional<Path> snapshot) {
        return new DmarcReporter(configuration, store, DNS, keys, context, snapshot, clock);
    }

    private void record(String domain, String ip, int times) throws Exception {
        for (int i = 0; i < times; i++) {
            store.add(ReportRow.builder(domain, ReportInterval.containing(clock.instant(), HOUR), PolicyPublished.builder(domain).p("none").build())
                    .sourceIp(InetAddress.getByName(ip)).headerFrom(domain).envelopeFrom(domain).disposition("none")
                    .aligned(true, false).dkim(domain, "s1", "pass").spf(domain, "mfrom", "fail").build());
        }
    }

    private static AggregateReport attached(FakeMailContext.SentMail sent) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        sent.getMsg().writeTo(bytes);
        return new ReportParser().parse(bytes.toByteArray()).report().orElseThrow();
    }

    @Test
    void aDueReportGoesToAnInternalRuaThroughTheSpool() throws Exception {
        DmarcReporter reporter = reporter(configuration(), DkimSigningKeys.none(), Optional.empty());
        record("internal.example", "192.0.2.1", 3);
        record("internal.example", "192.0.2.2", 1);
        reporter.run();
        assertThat(context.getSentMails()).as("the interval has not ended").isEmpty();

        clock.now = START.plus(HOUR);
        reporter.run();
        assertThat(context.getSentMails()).singleElement().satisfies(sent -> {
            assertThat(sent.getSender()).isEqualTo(new MailAddress("dmarc-reports@receiver.example"));
            assertThat(sent.getRecipients()).containsExactly(new MailAddress("dmarc@internal.example"));
            // RFC 9990 §3.5.2: the subject names the domain and the submitter.
            assertThat(sent.getMsg().getSubject()).startsWith("Report Domain: internal.example Submitter: receiver.example Report-ID:");
            AggregateReport report = attached(sent);
            assertThat(report.domain()).isEqualTo("internal.example");
            assertThat(report.messages()).isEqualTo(4);
            assertThat(report.records()).hasSize(2);
        });
        context.resetSentMails();
        reporter.run();
        assertThat(context.getSentMails()).as("an interval is reported once").isEmpty();
    }

    @Test
    void rfc9990Section4ExternalDestinationsNeedTheirConsent() throws Exception {
        DmarcReporter reporter = reporter(configuration(), DkimSigningKeys.none(), Optional.empty());
        record("consenting.example", "192.0.2.1", 1);
        record("stranger.example", "192.0.2.1", 1);
        record("suppressed.example", "192.0.2.1", 1);
        clock.now = START.plus(HOUR);
        reporter.run();
        assertThat(context.getSentMails()).singleElement()
                .satisfies(sent -> assertThat(sent.getRecipients()).containsExactly(new MailAddress("reports@vendor.example")));
    }

    @Test
    void atMostTheConfiguredNumberOfReportsGoToOneDestinationPerInterval() throws Exception {
        InMemoryResolver dns = InMemoryResolver.builder()
                .txt("_dmarc.a.internal.example", "v=DMARC1; p=none; rua=mailto:dmarc@internal.example")
                .txt("_dmarc.b.internal.example", "v=DMARC1; p=none; rua=mailto:dmarc@internal.example")
                .txt("_dmarc.c.internal.example", "v=DMARC1; p=none; rua=mailto:dmarc@internal.example")
                .txt("a.internal.example._report._dmarc.internal.example", "v=DMARC1")
                .txt("b.internal.example._report._dmarc.internal.example", "v=DMARC1")
                .txt("c.internal.example._report._dmarc.internal.example", "v=DMARC1")
                .build();
        DmarcReporter reporter = new DmarcReporter(configuration("dmarc.report.maxReportsPerDestination=2"), store, dns,
                DkimSigningKeys.none(), context, Optional.empty(), clock);
        record("a.internal.example", "192.0.2.1", 1);
        record("b.internal.example", "192.0.2.1", 1);
        record("c.internal.example", "192.0.2.1", 1);
        clock.now = START.plus(HOUR);
        reporter.run();
        assertThat(context.getSentMails()).hasSize(2);
    }

    @Test
    void reportsAreDkimSignedWithTheKeyOfTheReportAddressDomain() throws Exception {
        byte[] seed = new byte[32];
        new SecureRandom().nextBytes(seed);
        BaseConfiguration keys = new BaseConfiguration();
        keys.addProperty("dkim.sign.key.s1._domainkey.receiver.example", Base64.getEncoder().encodeToString(seed));
        DmarcReporter reporter = reporter(configuration(),
                DkimSigningKeys.fromProperties(keys, name -> new java.io.File("/nonexistent", name)), Optional.empty());
        record("internal.example", "192.0.2.1", 1);
        clock.now = START.plus(HOUR);
        reporter.run();
        assertThat(context.getSentMails()).singleElement().satisfies(sent -> {
            String[] signature = sent.getMsg().getHeader("DKIM-Signature");
            assertThat(signature).hasSize(1);
            assertThat(signature[0]).contains("d=receiver.example").contains("s=s1");
            assertThat(attached(sent).messages()).isEqualTo(1);
        });
    }

    @Test
    void aCleanShutdownKeepsPendingDataForTheNextStart(@TempDir Path directory) throws Exception {
        Path snapshot = directory.resolve("var/dmarc.snapshot");
        DmarcReporter before = reporter(configuration(), DkimSigningKeys.none(), Optional.of(snapshot));
        before.start();
        record("internal.example", "192.0.2.1", 2);
        before.stop();
        assertThat(Files.exists(snapshot)).isTrue();

        InMemoryReportStore restarted = new InMemoryReportStore(1000);
        DmarcReporter after = new DmarcReporter(configuration(), restarted, DNS, DkimSigningKeys.none(), context,
                Optional.of(snapshot), clock);
        after.start();
        try {
            assertThat(Files.exists(snapshot)).as("read once").isFalse();
            clock.now = START.plus(HOUR);
            assertThat(restarted.due(clock.now)).hasSize(1);
            after.run();
            assertThat(context.getSentMails()).singleElement().satisfies(sent -> assertThat(attached(sent).messages()).isEqualTo(2));
        } finally {
            after.stop();
        }
    }

    private static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
