package org.mailpolicy.james;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.metrics.api.TimeMetric;
import org.mailpolicy.dkim.DkimResult;
import org.mailpolicy.dkim.DkimVerifier;

/**
 * The one place where James threads wait for DKIM verification, bounded by {@code dkim.timeout}
 * so that no SMTP or spool thread waits past it. Publishes the timer {@code mailpolicy_dkim} and
 * one counter per signature result, {@code mailpolicy_dkim_pass}, {@code mailpolicy_dkim_fail}, ...
 * ({@code mailpolicy_dkim_none} for an unsigned message).
 */
public final class DkimEvaluation {

    private final DkimVerifier verifier;
    private final MetricFactory metrics;
    private final long waitMillis;

    public DkimEvaluation(DkimVerifier verifier, MailPolicyConfiguration configuration, MetricFactory metrics) {
        this.verifier = verifier;
        this.metrics = metrics;
        this.waitMillis = configuration.dkimTimeout().toMillis();
    }

    /**
     * Verifies every signature of {@code message}; when that does not finish in time the verdict
     * is one {@code temperror} saying so.
     */
    public DkimVerdict verify(byte[] message) {
        TimeMetric timer = metrics.timer("mailpolicy_dkim");
        DkimVerdict verdict = waitFor(verifier.verify(message).thenApply(DkimVerdict::of));
        timer.stopAndPublish();
        if (!verdict.isSigned()) {
            metrics.generate("mailpolicy_dkim_" + DkimResult.NONE.word()).increment();
        }
        verdict.signatures().forEach(s -> metrics.generate("mailpolicy_dkim_" + s.result().word()).increment());
        return verdict;
    }

    private DkimVerdict waitFor(CompletableFuture<DkimVerdict> evaluation) {
        try {
            return evaluation.get(waitMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            evaluation.cancel(true);
            return DkimVerdict.unfinished("DKIM verification did not finish within " + waitMillis + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return DkimVerdict.unfinished("DKIM verification interrupted");
        } catch (ExecutionException e) {
            return DkimVerdict.unfinished("DKIM verification failed: " + e.getCause());
        }
    }
}
