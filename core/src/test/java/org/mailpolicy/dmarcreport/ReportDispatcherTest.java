package org.mailpolicy.dmarcreport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mailpolicy.dmarcreport.ReportRows.DAY;
import static org.mailpolicy.dmarcreport.ReportRows.failing;
import static org.mailpolicy.dmarcreport.ReportRows.passing;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.mailpolicy.dkim.DkimKeyGenerator;
import org.mailpolicy.dkim.DkimResult;
import org.mailpolicy.dkim.DkimSigner;
import org.mailpolicy.dkim.DkimVerification;
import org.mailpolicy.dkim.DkimVerifier;
import org.mailpolicy.dkim.DkimVerifierOptions;
import org.mailpolicy.dkim.GeneratedDkimKey;
import org.mailpolicy.dns.InMemoryResolver;

/** The sending rules applied together: suppression, RFC 9990 §4 consent, RFC 7489 §6.2 size limits. */
class ReportDispatcherTest {

    private static final Instant NOW = Instant.parse("2026-11-23T00:15:00Z");
    private static final ReportGenerator GENERATOR = new ReportGenerator(new ReporterMetadata("Receiver",
            "dmarc-reports@receiver.example", null, "receiver.example"), ReportFormat.RFC9990);

    private static ReportBatch batch() {
        InMemoryReportStore store = new InMemoryReportStore(10);
        store.add(passing("192.0.2.1"));
        store.add(failing("198.51.100.7"));
        return store.take(new ReportKey("example.com", DAY)).orElseThrow();
    }

    private static ReportDispatcher dispatcher(InMemoryResolver dns, SuppressionList suppressions) {
        return new ReportDispatcher(GENERATOR, new ExternalDestinationVerifier(dns), suppressions,
                "DMARC reports <dmarc-reports@receiver.example>");
    }

    @Test
    void aDestinationInThePolicyDomainGetsTheReport() {
        ReportDispatch dispatch = dispatcher(InMemoryResolver.builder().build(), SuppressionList.empty())
                .dispatch(batch(), ReportUris.parse("mailto:dmarc@example.com"), NOW).join();

        assertThat(dispatch.skipped()).isEmpty();
        assertThat(dispatch.deliveries()).singleElement()
                .satisfies(d -> assertThat(d.destination().address()).isEqualTo("dmarc@example.com"));
        AggregateReport read = new ReportParser().parse(dispatch.deliveries().get(0).message()).report().orElseThrow();
        assertThat(read.messages()).isEqualTo(2);
        assertThat(read.failures()).isEqualTo(1);
    }

    @Test
    void rfc9990Section4OnlyConsentingExternalDestinationsGetTheReport() {
        InMemoryResolver dns = InMemoryResolver.builder()
                .txt("example.com._report._dmarc.consenting.example", "v=DMARC1")
                .tempfail("example.com._report._dmarc.flaky.example", "timeout")
                .build();
        ReportDispatch dispatch = dispatcher(dns, SuppressionList.empty()).dispatch(batch(), ReportUris.parse(
                "mailto:a@consenting.example, mailto:b@spammer.example, mailto:c@flaky.example"), NOW).join();

        assertThat(dispatch.deliveries()).extracting(d -> d.destination().address()).containsExactly("a@consenting.example");
        assertThat(dispatch.skipped()).singleElement().asString().startsWith("b@spammer.example: no v=DMARC1 record");
        assertThat(dispatch.retryLater()).extracting(ReportUri::address).containsExactly("c@flaky.example");
    }

    @Test
    void rfc7489Section62TooSmallALimitGetsNothing() {
        ReportDispatch dispatch = dispatcher(InMemoryResolver.builder().build(), SuppressionList.empty())
                .dispatch(batch(), ReportUris.parse("mailto:small@example.com!100,mailto:big@example.com!1m"), NOW)
                .join();
        assertThat(dispatch.deliveries()).extracting(d -> d.destination().address()).containsExactly("big@example.com");
        assertThat(dispatch.skipped()).singleElement().asString().contains("the destination accepts 100");
    }

    @Test
    void suppressedDomainsAndDestinationsGetNothing() {
        SuppressionList suppressions = SuppressionList.of(List.of("trap@example.com", "blocked.example"));
        ReportDispatcher dispatcher = dispatcher(InMemoryResolver.builder().build(), suppressions);
        ReportDispatch dispatch = dispatcher.dispatch(batch(),
                ReportUris.parse("mailto:trap@example.com,mailto:ok@example.com,ftp://x"), NOW).join();
        assertThat(dispatch.deliveries()).extracting(d -> d.destination().address()).containsExactly("ok@example.com");
        assertThat(dispatch.skipped()).hasSize(2);

        InMemoryReportStore store = new InMemoryReportStore(10);
        store.add(ReportRow.builder("blocked.example", DAY, PolicyPublished.builder("blocked.example").build())
                .headerFrom("blocked.example").build());
        ReportBatch blocked = store.take(new ReportKey("blocked.example", DAY)).orElseThrow();
        assertThat(dispatcher.dispatch(blocked, ReportUris.parse("mailto:a@blocked.example"), NOW).join().deliveries())
                .isEmpty();
    }

    @Test
    void theReportMessageCanBeSignedWithTheCoreDkimSigner() {
        GeneratedDkimKey key = DkimKeyGenerator.ed25519();
        byte[] message = dispatcher(InMemoryResolver.builder().build(), SuppressionList.empty())
                .dispatch(batch(), ReportUris.parse("mailto:dmarc@example.com"), NOW).join()
                .deliveries().get(0).message();
        byte[] signed = DkimSigner.builder("receiver.example").key("reports", key.key()).build().signedMessage(message);

        InMemoryResolver dns = InMemoryResolver.builder().txt("reports._domainkey.receiver.example", key.dnsRecord())
                .build();
        DkimVerification verification = new DkimVerifier(dns, DkimVerifierOptions.builder().build()).verify(signed).join();
        assertThat(verification.signatures()).singleElement()
                .satisfies(s -> assertThat(s.result()).isEqualTo(DkimResult.PASS));
        assertThat(new ReportParser().parse(signed).hasReport()).isTrue();
    }
}
