package org.mailpolicy.james.mailets;

import java.util.Optional;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.james.metrics.api.MetricFactory;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.mailpolicy.dkim.DkimVerifier;
import org.mailpolicy.james.DkimEvaluation;
import org.mailpolicy.james.DkimVerdict;
import org.mailpolicy.james.MailPolicyConfiguration;
import org.mailpolicy.james.MessageBytes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DKIM for deployments without {@code DkimHook}: verifies every DKIM-Signature of the message
 * bytes and stores the verdict as {@code mailpolicy.dkim}. A verdict the hook already stored is
 * reused, never recomputed. Mail from authenticated senders is left alone, as {@code SpfCheck}
 * leaves it. Put it before anything that changes the message. No parameters.
 *
 * <pre>{@code <mailet match="All" class="org.mailpolicy.james.mailets.DkimVerify"/>}</pre>
 */
public class DkimVerify extends GenericMailet {

    private static final Logger LOGGER = LoggerFactory.getLogger(DkimVerify.class);

    private final DkimEvaluation evaluation;

    @Inject
    public DkimVerify(DkimVerifier verifier, MailPolicyConfiguration configuration, MetricFactory metrics) {
        this.evaluation = new DkimEvaluation(verifier, configuration, metrics);
    }

    @Override
    public String getMailetInfo() {
        return "MailPolicy DKIM verification (RFC 6376, RFC 8463)";
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        if (mail.getAttribute(Mail.SMTP_AUTH_USER).isPresent()) {
            return;
        }
        Optional<DkimVerdict> stored = DkimVerdict.read(mail);
        if (stored.isPresent()) {
            return;
        }
        DkimVerdict verdict = evaluation.verify(MessageBytes.of(mail));
        mail.setAttribute(verdict.toAttribute());
        LOGGER.info("DKIM mail={}: {}", mail.getName(), verdict);
    }
}
