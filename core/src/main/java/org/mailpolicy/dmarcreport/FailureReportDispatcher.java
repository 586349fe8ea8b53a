package org.mailpolicy.dmarcreport;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

import org.mailpolicy.dmarc.DmarcResultCode;

/**
 * DMARC failure reports (RFC 9991): decides whether a failed message is due one from its policy's
 * {@code ruf=} and {@code fo=} (RFC 9989 §4.7), then applies the rules aggregate reports follow and
 * writes the report for each destination. In the order that costs least: no {@code ruf=}, a
 * {@code psd=y} record (RFC 9991 §2), report traffic and suppressed domains send nothing; then each
 * destination must not be suppressed, must consent when external (RFC 9991 §5, the procedure of
 * RFC 9990 §4 with {@code ruf}), must accept the size ({@code !size}), and must be within the rate
 * limits (RFC 9991 §2, §8.1), charged last so that refused reports cost no budget. Never throws.
 */
public final class FailureReportDispatcher {

    private final FailureReportWriter writer;
    private final ExternalDestinationVerifier verifier;
    private final SuppressionList suppressions;
    private final FailureReportLimiter limiter;
    private final String reporterDomain;
    private final AtomicLong sequence = new AtomicLong();

    /**
     * @param reporter the report address ({@code From:}) and the domain of our Message-IDs
     * @param authservId the authserv-id of the {@code Authentication-Results} field in reports
     * @param userAgent the {@code User-Agent} field (RFC 5965 §3.1), {@code name/version}
     */
    public FailureReportDispatcher(ReporterMetadata reporter, String authservId, String userAgent, Redaction redaction,
            ExternalDestinationVerifier verifier, SuppressionList suppressions, FailureReportLimiter limiter) {
        this.writer = new FailureReportWriter(reporter, authservId, userAgent, redaction);
        this.verifier = verifier;
        this.suppressions = suppressions;
        this.limiter = limiter;
        this.reporterDomain = reporter.domain();
    }

    /**
     * The report {@code failed} is due, without DNS or I/O: cheap enough for the SMTP thread, so that only
     * due reports are handed on. Empty without {@code ruf=} (RFC 9989 §4.7: then no failure report), for
     * a {@code psd=y} record (RFC 9991 §2), report traffic, a suppressed domain, a DMARC verdict that is
     * neither pass nor fail, and when {@code fo=} does not ask for one.
     */
    public Optional<FailureKind> due(FailedMessage failed) {
        return whyNot(failed).isPresent() ? Optional.empty() : FailureReportOptions.parse(failed.fo()).due(failed);
    }

    private Optional<String> whyNot(FailedMessage failed) {
        if (failed.ruf().isEmpty()) {
            return Optional.of(failed.policyDomain() + " publishes no ruf=");
        }
        if (failed.publicSuffixDomain()) {
            // RFC 9991 §2: ruf= of a psd=y record is not considered without a specific agreement.
            return Optional.of(failed.policyDomain() + " is a public suffix domain (psd=y)");
        }
        if (failed.isReportTraffic()) {
            return Optional.of("the message is report traffic");
        }
        if (suppressions.isSuppressed(failed.policyDomain()) || suppressions.isSuppressed(failed.fromDomain())) {
            return Optional.of(failed.fromDomain() + " is on the suppression list");
        }
        if (failed.dmarcResult() != DmarcResultCode.PASS && failed.dmarcResult() != DmarcResultCode.FAIL) {
            return Optional.of("DMARC ended in " + failed.dmarcResult().keyword() + ", not pass or fail");
        }
        return Optional.empty();
    }

    /** The reports to send about {@code failed} now; {@code now} is their Date:. */
    public CompletableFuture<FailureReportDispatch> dispatch(FailedMessage failed, Instant now) {
        Optional<String> whyNot = whyNot(failed);
        if (whyNot.isPresent()) {
            return CompletableFuture.completedFuture(FailureReportDispatch.nothing(whyNot.get()));
        }
        Optional<FailureKind> kind = FailureReportOptions.parse(failed.fo()).due(failed);
        if (kind.isEmpty()) {
            return CompletableFuture.completedFuture(FailureReportDispatch.nothing("fo=" + failed.fo() + " asks for no report"));
        }
        ReportUris ruf = ReportUris.parse(String.join(",", failed.ruf()));
        List<String> skipped = new ArrayList<>(ruf.problems());
        List<ReportUri> candidates = suppressions.allowed(ruf.uris());
        ruf.uris().stream().filter(uri -> !candidates.contains(uri))
                .forEach(uri -> skipped.add(uri.address() + " is on the suppression list"));
        List<CompletableFuture<DestinationVerdict>> verdicts = new ArrayList<>();
        for (ReportUri uri : candidates) {
            // RFC 9991 §5: external destinations are verified as RFC 9990 §4 says, with ruf for rua.
            verdicts.add(verifier.verify(failed.policyDomain(), uri));
        }
        return CompletableFuture.allOf(verdicts.toArray(new CompletableFuture<?>[0])).thenApply(done -> {
            List<FailureReportDelivery> deliveries = new ArrayList<>();
            for (int i = 0; i < candidates.size(); i++) {
                ReportUri uri = candidates.get(i);
                DestinationVerdict verdict = verdicts.get(i).join();
                if (!verdict.authorized()) {
                    skipped.add(uri.address() + ": " + verdict.reason());
                    continue;
                }
                String messageId = "failure." + now.getEpochSecond() + "." + sequence.incrementAndGet() + "@" + reporterDomain;
                byte[] message = writer.write(failed, kind.get(), uri.address(), now, messageId);
                if (!uri.accepts(message.length)) {
                    skipped.add(uri.address() + ": the report is " + message.length + " bytes, the destination accepts "
                            + uri.maxBytes().getAsLong());
                    continue;
                }
                Optional<String> limited = limiter.acquire(failed.policyDomain(), uri.address());
                if (limited.isPresent()) {
                    skipped.add(uri.address() + ": over " + limited.get());
                    continue;
                }
                deliveries.add(new FailureReportDelivery(uri, kind.get(), message));
            }
            return new FailureReportDispatch(deliveries, skipped);
        }).exceptionally(e -> FailureReportDispatch.nothing("failure report not written: " + e));
    }
}
