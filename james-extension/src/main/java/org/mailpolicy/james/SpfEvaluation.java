package org.mailpolicy.james;

import java.net.InetAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.metrics.api.TimeMetric;
import org.mailpolicy.spf.SpfIdentity;
import org.mailpolicy.spf.SpfResult;
import org.mailpolicy.spf.SpfResultCode;
import org.mailpolicy.spf.SpfVerifier;

/**
 * The one place where James threads wait for an SPF evaluation. The engine keeps its own time
 * budget; this wait is the safety net that guarantees no SMTP or spool thread waits past it.
 * It also publishes the metrics: the timer {@code mailpolicy_spf} and one counter per result,
 * {@code mailpolicy_spf_pass}, {@code mailpolicy_spf_fail}, ...
 */
public final class SpfEvaluation {

    private static final long GRACE_MILLIS = 1_000;

    private final SpfVerifier verifier;
    private final MetricFactory metrics;
    private final long waitMillis;

    public SpfEvaluation(SpfVerifier verifier, MailPolicyConfiguration configuration, MetricFactory metrics) {
        this.verifier = verifier;
        this.metrics = metrics;
        this.waitMillis = configuration.spfTimeout().toMillis() + GRACE_MILLIS;
    }

    public CompletableFuture<SpfResult> verifyMailFrom(InetAddress client, String helo, String mailFrom) {
        return verifier.verifyMailFrom(client, helo, mailFrom);
    }

    public CompletableFuture<SpfResult> verifyHelo(InetAddress client, String helo) {
        return verifier.verifyHelo(client, helo);
    }

    /**
     * The result, or a {@code temperror} for {@code identity} and {@code domain} when the engine
     * did not answer in time or the wait was interrupted.
     */
    public SpfResult await(CompletableFuture<SpfResult> evaluation, SpfIdentity identity, String domain) {
        TimeMetric timer = metrics.timer("mailpolicy_spf");
        SpfResult result = waitFor(evaluation, identity, domain);
        timer.stopAndPublish();
        metrics.generate("mailpolicy_spf_" + result.code().keyword()).increment();
        return result;
    }

    private SpfResult waitFor(CompletableFuture<SpfResult> evaluation, SpfIdentity identity, String domain) {
        try {
            return evaluation.get(waitMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            evaluation.cancel(true);
            return unfinished(identity, domain, "SPF evaluation did not finish within " + waitMillis + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return unfinished(identity, domain, "SPF evaluation interrupted");
        } catch (ExecutionException e) {
            return unfinished(identity, domain, "SPF evaluation failed: " + e.getCause());
        }
    }

    private static SpfResult unfinished(SpfIdentity identity, String domain, String problem) {
        return SpfResult.builder(SpfResultCode.TEMPERROR, identity, domain, "").problem(problem).build();
    }
}
