package org.mailpolicy.james;

import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.metrics.api.TimeMetric;
import org.mailpolicy.arc.ArcVerifier;

/**
 * The one place where James threads wait for ARC verification, bounded by {@code dkim.timeout} (ARC
 * seals and signatures are DKIM signatures with DKIM keys). Publishes the timer {@code mailpolicy_arc}
 * and one counter per result, {@code mailpolicy_arc_none}, {@code mailpolicy_arc_pass}, {@code mailpolicy_arc_fail}.
 */
public final class ArcEvaluation {

    private final ArcVerifier verifier;
    private final MetricFactory metrics;
    private final long waitMillis;

    public ArcEvaluation(ArcVerifier verifier, MailPolicyConfiguration configuration, MetricFactory metrics) {
        this.verifier = verifier;
        this.metrics = metrics;
        this.waitMillis = configuration.dkimTimeout().toMillis();
    }

    /** Verifies the chain of {@code message}; when that does not finish in time the verdict is a temporary fail saying so. */
    public ArcVerdict verify(byte[] message) {
        TimeMetric timer = metrics.timer("mailpolicy_arc");
        ArcVerdict verdict = BoundedWait.get(verifier.verify(message).thenApply(ArcVerdict::of), waitMillis, "ARC verification", ArcVerdict::unfinished);
        timer.stopAndPublish();
        metrics.generate("mailpolicy_arc_" + verdict.result().word()).increment();
        return verdict;
    }
}
