package org.mailpolicy.james.mailets;

import java.net.InetAddress;
import java.util.Optional;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.james.core.MaybeSender;
import org.apache.james.metrics.api.MetricFactory;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.mailpolicy.net.IpLiteral;
import org.mailpolicy.james.MailPolicyConfiguration;
import org.mailpolicy.james.SpfEvaluation;
import org.mailpolicy.james.SpfVerdict;
import org.mailpolicy.spf.ReceivedSpf;
import org.mailpolicy.spf.SpfIdentity;
import org.mailpolicy.spf.SpfResult;
import org.mailpolicy.spf.SpfVerifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SPF for deployments without {@code SpfHook}: evaluates the MAIL FROM identity (the HELO
 * identity for the null sender) from the Mail's remote address, HELO and sender, and stores it
 * as {@code mailpolicy.spf}. A verdict the hook already stored is reused, never recomputed.
 * Mail from authenticated senders is left alone, as the hook leaves relaying-allowed sessions.
 *
 * <pre>{@code
 * <mailet match="All" class="org.mailpolicy.james.mailets.SpfCheck">
 *   <addReceivedSpf>true</addReceivedSpf>   <!-- default false -->
 * </mailet>
 * }</pre>
 */
public class SpfCheck extends GenericMailet {

    private static final Logger LOGGER = LoggerFactory.getLogger(SpfCheck.class);

    private final SpfEvaluation evaluation;
    private final MailPolicyConfiguration configuration;
    private boolean addReceivedSpf;

    @Inject
    public SpfCheck(SpfVerifier verifier, MailPolicyConfiguration configuration, MetricFactory metrics) {
        this.evaluation = new SpfEvaluation(verifier, configuration, metrics);
        this.configuration = configuration;
    }

    @Override
    public void init() throws MessagingException {
        addReceivedSpf = getBooleanParameter(getInitParameter("addReceivedSpf"), false);
    }

    @Override
    public String getMailetInfo() {
        return "MailPolicy SPF check (RFC 7208)";
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        if (mail.getAttribute(Mail.SMTP_AUTH_USER).isPresent()) {
            return;
        }
        Optional<InetAddress> client = clientAddress(mail);
        if (client.isEmpty()) {
            LOGGER.info("SPF not checked for mail {}: no usable remote address '{}'", mail.getName(), mail.getRemoteAddr());
            return;
        }
        String helo = mail.getAttribute(Mail.SMTP_HELO)
                .map(Attribute::getValue)
                .map(AttributeValue::value)
                .filter(String.class::isInstance)
                .map(String.class::cast)
                .orElse("");
        Optional<SpfResult> stored = SpfVerdict.read(mail, SpfVerdict.MAIL_FROM);
        SpfResult result = stored.orElseGet(() -> evaluate(mail.getMaybeSender(), client.get(), helo));
        if (stored.isEmpty()) {
            mail.setAttribute(SpfVerdict.toAttribute(SpfVerdict.MAIL_FROM, result));
            LOGGER.info("SPF mail={} ip={} helo={}: {}", mail.getName(), client.get().getHostAddress(), helo, result);
        }
        if (addReceivedSpf) {
            mail.getMessage().addHeader(ReceivedSpf.HEADER_NAME,
                    ReceivedSpf.format(result, client.get(), helo, configuration.authservId()));
            mail.getMessage().saveChanges();
        }
    }

    private SpfResult evaluate(MaybeSender sender, InetAddress client, String helo) {
        if (sender.isNullSender()) {
            return evaluation.await(evaluation.verifyMailFrom(client, helo, ""), SpfIdentity.HELO, helo);
        }
        return evaluation.await(evaluation.verifyMailFrom(client, helo, sender.asString()), SpfIdentity.MAILFROM,
                sender.get().getDomain().asString());
    }

    private static Optional<InetAddress> clientAddress(Mail mail) {
        return IpLiteral.parse(mail.getRemoteAddr());
    }
}
