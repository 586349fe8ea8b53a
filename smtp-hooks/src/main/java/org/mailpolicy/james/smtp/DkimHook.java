package org.mailpolicy.james.smtp;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import javax.inject.Inject;
import javax.mail.MessagingException;
import javax.mail.internet.AddressException;
import javax.mail.internet.InternetAddress;

import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.protocols.api.handler.ProtocolHandler;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.smtpserver.JamesMessageHook;
import org.apache.mailet.Mail;
import org.mailpolicy.dkim.DkimResult;
import org.mailpolicy.dkim.DkimVerifier;
import org.mailpolicy.james.DkimEvaluation;
import org.mailpolicy.james.DkimVerdict;
import org.mailpolicy.james.DomainList;
import org.mailpolicy.james.MailPolicyConfiguration;
import org.mailpolicy.james.MessageBytes;
import org.mailpolicy.smtp.SmtpReply;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies the DKIM signatures of each message at the end of DATA, for clients that may not
 * relay, and stores the verdict as {@code mailpolicy.dkim}. For the domains listed in
 * {@code <alwaysSigned>}, a message whose From domain is one of them is refused unless a
 * signature with that {@code d=} passes: {@code 550 5.7.20} (RFC 7372 §3.1), or {@code 451 4.7.20}
 * when a signature of that domain could not be checked for a temporary reason.
 *
 * <pre>{@code
 * <handler class="org.mailpolicy.james.smtp.DkimHook">
 *   <alwaysSigned>example.com,example.org</alwaysSigned>   <!-- optional -->
 * </handler>
 * }</pre>
 */
public class DkimHook implements JamesMessageHook, ProtocolHandler {

    private static final Logger LOGGER = LoggerFactory.getLogger(DkimHook.class);

    private final DkimEvaluation evaluation;
    private Set<String> alwaysSigned = Set.of();

    @Inject
    public DkimHook(DkimVerifier verifier, MailPolicyConfiguration configuration, MetricFactory metrics) {
        this.evaluation = new DkimEvaluation(verifier, configuration, metrics);
    }

    @Override
    public void init(Configuration config) throws ConfigurationException {
        String domains = config.getString("alwaysSigned", "");
        try {
            alwaysSigned = DomainList.parse(domains);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("smtpserver.xml, handler " + getClass().getName()
                    + ": <alwaysSigned>" + domains + "</alwaysSigned> is not valid: " + e.getMessage(), e);
        }
    }

    @Override
    public HookResult onMessage(SMTPSession session, Mail mail) {
        return messageToCheck(session, mail)
                .flatMap(message -> refuseUnsigned(verify(session, mail, message), mail))
                .orElse(HookResult.DECLINED);
    }

    /** The bytes of a message from a client that may not relay; empty for relaying clients and unreadable messages. */
    Optional<byte[]> messageToCheck(SMTPSession session, Mail mail) {
        if (session.isRelayingAllowed()) {
            return Optional.empty();
        }
        try {
            return Optional.of(MessageBytes.of(mail));
        } catch (MessagingException e) {
            LOGGER.warn("session={} mail={}: message unreadable, not verified", session.getSessionID(), mail.getName(), e);
            return Optional.empty();
        }
    }

    /** Verifies the signatures of {@code message} and stores the verdict on the Mail as {@code mailpolicy.dkim}. */
    DkimVerdict verify(SMTPSession session, Mail mail, byte[] message) {
        DkimVerdict verdict = evaluation.verify(message);
        mail.setAttribute(verdict.toAttribute());
        LOGGER.info("DKIM session={} mail={}: {}", session.getSessionID(), mail.getName(), verdict);
        return verdict;
    }

    /** The refusal of mail from an always-signed domain without a passing signature of its own. */
    Optional<HookResult> refuseUnsigned(DkimVerdict verdict, Mail mail) {
        return enforce(verdict, fromDomains(mail)).map(HookResults::of);
    }

    /** The reply for the first always-signed From domain without a passing signature of its own. */
    private Optional<SmtpReply> enforce(DkimVerdict verdict, Set<String> fromDomains) {
        for (String domain : fromDomains) {
            if (!alwaysSigned.contains(domain)) {
                continue;
            }
            boolean passed = verdict.signatures().stream()
                    .anyMatch(s -> s.result() == DkimResult.PASS && s.domain().filter(domain::equalsIgnoreCase).isPresent());
            if (passed) {
                continue;
            }
            boolean temporary = verdict.signatures().stream()
                    .anyMatch(s -> s.result() == DkimResult.TEMPERROR && s.domain().map(domain::equalsIgnoreCase).orElse(true));
            // RFC 7372 §3.1: X.7.20 "No passing DKIM signature found".
            return Optional.of(temporary
                    ? new SmtpReply(451, "4.7.20", "DKIM signature of " + domain + " could not be checked, try again later")
                    : new SmtpReply(550, "5.7.20", "No passing DKIM signature found: mail from " + domain + " must be signed by " + domain));
        }
        return Optional.empty();
    }

    /** RFC 5322 §3.6.2: the author domains; an unparsable From yields none (DMARC will judge such mail). */
    private static Set<String> fromDomains(Mail mail) {
        try {
            String[] fields = mail.getMessage().getHeader("From");
            if (fields == null) {
                return Set.of();
            }
            return Arrays.stream(fields)
                    .flatMap(field -> parse(field).stream())
                    .map(InternetAddress::getAddress)
                    .filter(address -> address != null && address.lastIndexOf('@') > 0)
                    .map(address -> address.substring(address.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT))
                    .collect(Collectors.toCollection(LinkedHashSet::new));
        } catch (MessagingException e) {
            return Set.of();
        }
    }

    private static List<InternetAddress> parse(String field) {
        try {
            return Arrays.asList(InternetAddress.parseHeader(field, false));
        } catch (AddressException e) {
            return List.of();
        }
    }

}
