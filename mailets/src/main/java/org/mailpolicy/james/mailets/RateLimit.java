package org.mailpolicy.james.mailets;

import java.util.Optional;
import java.util.stream.Collectors;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.james.metrics.api.MetricFactory;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.mailpolicy.net.IpLiteral;
import org.mailpolicy.james.RateLimitEvaluation;
import org.mailpolicy.ratelimit.RateLimitDecision;
import org.mailpolicy.ratelimit.RateLimitRequest;
import org.mailpolicy.ratelimit.RateLimitRulesSource;
import org.mailpolicy.ratelimit.RateLimiter;
import org.mailpolicy.smtp.SmtpReply;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rate limits mail that {@code RateLimitHook} did not count (sent by mailets, JMAP, or through an
 * SMTP server without the hook) with the {@code ratelimit.*} rules: the message, all its
 * recipients and its size at once. Mail over a limit gets the attribute
 * {@code mailpolicy.ratelimit.exceeded} (the reply the hook would have given) and, when
 * {@code exceededProcessor} is set, goes to that processor; otherwise it stays for the
 * {@code RateLimitExceeded} matcher.
 *
 * <pre>{@code
 * <mailet match="All" class="org.mailpolicy.james.mailets.RateLimit">
 *   <exceededProcessor>error</exceededProcessor>   <!-- optional -->
 * </mailet>
 * }</pre>
 */
public class RateLimit extends GenericMailet {

    private static final Logger LOGGER = LoggerFactory.getLogger(RateLimit.class);

    private final RateLimitEvaluation evaluation;
    private Optional<String> exceededProcessor = Optional.empty();

    @Inject
    public RateLimit(RateLimiter limiter, RateLimitRulesSource rules, MetricFactory metrics) {
        this.evaluation = new RateLimitEvaluation(limiter, rules, metrics);
    }

    @Override
    public void init() throws MessagingException {
        exceededProcessor = Optional.ofNullable(getInitParameter("exceededProcessor")).map(String::trim).filter(p -> !p.isEmpty());
    }

    @Override
    public String getMailetInfo() {
        return "MailPolicy rate limit";
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        if (mail.getAttribute(RateLimitEvaluation.COUNTED).isPresent()) {
            return;
        }
        RateLimitRequest request = RateLimitRequest.builder()
                .user(mail.getAttribute(Mail.SMTP_AUTH_USER).map(a -> a.getValue().value()).map(String::valueOf).orElse(null))
                .clientIp(IpLiteral.parse(mail.getRemoteAddr()).orElse(null))
                .helo(mail.getAttribute(Mail.SMTP_HELO).map(a -> a.getValue().value()).map(String::valueOf).orElse(null))
                .sender(mail.getMaybeSender().isNullSender() ? "" : mail.getMaybeSender().asString())
                .recipients(mail.getRecipients().stream().map(r -> r.asString()).collect(Collectors.toList()))
                .bytes(mail.getMessageSize())
                .build();
        RateLimitDecision decision = evaluation.reserve(request).decision();
        mail.setAttribute(new Attribute(RateLimitEvaluation.COUNTED, AttributeValue.of(true)));
        Optional<SmtpReply> refusal = RateLimitEvaluation.replyFor(decision);
        if (refusal.isEmpty()) {
            return;
        }
        LOGGER.info("rate limit mail={} sender={}: {}", mail.getName(), request.sender().orElse(""), decision);
        mail.setAttribute(new Attribute(RateLimitEvaluation.EXCEEDED,
                AttributeValue.of(refusal.get().code() + " " + refusal.get().description())));
        exceededProcessor.ifPresent(mail::setState);
    }
}
