package org.mailpolicy.dmarcreport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.mailpolicy.dmarc.DmarcEvaluator;
import org.mailpolicy.dmarc.DmarcMode;
import org.mailpolicy.dmarc.DmarcOptions;
import org.mailpolicy.dns.InMemoryResolver;

/** The rules that keep report sending safe: rua= parsing and !size, external destinations, suppression, report traffic. */
class ReportSafetyTest {

    @Test
    void rfc7489Section64SizeLimitsAreParsedInPowersOfTwo() {
        ReportUris uris = ReportUris.parse("mailto:dmarc@example.com!10m, mailto:agg@reports.example.net!512k,"
                + "mailto:plain@example.org!2048,mailto:big@example.org!1G");
        assertThat(uris.problems()).isEmpty();
        assertThat(uris.uris()).extracting(ReportUri::address).containsExactly("dmarc@example.com",
                "agg@reports.example.net", "plain@example.org", "big@example.org");
        assertThat(uris.uris()).extracting(u -> u.maxBytes().getAsLong()).containsExactly(10L << 20, 512L << 10, 2048L,
                1L << 30);
        ReportUri tenMegabytes = uris.uris().get(0);
        assertThat(tenMegabytes.accepts(10L << 20)).isTrue();
        assertThat(tenMegabytes.accepts((10L << 20) + 1)).isFalse();
        assertThat(uris.uris().get(1).domain()).isEqualTo("reports.example.net");
    }

    @Test
    void aUriWithoutLimitAcceptsAnySize() {
        ReportUri uri = ReportUris.parse("mailto:dmarc@Example.COM").uris().get(0);
        assertThat(uri.maxBytes()).isEmpty();
        assertThat(uri.accepts(Long.MAX_VALUE)).isTrue();
        assertThat(uri.domain()).isEqualTo("example.com");
    }

    @Test
    void percentEscapesQueriesAndWhiteSpaceAreHandled() {
        ReportUris uris = ReportUris.parse("  mailto:d%6Darc@example.com?subject=hi ,\tMAILTO:x@example.net!1k ");
        assertThat(uris.problems()).isEmpty();
        assertThat(uris.uris()).extracting(ReportUri::address).containsExactly("dmarc@example.com", "x@example.net");
    }

    @Test
    void badUrisAreSkippedWithAReason() {
        ReportUris uris = ReportUris.parse("https://example.com/report, mailto:nobody, mailto:a@example.com!ten,"
                + "mailto:a@b@, mailto:ok@example.com, , mailto:bad%zz@example.com, mailto:a@-x.example");
        assertThat(uris.uris()).extracting(ReportUri::address).containsExactly("ok@example.com");
        assertThat(uris.problems()).hasSize(7);
        assertThat(uris.problems().get(0)).contains("not a mailto: URI");
        assertThat(uris.problems().get(2)).contains("size limit");
    }

    @Test
    void aRecordCannotListEndlessDestinations() {
        StringBuilder rua = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            rua.append(i == 0 ? "" : ",").append("mailto:r").append(i).append("@example.com");
        }
        ReportUris uris = ReportUris.parse(rua.toString());
        assertThat(uris.uris()).hasSize(ReportUris.MAX_URIS);
        assertThat(uris.problems()).singleElement().asString().contains("ignored");
    }

    @Test
    void rfc9990Section4DestinationInsideThePolicyDomainNeedsNoRecord() {
        InMemoryResolver dns = InMemoryResolver.builder().build();
        ExternalDestinationVerifier verifier = new ExternalDestinationVerifier(dns);
        assertThat(verifier.verify("example.com", "example.com").join().authorized()).isTrue();
        assertThat(verifier.verify("example.com", "reports.example.com").join().authorized()).isTrue();
        assertThat(dns.queryCount()).isZero();
    }

    @Test
    void rfc9990Section4ExternalDestinationMustPublishConsent() {
        InMemoryResolver dns = InMemoryResolver.builder()
                .txt("example.com._report._dmarc.reports.example.net", "v=DMARC1;")
                .txt("example.org._report._dmarc.reports.example.net", "v=spf1 -all")
                .txt("example.info._report._dmarc.reports.example.net", "v=DMARC1x")
                .tempfail("example.biz._report._dmarc.reports.example.net", "SERVFAIL")
                .build();
        ExternalDestinationVerifier verifier = new ExternalDestinationVerifier(dns);
        ReportUri uri = ReportUris.parse("mailto:agg@reports.example.net").uris().get(0);

        assertThat(verifier.verify("example.com", uri).join().outcome())
                .isEqualTo(DestinationVerdict.Outcome.AUTHORIZED);
        assertThat(verifier.verify("example.org", uri).join().outcome())
                .isEqualTo(DestinationVerdict.Outcome.NOT_AUTHORIZED);
        assertThat(verifier.verify("example.info", uri).join().outcome())
                .isEqualTo(DestinationVerdict.Outcome.NOT_AUTHORIZED);
        assertThat(verifier.verify("spammer.example", uri).join().reason())
                .contains("no v=DMARC1 record at spammer.example._report._dmarc.reports.example.net");
        assertThat(verifier.verify("example.biz", uri).join().outcome())
                .isEqualTo(DestinationVerdict.Outcome.TEMPORARY_ERROR);
    }

    @Test
    void rfc9990Section4SameOrganizationalDomainNeedsNoRecord() {
        InMemoryResolver dns = InMemoryResolver.builder().build();
        ExternalDestinationVerifier verifier = new ExternalDestinationVerifier(dns,
                d -> CompletableFuture.completedFuture(d.endsWith("example.com") ? "example.com" : d));
        assertThat(verifier.verify("mail.example.com", "example.com").join().authorized()).isTrue();
        assertThat(verifier.verify("mail.example.com", "example.net").join().authorized()).isFalse();
    }

    private static ExternalDestinationVerifier withEvaluator(InMemoryResolver dns, DmarcMode mode) {
        return new ExternalDestinationVerifier(dns, new DmarcEvaluator(dns, DmarcOptions.builder().mode(mode).build()));
    }

    @Test
    void rfc9990Section4TreeWalkOrganizationalDomainsDecideWhoIsExternal() {
        InMemoryResolver dns = InMemoryResolver.builder()
                .txt("_dmarc.example.com", "v=DMARC1; p=reject")
                .txt("_dmarc.mail.example.com", "v=DMARC1; p=none; rua=mailto:dmarc@example.com")
                .txt("_dmarc.bank", "v=DMARC1; p=reject; psd=y")
                .build();
        ExternalDestinationVerifier verifier = withEvaluator(dns, DmarcMode.RFC9989);
        // RFC 9989 §4.10.2: mail.example.com and reports.example.com both belong to example.com.
        assertThat(verifier.verify("mail.example.com", "example.com").join().reason()).isEqualTo("same Organizational Domain");
        assertThat(verifier.verify("example.com", "reports.example.com").join().authorized()).isTrue();
        assertThat(verifier.verify("example.com", "example.net").join().outcome())
                .isEqualTo(DestinationVerdict.Outcome.NOT_AUTHORIZED);
        // Below a public suffix domain (psd=y) every registered domain is its own organization, even though
        // it lies within the policy domain's name.
        assertThat(verifier.verify("bank", "victim.bank").join().reason())
                .contains("no v=DMARC1 record at bank._report._dmarc.victim.bank");
    }

    @Test
    void rfc9990Section4PublicSuffixListOrganizationalDomainsInRfc7489Mode() {
        InMemoryResolver dns = InMemoryResolver.builder()
                .txt("example.co.uk._report._dmarc.vendor.co.uk", "v=DMARC1")
                .build();
        ExternalDestinationVerifier verifier = withEvaluator(dns, DmarcMode.RFC7489);
        assertThat(verifier.verify("mail.example.co.uk", "dmarc.example.co.uk").join().reason())
                .isEqualTo("same Organizational Domain");
        assertThat(dns.queryCount()).as("the PSL needs no DNS").isZero();
        assertThat(verifier.verify("example.co.uk", "vendor.co.uk").join().authorized()).isTrue();
        assertThat(verifier.verify("other.co.uk", "vendor.co.uk").join().authorized()).isFalse();
    }

    @Test
    void rfc9990Section4Step3TheQueryNamesTheDomainThePolicyCameFromAsALabels() {
        InMemoryResolver dns = InMemoryResolver.builder()
                .txt("xn--bcher-kva.example._report._dmarc.xn--mller-kva.example", "v=DMARC1")
                .build();
        ExternalDestinationVerifier verifier = new ExternalDestinationVerifier(dns);
        assertThat(verifier.verify("bücher.example", "müller.example").join().authorized()).isTrue();
    }

    @Test
    void dnsTroubleInTheTreeWalkIsATemporaryError() {
        InMemoryResolver dns = InMemoryResolver.builder()
                .tempfail("_dmarc.reports.example.net", "SERVFAIL")
                .build();
        assertThat(withEvaluator(dns, DmarcMode.RFC9989).verify("example.com", "reports.example.net").join().outcome())
                .isEqualTo(DestinationVerdict.Outcome.TEMPORARY_ERROR);
    }

    @Test
    void aFailingOrganizationalDomainLookupIsATemporaryError() {
        ExternalDestinationVerifier verifier = new ExternalDestinationVerifier(InMemoryResolver.builder().build(),
                d -> CompletableFuture.failedFuture(new IllegalStateException("PSL unavailable")));
        assertThat(verifier.verify("example.com", "example.net").join().outcome())
                .isEqualTo(DestinationVerdict.Outcome.TEMPORARY_ERROR);
    }

    @Test
    void aNameTooLongForTheDnsIsNeverAuthorized() {
        String label = "a".repeat(63);
        String longDomain = label + "." + label + "." + label + ".example";
        assertThat(new ExternalDestinationVerifier(InMemoryResolver.builder().build())
                .verify(longDomain, "reports.example.net").join().outcome())
                .isEqualTo(DestinationVerdict.Outcome.NOT_AUTHORIZED);
    }

    @Test
    void suppressionListCoversMailboxesDomainsAndSubdomains() {
        SuppressionList list = SuppressionList.of(List.of("# never report there", "abuse@example.com",
                "spamtrap.example.  # and its subdomains", ""));
        assertThat(list.isSuppressed("abuse@EXAMPLE.com")).isTrue();
        assertThat(list.isSuppressed("dmarc@example.com")).isFalse();
        assertThat(list.isSuppressed("x@spamtrap.example")).isTrue();
        assertThat(list.isSuppressed("x@deep.spamtrap.example")).isTrue();
        assertThat(list.isSuppressed("spamtrap.example")).isTrue();
        assertThat(list.isSuppressed("notspamtrap.example")).isFalse();
        assertThat(list.allowed(ReportUris.parse("mailto:a@spamtrap.example,mailto:b@ok.example").uris()))
                .extracting(ReportUri::address).containsExactly("b@ok.example");
        assertThat(SuppressionList.empty().isSuppressed("a@b.example")).isFalse();
    }

    @Test
    void everyReportFixtureIsReportTraffic() {
        for (String folder : List.of("mox", "mail-auth")) {
            for (var file : ReportFixtures.files(folder, ".eml")) {
                assertThat(ReportTraffic.isAggregateReport(ReportFixtures.read(file))).as(file.toString()).isTrue();
                assertThat(ReportTraffic.isReportTraffic(ReportFixtures.read(file))).as(file.toString()).isTrue();
            }
        }
    }

    @Test
    void reportsRecognizedByAttachmentNameEvenWithAnEncodedSubject() {
        String message = "Subject: =?utf-8?B?W1ByZXZpZXddIFJlcG9ydCBEb21haW46IGV4YW1wbGUuY29t?=\r\n\r\nx\r\n";
        assertThat(ReportTraffic.isAggregateReport(message.getBytes(StandardCharsets.US_ASCII))).isTrue();
        String attachmentOnly = "Subject: weekly\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n"
                + "Content-Type: application/octet-stream\r\nContent-Disposition: attachment;\r\n"
                + " filename=\"google.com!example.com!1669507200!1669593599.zip\"\r\n\r\nx\r\n--b--\r\n";
        assertThat(ReportTraffic.isAggregateReport(attachmentOnly.getBytes(StandardCharsets.US_ASCII))).isTrue();
    }

    @Test
    void failureReportsAreReportTrafficButNotAggregateReports() {
        String arf = "Subject: abuse report\r\nContent-Type: multipart/report; report-type=feedback-report;"
                + " boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nx\r\n--b--\r\n";
        assertThat(ReportTraffic.isReportTraffic(arf.getBytes(StandardCharsets.US_ASCII))).isTrue();
        assertThat(ReportTraffic.isAggregateReport(arf.getBytes(StandardCharsets.US_ASCII))).isFalse();
    }

    @Test
    void ordinaryMailIsNotReportTraffic() {
        String mail = "Subject: Quarterly report on domain sales\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n"
                + "--b\r\nContent-Type: application/pdf; name=\"report.pdf\"\r\n\r\nx\r\n--b--\r\n";
        assertThat(ReportTraffic.isReportTraffic(mail.getBytes(StandardCharsets.US_ASCII))).isFalse();
    }
}
