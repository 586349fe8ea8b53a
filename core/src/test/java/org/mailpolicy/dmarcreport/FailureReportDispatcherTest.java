package org.mailpolicy.dmarcreport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mailpolicy.dmarcreport.FailedMessages.forged;
import static org.mailpolicy.dmarcreport.FailedMessages.signature;
import static org.mailpolicy.dmarcreport.FailedMessages.spf;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.mailpolicy.dkim.DkimResult;
import org.mailpolicy.dmarc.DmarcResultCode;
import org.mailpolicy.dns.InMemoryResolver;
import org.mailpolicy.ratelimit.InMemoryRateLimitStore;
import org.mailpolicy.ratelimit.MutableClock;
import org.mailpolicy.spf.SpfResultCode;

/**
 * When a failure report is due (RFC 9989 §4.7 {@code ruf=} and {@code fo=}) and the sending rules of
 * RFC 9991 §2 and §5 (external destinations, rate limits), with {@code !size} and suppression as for
 * aggregate reports.
 */
class FailureReportDispatcherTest {

    private static final Instant NOW = Instant.parse("2026-11-23T10:15:31Z");
    private static final ReporterMetadata REPORTER = new ReporterMetadata("Receiver", "dmarc-failures@receiver.example",
            null, "receiver.example");

    private final MutableClock clock = MutableClock.atSomeInstant();

    private FailureReportDispatcher dispatcher(InMemoryResolver dns, Redaction redaction, int perDomain, int perDestination,
            int total) {
        return new FailureReportDispatcher(REPORTER, "mx.receiver.example", "MailPolicy/test", redaction,
                new ExternalDestinationVerifier(dns), SuppressionList.of(List.of("suppressed.example")),
                new FailureReportLimiter(new InMemoryRateLimitStore(clock, 1000), Duration.ofHours(1), perDomain,
                        perDestination, total));
    }

    private FailureReportDispatcher dispatcher() {
        return dispatcher(InMemoryResolver.builder().build(), Redaction.token(), 100, 100, 100);
    }

    private FailureReportDispatch dispatch(FailedMessage failed) {
        return dispatcher().dispatch(failed, NOW).join();
    }

    @Test
    void rfc9989Section47Fo0ReportsWhenNoMechanismProducesAnAlignedPass() {
        FailureReportDispatch dispatch = dispatch(forged("mailto:ruf@example.com", "0").build());
        assertThat(dispatch.deliveries()).singleElement().satisfies(d -> {
            assertThat(d.kind()).isEqualTo(FailureKind.DMARC);
            assertThat(d.destination().address()).isEqualTo("ruf@example.com");
        });
    }

    @Test
    void rfc9989Section47Fo0SendsNothingWhenOneMechanismPassesAligned() {
        FailedMessage spfAligned = forged("mailto:ruf@example.com", "0")
                .spf(spf(SpfResultCode.PASS, "example.com"), true).dmarcResult(DmarcResultCode.PASS).build();
        assertThat(dispatcher().due(spfAligned)).isEmpty();
        assertThat(dispatch(spfAligned).deliveries()).isEmpty();
    }

    @Test
    void rfc9989Section47Fo1ReportsWhenAnyMechanismFailsToProduceAnAlignedPass() {
        FailedMessage spfAligned = forged("mailto:ruf@example.com", "1")
                .spf(spf(SpfResultCode.PASS, "example.com"), true).dmarcResult(DmarcResultCode.PASS).build();
        assertThat(dispatch(spfAligned).deliveries()).singleElement()
                .satisfies(d -> assertThat(d.kind()).isEqualTo(FailureKind.DMARC));

        FailedMessage bothAligned = forged("mailto:ruf@example.com", "1")
                .spf(spf(SpfResultCode.PASS, "example.com"), true)
                .dkim(List.of(signature(DkimResult.PASS, "example.com", "")), List.of("example.com"))
                .dmarcResult(DmarcResultCode.PASS).build();
        assertThat(dispatcher().due(bothAligned)).isEmpty();
    }

    @Test
    void rfc9989Section47FoDReportsAFailedSignatureWhateverItsAlignment() {
        FailedMessage unalignedFailure = forged("mailto:ruf@example.com", "d")
                .spf(spf(SpfResultCode.PASS, "example.com"), true)
                .dkim(List.of(signature(DkimResult.FAIL, "esp.example", "signature did not verify")), List.of())
                .dmarcResult(DmarcResultCode.PASS).build();
        FailureReportDispatch dispatch = dispatch(unalignedFailure);
        assertThat(dispatch.deliveries()).singleElement().satisfies(d -> assertThat(d.kind()).isEqualTo(FailureKind.DKIM));
        FeedbackReport report = read(dispatch.deliveries().get(0));
        // RFC 6591 §3.2: the DKIM failure type, and the signature it is about.
        assertThat(report.authFailure()).isEqualTo("signature");
        assertThat(report.field("DKIM-Domain")).contains("esp.example");
        assertThat(report.field("DKIM-Selector")).contains("s1");

        FailedMessage noDkimFailure = forged("mailto:ruf@example.com", "d")
                .dkim(List.of(signature(DkimResult.PASS, "esp.example", "")), List.of()).build();
        assertThat(dispatcher().due(noDkimFailure)).isEmpty();
    }

    @Test
    void rfc9989Section47FoSReportsAnSpfFailureWhateverItsAlignment() {
        FailedMessage spfFailed = forged("mailto:ruf@example.com", "s")
                .dkim(List.of(signature(DkimResult.PASS, "example.com", "")), List.of("example.com"))
                .dmarcResult(DmarcResultCode.PASS).build();
        FailureReportDispatch dispatch = dispatch(spfFailed);
        assertThat(dispatch.deliveries()).singleElement().satisfies(d -> assertThat(d.kind()).isEqualTo(FailureKind.SPF));
        assertThat(read(dispatch.deliveries().get(0)).authFailure()).isEqualTo("spf");

        FailedMessage softfail = forged("mailto:ruf@example.com", "s").spf(spf(SpfResultCode.SOFTFAIL, "forger.example"), false)
                .dkim(List.of(signature(DkimResult.PASS, "example.com", "")), List.of("example.com")).build();
        assertThat(dispatcher().due(softfail)).isEmpty();
    }

    @Test
    void rfc9989Section47OneReportPerMessageTheDmarcOneFirst() {
        FailedMessage everythingFailed = forged("mailto:ruf@example.com", "1:d:s").build();
        assertThat(dispatcher().due(everythingFailed)).contains(FailureKind.DMARC);
    }

    @Test
    void rfc9989Section47WithoutRufNoFailureReport() {
        FailedMessage noRuf = forged("", "1").build();
        assertThat(dispatcher().due(noRuf)).isEmpty();
        assertThat(dispatch(noRuf).skipped()).singleElement().asString().contains("no ruf=");
    }

    @Test
    void rfc9991Section2RufOfAPublicSuffixDomainIsNotConsidered() {
        assertThat(dispatch(forged("mailto:ruf@example.com", "1").publicSuffixDomain(true).build()).deliveries()).isEmpty();
    }

    @Test
    void reportTrafficIsNeverReportedOn() {
        byte[] report = ("From: reports@example.com\r\nSubject: report\r\n"
                + "Content-Type: multipart/report; report-type=feedback-report; boundary=b\r\n\r\n--b--\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        FailedMessage failed = FailedMessage.builder("example.com", "example.com", report)
                .ruf(List.of("mailto:ruf@example.com")).build();
        assertThat(dispatch(failed).skipped()).singleElement().asString().contains("report traffic");
    }

    @Test
    void dmarcTemperrorIsNotReported() {
        assertThat(dispatcher().due(forged("mailto:ruf@example.com", "1").dmarcResult(DmarcResultCode.TEMPERROR).build()))
                .isEmpty();
    }

    @Test
    void rfc9991Section5ExternalDestinationsMustConsent() {
        InMemoryResolver dns = InMemoryResolver.builder()
                .txt("example.com._report._dmarc.consenting.example", "v=DMARC1")
                .build();
        FailureReportDispatch dispatch = dispatcher(dns, Redaction.token(), 100, 100, 100).dispatch(
                forged("mailto:a@consenting.example,mailto:b@stranger.example", "1").build(), NOW).join();
        assertThat(dispatch.deliveries()).extracting(d -> d.destination().address()).containsExactly("a@consenting.example");
        assertThat(dispatch.skipped()).singleElement().asString().startsWith("b@stranger.example: no v=DMARC1 record");
    }

    @Test
    void rfc9991Section5DnsTroubleSendsNothingAndIsNotRetried() {
        InMemoryResolver dns = InMemoryResolver.builder().tempfail("example.com._report._dmarc.flaky.example", "timeout").build();
        FailureReportDispatch dispatch = dispatcher(dns, Redaction.token(), 100, 100, 100)
                .dispatch(forged("mailto:a@flaky.example", "1").build(), NOW).join();
        assertThat(dispatch.deliveries()).isEmpty();
        assertThat(dispatch.skipped()).singleElement().asString().contains("DNS trouble");
    }

    @Test
    void rfc7489Section62ADestinationTooSmallGetsNothing() {
        FailureReportDispatch dispatch = dispatch(forged("mailto:small@example.com!500,mailto:big@example.com!1m", "1").build());
        assertThat(dispatch.deliveries()).extracting(d -> d.destination().address()).containsExactly("big@example.com");
        assertThat(dispatch.skipped()).singleElement().asString().contains("the destination accepts 500");
    }

    @Test
    void suppressedDomainsAndDestinationsGetNothing() {
        FailedMessage suppressedDomain = FailedMessage.builder("suppressed.example", "suppressed.example",
                FailedMessages.MESSAGE.getBytes(StandardCharsets.UTF_8)).ruf(List.of("mailto:ruf@suppressed.example")).build();
        assertThat(dispatcher().due(suppressedDomain)).isEmpty();
        FailureReportDispatch dispatch = dispatch(forged("mailto:x@suppressed.example,mailto:ruf@example.com", "1").build());
        assertThat(dispatch.deliveries()).extracting(d -> d.destination().address()).containsExactly("ruf@example.com");
    }

    @Test
    void rfc9991Section81AtMostNReportsPerReportedDomainPerHour() {
        FailureReportDispatcher dispatcher = dispatcher(InMemoryResolver.builder().build(), Redaction.token(), 2, 100, 100);
        FailedMessage failed = forged("mailto:ruf@example.com", "1").build();
        assertThat(dispatcher.dispatch(failed, NOW).join().deliveries()).hasSize(1);
        assertThat(dispatcher.dispatch(failed, NOW).join().deliveries()).hasSize(1);
        FailureReportDispatch third = dispatcher.dispatch(failed, NOW).join();
        assertThat(third.deliveries()).isEmpty();
        assertThat(third.skipped()).singleElement().asString().contains("limit per reported domain (2)");
        // The budget refills continuously: one report every period / limit.
        clock.advance(Duration.ofMinutes(30));
        assertThat(dispatcher.dispatch(failed, NOW).join().deliveries()).hasSize(1);
    }

    @Test
    void rfc9991Section81PerDestinationAndTotalLimitsCountEveryReport() {
        FailedMessage other = FailedMessage.builder("other.example", "other.example",
                FailedMessages.MESSAGE.getBytes(StandardCharsets.UTF_8)).ruf(List.of("mailto:shared@reports.example"))
                .build();
        InMemoryResolver consent = InMemoryResolver.builder()
                .txt("example.com._report._dmarc.reports.example", "v=DMARC1")
                .txt("other.example._report._dmarc.reports.example", "v=DMARC1").build();
        FailureReportDispatcher perDestination = dispatcher(consent, Redaction.token(), 100, 1, 100);
        assertThat(perDestination.dispatch(forged("mailto:shared@reports.example", "1").build(), NOW).join().deliveries())
                .hasSize(1);
        assertThat(perDestination.dispatch(other, NOW).join().skipped()).singleElement().asString()
                .contains("limit per destination (1)");

        FailureReportDispatcher total = dispatcher(consent, Redaction.token(), 100, 100, 1);
        assertThat(total.dispatch(forged("mailto:shared@reports.example", "1").build(), NOW).join().deliveries()).hasSize(1);
        assertThat(total.dispatch(other, NOW).join().skipped()).singleElement().asString().contains("limit in all (1)");
    }

    @Test
    void aReportRefusedByOneLimitCostsNothingOfTheOthers() {
        FailureReportDispatcher dispatcher = dispatcher(InMemoryResolver.builder().build(), Redaction.token(), 2, 1, 100);
        assertThat(dispatcher.dispatch(forged("mailto:a@example.com", "1").build(), NOW).join().deliveries()).hasSize(1);
        // The domain's second unit is charged, then a@ refuses: the charge is given back.
        assertThat(dispatcher.dispatch(forged("mailto:a@example.com", "1").build(), NOW).join().deliveries()).isEmpty();
        assertThat(dispatcher.dispatch(forged("mailto:b@example.com", "1").build(), NOW).join().deliveries()).hasSize(1);
    }

    static FeedbackReport read(FailureReportDelivery delivery) {
        FeedbackReportReader.Result result = new FeedbackReportReader().read(delivery.message());
        assertThat(result.error()).isEmpty();
        return result.report().orElseThrow();
    }
}
