package org.mailpolicy.james.smtp;

import java.net.InetAddress;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import javax.inject.Inject;

import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.core.MaybeSender;
import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.protocols.api.ProtocolSession.AttachmentKey;
import org.apache.james.protocols.api.ProtocolSession.State;
import org.apache.james.protocols.api.handler.ProtocolHandler;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.MailHook;
import org.apache.james.smtpserver.JamesMessageHook;
import org.apache.mailet.Mail;
import org.mailpolicy.james.MailPolicyConfiguration;
import org.mailpolicy.james.SpfEvaluation;
import org.mailpolicy.james.SpfVerdict;
import org.mailpolicy.spf.SpfIdentity;
import org.mailpolicy.spf.SpfPolicy;
import org.mailpolicy.spf.SpfResult;
import org.mailpolicy.spf.SpfResultCode;
import org.mailpolicy.spf.SpfVerifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks SPF at MAIL FROM for clients that may not relay, and hands the verdicts to the Mail
 * at the end of DATA ({@code mailpolicy.spf}, {@code mailpolicy.spf.helo}).
 *
 * <pre>{@code
 * <handler class="org.mailpolicy.james.smtp.SpfHook">
 *   <fail>reject</fail>          <!-- accept | reject | tempfail, one element per result word -->
 *   <checkHelo>true</checkHelo>
 * </handler>
 * }</pre>
 */
public class SpfHook implements MailHook, JamesMessageHook, ProtocolHandler {

    private static final Logger LOGGER = LoggerFactory.getLogger(SpfHook.class);
    static final AttachmentKey<SpfResult> MAIL_FROM_RESULT = AttachmentKey.of("mailpolicy.spf", SpfResult.class);
    private static final AttachmentKey<SpfResult> HELO_RESULT = AttachmentKey.of("mailpolicy.spf.helo", SpfResult.class);

    private final SpfEvaluation evaluation;
    private SpfPolicy policy = SpfPolicy.defaults();
    private boolean checkHelo = true;

    @Inject
    public SpfHook(SpfVerifier verifier, MailPolicyConfiguration configuration, MetricFactory metrics) {
        this.evaluation = new SpfEvaluation(verifier, configuration, metrics);
    }

    @Override
    public void init(Configuration config) throws ConfigurationException {
        try {
            for (SpfResultCode code : SpfResultCode.values()) {
                String action = config.getString(code.keyword(), null);
                if (action != null) {
                    policy = policy.with(code, SpfPolicy.Action.parse(action));
                }
            }
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("smtpserver.xml, handler " + SpfHook.class.getName() + ": " + e.getMessage(), e);
        }
        checkHelo = config.getBoolean("checkHelo", true);
    }

    @Override
    public HookResult doMail(SMTPSession session, MaybeSender sender) {
        if (session.isRelayingAllowed()) {
            return HookResult.DECLINED;
        }
        InetAddress client = session.getRemoteAddress().getAddress();
        String helo = session.getAttachment(SMTPSession.CURRENT_HELO_NAME, State.Connection).orElse("");
        String mailFrom = sender.isNullSender() ? "" : sender.asString();

        // RFC 7208 §2.3: the HELO identity is checked on its own, except for the null sender whose
        // MAIL FROM check already is the HELO check (§2.4).
        Optional<CompletableFuture<SpfResult>> heloCheck = checkHelo && !mailFrom.isEmpty() && !helo.isEmpty()
                ? Optional.of(evaluation.verifyHelo(client, helo))
                : Optional.empty();
        SpfResult mailFromResult = evaluation.await(evaluation.verifyMailFrom(client, helo, mailFrom),
                mailFrom.isEmpty() ? SpfIdentity.HELO : SpfIdentity.MAILFROM,
                mailFrom.isEmpty() ? helo : sender.get().getDomain().asString());
        Optional<SpfResult> heloResult = heloCheck.map(check -> evaluation.await(check, SpfIdentity.HELO, helo));

        session.setAttachment(MAIL_FROM_RESULT, mailFromResult, State.Transaction);
        heloResult.ifPresent(result -> session.setAttachment(HELO_RESULT, result, State.Transaction));
        LOGGER.info("SPF session={} ip={} helo={} mailfrom={}: {}{}", session.getSessionID(), client.getHostAddress(),
                helo, mailFrom, mailFromResult, heloResult.map(r -> ", helo " + r).orElse(""));

        return heloResult.flatMap(policy::replyFor)
                .or(() -> policy.replyFor(mailFromResult))
                .map(HookResults::of)
                .orElse(HookResult.DECLINED);
    }

    @Override
    public HookResult onMessage(SMTPSession session, Mail mail) {
        session.getAttachment(MAIL_FROM_RESULT, State.Transaction)
                .ifPresent(result -> mail.setAttribute(SpfVerdict.toAttribute(SpfVerdict.MAIL_FROM, result)));
        session.getAttachment(HELO_RESULT, State.Transaction)
                .ifPresent(result -> mail.setAttribute(SpfVerdict.toAttribute(SpfVerdict.HELO, result)));
        return HookResult.DECLINED;
    }
}
