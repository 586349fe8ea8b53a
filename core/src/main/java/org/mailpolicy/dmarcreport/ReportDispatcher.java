package org.mailpolicy.dmarcreport;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Turns a due report into e-mails under every sending rule, in the order that costs least: a
 * suppressed policy domain gets no report; each {@code rua=} destination must not be suppressed,
 * must consent when external (RFC 9990 §4), and must accept the message size (RFC 7489 §6.2
 * {@code !size}). Never throws; what is not sent says why.
 */
public final class ReportDispatcher {

    private final ReportGenerator generator;
    private final ExternalDestinationVerifier verifier;
    private final SuppressionList suppressions;
    private final String from;

    /** @param from the From: of report e-mails, e.g. {@code "DMARC reports <dmarc-reports@receiver.example>"} */
    public ReportDispatcher(ReportGenerator generator, ExternalDestinationVerifier verifier,
            SuppressionList suppressions, String from) {
        this.generator = generator;
        this.verifier = verifier;
        this.suppressions = suppressions;
        this.from = from;
    }

    /**
     * @param rua the {@code rua=} destinations of the policy record the report is about
     * @param now the Date: of the report e-mails
     */
    public CompletableFuture<ReportDispatch> dispatch(ReportBatch batch, ReportUris rua, Instant now) {
        String domain = batch.key().domain();
        if (suppressions.isSuppressed(domain)) {
            return CompletableFuture.completedFuture(new ReportDispatch(List.of(),
                    List.of(domain + " is on the suppression list"), List.of()));
        }
        List<String> skipped = new ArrayList<>(rua.problems());
        List<ReportUri> candidates = new ArrayList<>();
        for (ReportUri uri : rua.uris()) {
            if (suppressions.isSuppressed(uri.address())) {
                skipped.add(uri.address() + " is on the suppression list");
            } else {
                candidates.add(uri);
            }
        }
        List<CompletableFuture<DestinationVerdict>> verdicts = new ArrayList<>();
        for (ReportUri uri : candidates) {
            verdicts.add(verifier.verify(domain, uri));
        }
        return CompletableFuture.allOf(verdicts.toArray(new CompletableFuture<?>[0])).thenApply(done -> {
            GeneratedReport report = null;
            List<ReportDelivery> deliveries = new ArrayList<>();
            List<ReportUri> retry = new ArrayList<>();
            for (int i = 0; i < candidates.size(); i++) {
                ReportUri uri = candidates.get(i);
                DestinationVerdict verdict = verdicts.get(i).join();
                if (verdict.outcome() == DestinationVerdict.Outcome.TEMPORARY_ERROR) {
                    retry.add(uri);
                    continue;
                }
                if (!verdict.authorized()) {
                    skipped.add(uri.address() + ": " + verdict.reason());
                    continue;
                }
                if (report == null) {
                    report = generator.generate(batch);
                }
                byte[] message = report.message(from, uri.address(), now,
                        report.reportId().replace('@', '.') + "." + deliveries.size() + "@" + generator.reporterDomain());
                if (!uri.accepts(message.length)) {
                    skipped.add(uri.address() + ": the report is " + message.length + " bytes, the destination accepts "
                            + uri.maxBytes().getAsLong());
                    continue;
                }
                deliveries.add(new ReportDelivery(uri, report, message));
            }
            return new ReportDispatch(deliveries, skipped, retry);
        });
    }
}
