package org.mailpolicy.james.mailets;

import java.util.Optional;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.james.metrics.api.MetricFactory;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.mailpolicy.arc.ArcVerifier;
import org.mailpolicy.dkim.DkimVerifier;
import org.mailpolicy.dmarc.DmarcEvaluator;
import org.mailpolicy.net.IpLiteral;
import org.mailpolicy.james.ArcEvaluation;
import org.mailpolicy.james.ArcVerdict;
import org.mailpolicy.james.DkimEvaluation;
import org.mailpolicy.james.DkimVerdict;
import org.mailpolicy.james.DmarcConfiguration;
import org.mailpolicy.james.DmarcEvaluation;
import org.mailpolicy.james.DmarcFailureReporter;
import org.mailpolicy.james.DmarcVerdict;
import org.mailpolicy.james.MailPolicyConfiguration;
import org.mailpolicy.james.MessageBytes;
import org.mailpolicy.james.SpfVerdict;
import org.mailpolicy.spf.SpfResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DMARC for deployments without {@code AuthHook}: the same evaluation from the verdicts on the Mail
 * ({@code mailpolicy.spf} from {@code SpfCheck} or {@code SpfHook}; {@code mailpolicy.dkim} from
 * {@code DkimVerify}, or verified here and stored when absent; {@code mailpolicy.arc} likewise from
 * {@code ArcVerify} or verified here), stored as {@code mailpolicy.dmarc}.
 * A verdict the hook already stored is reused, never recomputed. Mail from authenticated senders is
 * left alone. A mailet cannot refuse the message any more: route on the verdict with
 * {@code DmarcDispositionIs}. No parameters.
 *
 * <pre>{@code
 * <mailet match="All" class="org.mailpolicy.james.mailets.SpfCheck"/>
 * <mailet match="All" class="org.mailpolicy.james.mailets.DmarcCheck"/>
 * }</pre>
 */
public class DmarcCheck extends GenericMailet {

    private static final Logger LOGGER = LoggerFactory.getLogger(DmarcCheck.class);

    private final DkimEvaluation dkim;
    private final ArcEvaluation arc;
    private final DmarcEvaluation dmarc;
    private final DmarcFailureReporter failureReports;

    @Inject
    public DmarcCheck(DkimVerifier verifier, ArcVerifier arcVerifier, DmarcEvaluator evaluator, MailPolicyConfiguration configuration,
                      DmarcConfiguration dmarcConfiguration, DmarcFailureReporter failureReports, MetricFactory metrics) {
        this.failureReports = failureReports;
        this.dkim = new DkimEvaluation(verifier, configuration, metrics);
        this.arc = new ArcEvaluation(arcVerifier, configuration, metrics);
        this.dmarc = new DmarcEvaluation(evaluator, dmarcConfiguration, metrics);
    }

    @Override
    public String getMailetInfo() {
        return "MailPolicy DMARC check (RFC 9989, RFC 7489)";
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        if (mail.getAttribute(Mail.SMTP_AUTH_USER).isPresent() || DmarcVerdict.read(mail).isPresent()) {
            return;
        }
        byte[] message = MessageBytes.of(mail);
        Optional<DkimVerdict> stored = DkimVerdict.read(mail);
        DkimVerdict dkimVerdict = stored.orElseGet(() -> dkim.verify(message));
        if (stored.isEmpty()) {
            mail.setAttribute(dkimVerdict.toAttribute());
        }
        Optional<ArcVerdict> storedChain = ArcVerdict.read(mail);
        ArcVerdict chain = storedChain.orElseGet(() -> arc.verify(message));
        if (storedChain.isEmpty()) {
            mail.setAttribute(chain.toAttribute());
        }
        String mailFrom = mail.getMaybeSender().isNullSender() ? "" : mail.getMaybeSender().asString();
        Optional<SpfResult> spf = SpfVerdict.read(mail, SpfVerdict.MAIL_FROM);
        DmarcVerdict verdict = dmarc.evaluate(message, spf, dkimVerdict, chain, IpLiteral.parse(mail.getRemoteAddr()), mailFrom);
        mail.setAttribute(verdict.toAttribute());
        LOGGER.info("DMARC mail={}: {}", mail.getName(), verdict);
        failureReports.report(mail, message, verdict, spf, dkimVerdict, false);
    }
}
