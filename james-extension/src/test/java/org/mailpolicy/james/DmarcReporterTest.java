package org.mailpolicy.james;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
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
import java.util.concurrent.atomic.AtomicInteger;

import javax.mail.MessagingException;

import org.apache.commons.configuration2.BaseConfiguration;
import org.apache.james.core.MailAddress;
import org.apache.mailet.MailetContext;
import org.apache.mailet.base.test.FakeMailContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailpolicy.dmarc.DmarcEvaluator;
import org.mailpolicy.dmarc.DmarcOptions;
import org.mailpolicy.dmarcreport.AggregateReport;
import org.mailpolicy.dmarcreport.InMemoryReportStore;
import org.mailpolicy.dmarcreport.PolicyPublished;
import org.mailpolicy.dmarcreport.ReportInterval;
import org.mailpolicy.dmarcreport.ReportParser;
import org.mailpolicy.dmarcreport.ReportRow;
import org.mailpolicy.dmarcreport.ReportStore;
import org.mailpolicy.dns.InMemoryResolver;
import org.mailpolicy.ratelimit.InMemoryRateLimitStore;

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
        return reporter(configuration, store, DNS, keys, context, snapshot);
    }

    private DmarcReporter reporter(DmarcReportConfiguration configuration, ReportStore store, InMemoryResolver dns,
            DkimSigningKeys keys, MailetContext context, Optional<Path> snapshot) {
        return new DmarcReporter(configuration, store, new InMemoryRateLimitStore(clock, 100), dns,
                new DmarcEvaluator(dns, DmarcOptions.defaults()), keys, context, snapshot, clock);
    }

    private void record(String domain, String ip, int times) throws Exception {
        record(domain, domain, ip, times);
    }

    /** Rows about mail from {@code fromDomain} under the DMARC record of {@code policyDomain}. */
    private void record(String policyDomain, String fromDomain, String ip, int times) throws Exception {
        for (int i = 0; i < times; i++) {
            store.add(ReportRow.builder(policyDomain, ReportInterval.containing(clock.instant(), HOUR),
                    PolicyPublished.builder(policyDomain).p("none").build())
                    .sourceIp(InetAddress.getByName(ip)).headerFrom(fromDomain).envelopeFrom(fromDomain).disposition("none")
                    .aligned(true, false).dkim(fromDomain, "s1", "pass").spf(fromDomain, "mfrom", "fail").build());
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
        DmarcReporter reporter = reporter(configuration("dmarc.report.maxReportsPerDestination=2"), store, dns,
                DkimSigningKeys.none(), context, Optional.empty());
        record("a.internal.example", "192.0.2.1", 1);
        record("b.internal.example", "192.0.2.1", 1);
        record("c.internal.example", "192.0.2.1", 1);
        clock.now = START.plus(HOUR);
        reporter.run();
        assertThat(context.getSentMails()).hasSize(2);
    }

    @Test
    void nodesSharingADestinationLimitStoreShareTheCap() throws Exception {
        InMemoryRateLimitStore shared = new InMemoryRateLimitStore(clock, 100);
        DmarcReportConfiguration configuration = configuration("dmarc.report.maxReportsPerDestination=1");
        DmarcReporter nodeA = new DmarcReporter(configuration, store, shared, DNS, new DmarcEvaluator(DNS, DmarcOptions.defaults()),
                DkimSigningKeys.none(), context, Optional.empty(), clock);
        InMemoryReportStore otherStore = new InMemoryReportStore(1000);
        DmarcReporter nodeB = new DmarcReporter(configuration, otherStore, shared, DNS, new DmarcEvaluator(DNS, DmarcOptions.defaults()),
                DkimSigningKeys.none(), context, Optional.empty(), clock);
        record("internal.example", "192.0.2.1", 1);
        // Each node reports its own rows about internal.example (as two in-memory nodes would).
        otherStore.add(ReportRow.builder("internal.example", ReportInterval.containing(START, HOUR),
                PolicyPublished.builder("internal.example").p("none").build()).headerFrom("internal.example").disposition("none").build());
        clock.now = START.plus(HOUR);
        nodeA.run();
        nodeB.run();
        assertThat(context.getSentMails()).as("one report for dmarc@internal.example, whichever node sends").hasSize(1);
    }

    @Test
    void aReportTheSpoolRefusesGoesBackToTheStoreAndLeavesAtTheNextRun() throws Exception {
        AtomicInteger refusals = new AtomicInteger(1);
        MailetContext refusingOnce = (MailetContext) Proxy.newProxyInstance(MailetContext.class.getClassLoader(),
                new Class<?>[] {MailetContext.class}, (proxy, method, args) -> {
                    if (method.getName().equals("sendMail") && refusals.getAndDecrement() > 0) {
                        throw new MessagingException("spool full");
                    }
                    try {
                        return method.invoke(context, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        DmarcReporter reporter = reporter(configuration("dmarc.report.maxReportsPerDestination=1"), store, DNS,
                DkimSigningKeys.none(), refusingOnce, Optional.empty());
        record("internal.example", "192.0.2.1", 2);
        clock.now = START.plus(HOUR);
        reporter.run();
        assertThat(context.getSentMails()).isEmpty();
        assertThat(store.due(clock.now)).as("the rows are back").hasSize(1);

        reporter.run();
        assertThat(context.getSentMails()).as("the refused report gave its charge back").singleElement()
                .satisfies(sent -> assertThat(attached(sent).messages()).isEqualTo(2));
        assertThat(store.pending()).isEmpty();
    }

    @Test
    void aRetryAfterDnsTroubleGoesOnlyToTheDestinationsStillWaiting() throws Exception {
        InMemoryResolver dns = InMemoryResolver.builder()
                .txt("_dmarc.multi.example", "v=DMARC1; p=none; rua=mailto:dmarc@multi.example,mailto:agg@vendor.example")
                .tempfail("multi.example._report._dmarc.vendor.example", "SERVFAIL")
                .build();
        DmarcReporter reporter = reporter(configuration(), store, dns, DkimSigningKeys.none(), context, Optional.empty());
        record("multi.example", "192.0.2.1", 1);
        clock.now = START.plus(HOUR);
        for (int run = 0; run < 3; run++) {
            reporter.run();
            assertThat(store.pending()).as("claimed while waiting for the retry").hasSize(run < 2 ? 1 : 0);
        }
        assertThat(context.getSentMails()).as("dmarc@multi.example had it at the first attempt, and only then").singleElement()
                .satisfies(sent -> assertThat(sent.getRecipients()).containsExactly(new MailAddress("dmarc@multi.example")));
        assertThat(store.due(clock.now)).as("dropped after three attempts").isEmpty();
    }

    @Test
    void rfc9990Section4SameOrganizationalDomainNeedsNoConsentRecord() throws Exception {
        InMemoryResolver dns = InMemoryResolver.builder()
                .txt("_dmarc.org.example", "v=DMARC1; p=none")
                .txt("_dmarc.mail.org.example", "v=DMARC1; p=none; rua=mailto:dmarc@reports.org.example")
                .build();
        DmarcReporter reporter = reporter(configuration(), store, dns, DkimSigningKeys.none(), context, Optional.empty());
        record("mail.org.example", "192.0.2.1", 1);
        clock.now = START.plus(HOUR);
        reporter.run();
        assertThat(context.getSentMails()).as("reports.org.example and mail.org.example are both org.example (RFC 9989 §4.10.2)")
                .singleElement().satisfies(sent -> assertThat(sent.getRecipients())
                        .containsExactly(new MailAddress("dmarc@reports.org.example")));
    }

    @Test
    void rfc9990Section4Step3ConsentIsAskedForTheDomainWhosePolicyApplied() throws Exception {
        // Mail from sub.consenting.example fell under consenting.example's record: the report, and the consent
        // query, name consenting.example, not sub.consenting.example.
        DmarcReporter reporter = reporter(configuration(), DkimSigningKeys.none(), Optional.empty());
        record("consenting.example", "sub.consenting.example", "192.0.2.1", 1);
        clock.now = START.plus(HOUR);
        reporter.run();
        assertThat(context.getSentMails()).singleElement().satisfies(sent -> {
            assertThat(sent.getRecipients()).containsExactly(new MailAddress("reports@vendor.example"));
            assertThat(attached(sent).records()).singleElement()
                    .satisfies(r -> assertThat(r.headerFrom()).isEqualTo("sub.consenting.example"));
        });
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
        DmarcReporter after = reporter(configuration(), restarted, DNS, DkimSigningKeys.none(), context, Optional.of(snapshot));
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
