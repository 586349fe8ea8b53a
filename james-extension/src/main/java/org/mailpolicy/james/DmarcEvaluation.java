package org.mailpolicy.james;

import java.net.InetAddress;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.metrics.api.TimeMetric;
import org.mailpolicy.dkim.DkimResult;
import org.mailpolicy.dmarc.DmarcEvaluator;
import org.mailpolicy.dmarc.DmarcInput;
import org.mailpolicy.spf.SpfResult;

/**
 * The one place where James threads wait for DMARC, bounded by {@code dmarc.timeout}. Builds the
 * engine input from the verdicts already on hand (SPF from MAIL FROM, DKIM from the same message),
 * so neither is computed twice. Publishes the timer {@code mailpolicy_dmarc} and one counter per
 * result and per disposition: {@code mailpolicy_dmarc_pass}, {@code mailpolicy_dmarc_disposition_reject}, ...
 */
public final class DmarcEvaluation {

    private final DmarcEvaluator evaluator;
    private final MetricFactory metrics;
    private final long waitMillis;

    public DmarcEvaluation(DmarcEvaluator evaluator, DmarcConfiguration configuration, MetricFactory metrics) {
        this.evaluator = evaluator;
        this.metrics = metrics;
        this.waitMillis = configuration.timeout().toMillis();
    }

    /**
     * Evaluates DMARC for {@code message} given the SPF verdict on the MAIL FROM identity (if SPF ran), the
     * DKIM verdict, the ARC verdict (for trusted sealers), the client address and the envelope sender
     * ({@code ""} for the null sender).
     */
    public DmarcVerdict evaluate(byte[] message, Optional<SpfResult> spf, DkimVerdict dkim, ArcVerdict arc,
                                 Optional<InetAddress> client, String mailFrom) {
        DmarcInput.Builder input = DmarcInput.builder(message).mailFrom(mailFrom).arc(arc.toChainInput());
        spf.ifPresent(input::spf);
        client.ifPresent(input::clientAddress);
        dkim.signatures().stream()
                .filter(s -> s.result() == DkimResult.PASS)
                .forEach(s -> s.domain().ifPresent(input::dkimPass));
        TimeMetric timer = metrics.timer("mailpolicy_dmarc");
        DmarcVerdict verdict = waitFor(evaluator.evaluate(input.build()).thenApply(DmarcVerdict::of));
        timer.stopAndPublish();
        metrics.generate("mailpolicy_dmarc_" + verdict.result().keyword()).increment();
        metrics.generate("mailpolicy_dmarc_disposition_" + verdict.disposition().word()).increment();
        return verdict;
    }

    private DmarcVerdict waitFor(CompletableFuture<DmarcVerdict> evaluation) {
        String mode = evaluator.options().mode().word();
        try {
            return evaluation.get(waitMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            evaluation.cancel(true);
            return DmarcVerdict.unfinished("DMARC evaluation did not finish within " + waitMillis + " ms", mode);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return DmarcVerdict.unfinished("DMARC evaluation interrupted", mode);
        } catch (ExecutionException e) {
            return DmarcVerdict.unfinished("DMARC evaluation failed: " + e.getCause(), mode);
        }
    }
}
