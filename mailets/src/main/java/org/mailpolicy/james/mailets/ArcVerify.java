package org.mailpolicy.james.mailets;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.james.metrics.api.MetricFactory;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.mailpolicy.arc.ArcVerifier;
import org.mailpolicy.james.ArcEvaluation;
import org.mailpolicy.james.ArcVerdict;
import org.mailpolicy.james.MailPolicyConfiguration;
import org.mailpolicy.james.MessageBytes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ARC for deployments without the end-of-DATA hook: verifies the ARC chain of the message bytes
 * (RFC 8617 §5.2) and stores the verdict as {@code mailpolicy.arc}, for {@code ArcResultIs} and
 * {@code ArcSeal}. A verdict already stored is reused, never recomputed. Put it before anything
 * that changes the message. No parameters.
 *
 * <pre>{@code <mailet match="All" class="org.mailpolicy.james.mailets.ArcVerify"/>}</pre>
 */
public class ArcVerify extends GenericMailet {

    private static final Logger LOGGER = LoggerFactory.getLogger(ArcVerify.class);

    private final ArcEvaluation evaluation;

    @Inject
    public ArcVerify(ArcVerifier verifier, MailPolicyConfiguration configuration, MetricFactory metrics) {
        this.evaluation = new ArcEvaluation(verifier, configuration, metrics);
    }

    @Override
    public String getMailetInfo() {
        return "MailPolicy ARC verification (RFC 8617)";
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        if (ArcVerdict.read(mail).isPresent()) {
            return;
        }
        ArcVerdict verdict = evaluation.verify(MessageBytes.of(mail));
        mail.setAttribute(verdict.toAttribute());
        LOGGER.info("ARC mail={}: {}", mail.getName(), verdict);
    }
}
