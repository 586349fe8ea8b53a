package org.mailpolicy.james.smtp;

import java.net.InetAddress;
import java.util.Optional;
import javax.inject.Inject;
import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.protocols.api.ProtocolSession.State;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.mailet.Mail;
import org.mailpolicy.arc.ArcVerifier;
import org.mailpolicy.dkim.DkimVerifier;
import org.mailpolicy.dmarc.DmarcEvaluator;
import org.mailpolicy.dmarc.DmarcPolicy;
import org.mailpolicy.dmarc.DmarcResultCode;
import org.mailpolicy.james.ArcEvaluation;
import org.mailpolicy.james.ArcVerdict;
import org.mailpolicy.james.DkimVerdict;
import org.mailpolicy.james.DmarcConfiguration;
import org.mailpolicy.james.DmarcEvaluation;
import org.mailpolicy.james.DmarcFailureReporter;
import org.mailpolicy.james.DmarcReportRecorder;
import org.mailpolicy.james.DmarcVerdict;
import org.mailpolicy.james.MailPolicyConfiguration;
import org.mailpolicy.james.SpfVerdict;
import org.mailpolicy.smtp.SmtpReply;
import org.mailpolicy.spf.SpfResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DKIM, ARC and DMARC at the end of DATA, for clients that may not relay: everything {@link DkimHook}
 * does (same {@code <alwaysSigned>} parameter; use this hook instead of it, not beside it), then the
 * ARC chain (stored as {@code mailpolicy.arc}), then DMARC from that one DKIM verdict, the ARC verdict
 * (trusted sealers, RFC 8617 §7.2) and the SPF verdict {@link SpfHook} reached at MAIL FROM. A
 * {@code reject} disposition answers {@code 550 5.7.1} naming the From domain and its policy;
 * a temperror answers {@code 451 4.7.1} unless {@code dmarc.dnsFailure=accept}. Otherwise the
 * verdict goes on the Mail as {@code mailpolicy.dmarc}.
 *
 * <pre>{@code
 * <handler class="org.mailpolicy.james.smtp.SpfHook"/>
 * <handler class="org.mailpolicy.james.smtp.AuthHook">
 *   <alwaysSigned>example.com</alwaysSigned>   <!-- optional, as for DkimHook -->
 * </handler>
 * }</pre>
 */
public class AuthHook extends DkimHook {

    private static final Logger LOGGER = LoggerFactory.getLogger(AuthHook.class);

    private final ArcEvaluation arc;
    private final DmarcEvaluation dmarc;
    private final DmarcConfiguration dmarcConfiguration;
    private final DmarcReportRecorder reports;
    private final DmarcFailureReporter failureReports;

    @Inject
    public AuthHook(DkimVerifier verifier, ArcVerifier arcVerifier, DmarcEvaluator evaluator, MailPolicyConfiguration configuration,
                    DmarcConfiguration dmarcConfiguration, DmarcReportRecorder reports, DmarcFailureReporter failureReports,
                    MetricFactory metrics) {
        super(verifier, configuration, metrics);
        this.reports = reports;
        this.failureReports = failureReports;
        this.arc = new ArcEvaluation(arcVerifier, configuration, metrics);
        this.dmarc = new DmarcEvaluation(evaluator, dmarcConfiguration, metrics);
        this.dmarcConfiguration = dmarcConfiguration;
    }

    @Override
    public HookResult onMessage(SMTPSession session, Mail mail) {
        return messageToCheck(session, mail).map(message -> evaluate(session, mail, message)).orElse(HookResult.DECLINED);
    }

    private HookResult evaluate(SMTPSession session, Mail mail, byte[] message) {
        DkimVerdict dkim = verify(session, mail, message);
        Optional<HookResult> unsigned = refuseUnsigned(dkim, mail);
        if (unsigned.isPresent()) {
            return unsigned.get();
        }
        ArcVerdict chain = arc.verify(message);
        mail.setAttribute(chain.toAttribute());
        InetAddress client = session.getRemoteAddress().getAddress();
        String mailFrom = mail.getMaybeSender().isNullSender() ? "" : mail.getMaybeSender().asString();
        Optional<SpfResult> spf = session.getAttachment(SpfHook.MAIL_FROM_RESULT, State.Transaction)
                .or(() -> SpfVerdict.read(mail, SpfVerdict.MAIL_FROM));
        DmarcVerdict verdict = dmarc.evaluate(message, spf, dkim, chain, Optional.of(client), mailFrom);
        mail.setAttribute(verdict.toAttribute());
        LOGGER.info("DMARC session={} mail={}: {}", session.getSessionID(), mail.getName(), verdict);
        Optional<SmtpReply> refusal = reply(verdict);
        if (refusal.isPresent() && refusal.get().isPermanent()) {
            // RFC 9990 §3.1.1: mail refused for its DMARC policy counts in the report (disposition reject);
            // it never reaches DmarcReportCollector. Temporary refusals are counted when the retry arrives.
            reports.rowOf(mail).ifPresent(row -> reports.record(row, message, mail.getName()));
        }
        // RFC 9991 §2: failure reports go out soon after the failure; queued, so this thread never waits.
        failureReports.report(mail, message, verdict, spf, dkim, refusal.isPresent() && refusal.get().isPermanent());
        return refusal.map(HookResults::of).orElse(HookResult.DECLINED);
    }

    private Optional<SmtpReply> reply(DmarcVerdict verdict) {
        if (verdict.disposition() == DmarcPolicy.REJECT) {
            // RFC 9989 §7.2: reject in the SMTP session with a 5xy reply to DATA rather than bounce later.
            return Optional.of(new SmtpReply(550, "5.7.1", "Unauthenticated mail from " + verdict.fromDomain()
                    + " is refused by its DMARC policy (p=" + verdict.policy() + ")"));
        }
        if (verdict.result() == DmarcResultCode.TEMPERROR && dmarcConfiguration.dnsFailure() == DmarcConfiguration.DnsFailure.TEMPFAIL) {
            String domain = verdict.fromDomain().isEmpty() ? "the author domain" : verdict.fromDomain();
            return Optional.of(new SmtpReply(451, "4.7.1", "DMARC policy of " + domain + " could not be checked, try again later"));
        }
        return Optional.empty();
    }
}
