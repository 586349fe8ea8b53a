package org.mailpolicy.james.smtp;

import java.util.ArrayList;
import java.util.List;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.core.Username;
import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.protocols.api.ProtocolSession.AttachmentKey;
import org.apache.james.protocols.api.ProtocolSession.State;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.RcptHook;
import org.apache.james.smtpserver.JamesMessageHook;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.mailpolicy.james.RateLimitEvaluation;
import org.mailpolicy.ratelimit.RateLimitDecision;
import org.mailpolicy.ratelimit.RateLimitRequest;
import org.mailpolicy.ratelimit.RateLimitRulesSource;
import org.mailpolicy.ratelimit.RateLimiter;
import org.mailpolicy.ratelimit.Reservation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rate limits at SMTP time with the rules of {@code mailpolicy.properties}: each RCPT is counted
 * (the first accepted one also counts the message), and at the end of DATA the message's size is
 * charged. Over a limit the RCPT (or the DATA) gets {@code 451 4.7.1} with the limit and when to
 * retry, so a compromised account is stopped before its mail is accepted. No settings.
 *
 * <pre>{@code <handler class="org.mailpolicy.james.smtp.RateLimitHook"/>}</pre>
 */
public class RateLimitHook implements RcptHook, JamesMessageHook {

    private static final Logger LOGGER = LoggerFactory.getLogger(RateLimitHook.class);
    private static final AttachmentKey<Reservations> RESERVATIONS = AttachmentKey.of("mailpolicy.ratelimit", Reservations.class);

    private final RateLimitEvaluation evaluation;

    @Inject
    public RateLimitHook(RateLimiter limiter, RateLimitRulesSource rules, MetricFactory metrics) {
        this.evaluation = new RateLimitEvaluation(limiter, rules, metrics);
    }

    @Override
    public HookResult doRcpt(SMTPSession session, MaybeSender sender, MailAddress rcpt) {
        Reservations reservations = session.getAttachment(RESERVATIONS, State.Transaction).orElseGet(Reservations::new);
        RateLimitRequest request = identify(session, sender)
                .recipient(rcpt.asString())
                // The message is counted with its first accepted recipient, its bytes at the end of DATA.
                .messages(reservations.held.isEmpty() ? 1 : 0)
                .build();
        Reservation reservation = evaluation.reserve(request);
        RateLimitDecision decision = reservation.decision();
        if (decision.allowed()) {
            reservations.held.add(reservation);
            session.setAttachment(RESERVATIONS, reservations, State.Transaction);
            return HookResult.DECLINED;
        }
        LOGGER.info("rate limit session={} user={} ip={} rcpt={}: {}", session.getSessionID(), request.user().orElse(""),
                session.getRemoteAddress().getAddress().getHostAddress(), rcpt.asString(), decision);
        return RateLimitEvaluation.replyFor(decision).map(HookResults::of).orElse(HookResult.DECLINED);
    }

    @Override
    public HookResult onMessage(SMTPSession session, Mail mail) {
        List<Reservation> held = session.getAttachment(RESERVATIONS, State.Transaction)
                .map(r -> r.held)
                .orElse(List.of());
        if (held.isEmpty()) {
            return HookResult.DECLINED;
        }
        long size;
        try {
            size = mail.getMessageSize();
        } catch (MessagingException e) {
            LOGGER.warn("rate limit session={}: message size unknown, bytes not counted: {}", session.getSessionID(), e.toString());
            size = 0;
        }
        // The bytes were reserved (as 0) with the first recipient, which also carried the message.
        RateLimitDecision decision = evaluation.commit(held.get(0), size);
        if (decision.allowed()) {
            held.subList(1, held.size()).forEach(reservation -> evaluation.commit(reservation, 0));
            mail.setAttribute(new Attribute(RateLimitEvaluation.COUNTED, AttributeValue.of(true)));
            return HookResult.DECLINED;
        }
        LOGGER.info("rate limit session={} at end of DATA ({} bytes): {}", session.getSessionID(), size, decision);
        return RateLimitEvaluation.replyFor(decision).map(HookResults::of).orElse(HookResult.DECLINED);
    }

    private static RateLimitRequest.Builder identify(SMTPSession session, MaybeSender sender) {
        Username user = session.getUsername();
        return RateLimitRequest.builder()
                .user(user == null ? null : user.asString())
                .clientIp(session.getRemoteAddress().getAddress())
                .helo(session.getAttachment(SMTPSession.CURRENT_HELO_NAME, State.Connection).orElse(null))
                .sender(sender.isNullSender() ? "" : sender.asString());
    }


    /** The reservations of the current transaction, one per accepted recipient. */
    private static final class Reservations {
        final List<Reservation> held = new ArrayList<>();
    }
}
