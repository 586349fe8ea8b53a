package org.mailpolicy.james.mailets;

import java.util.ArrayList;
import java.util.List;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.mailpolicy.authres.MethodResult;
import org.mailpolicy.authres.MethodResults;
import org.mailpolicy.james.ArcVerdict;
import org.mailpolicy.james.DkimVerdict;
import org.mailpolicy.james.DmarcVerdict;
import org.mailpolicy.james.MailPolicyConfiguration;
import org.mailpolicy.james.SpfVerdict;
import org.mailpolicy.james.TopHeaders;

/**
 * Writes one RFC 8601 Authentication-Results field with our authserv-id from the verdicts on
 * the Mail ({@code spf=}, one {@code dkim=} per signature, and {@code dmarc=} with {@code header.from} and
 * {@code policy.dmarc}), at the top of the header. Fields that already carry our authserv-id are removed
 * first (RFC 8601 §5: they are forgeries or stale); fields of other hosts stay.
 *
 * <pre>{@code
 * <mailet match="All" class="org.mailpolicy.james.mailets.AuthenticationResults"/>
 * }</pre>
 */
public class AuthenticationResults extends GenericMailet {

    private static final String HEADER = org.mailpolicy.authres.AuthenticationResults.HEADER_NAME;

    private final MailPolicyConfiguration configuration;

    @Inject
    public AuthenticationResults(MailPolicyConfiguration configuration) {
        this.configuration = configuration;
    }

    @Override
    public String getMailetInfo() {
        return "MailPolicy Authentication-Results (RFC 8601)";
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        List<MethodResult> results = new ArrayList<>();
        SpfVerdict.read(mail, SpfVerdict.MAIL_FROM).map(MethodResults::spf).ifPresent(results::add);
        SpfVerdict.read(mail, SpfVerdict.HELO).map(MethodResults::spf).ifPresent(results::add);
        DkimVerdict.read(mail).map(DkimVerdict::methodResults).ifPresent(results::addAll);
        ArcVerdict.read(mail).map(ArcVerdict::toMethodResult).ifPresent(results::add);
        DmarcVerdict.read(mail).map(DmarcVerdict::toMethodResult).ifPresent(results::add);
        String value = new org.mailpolicy.authres.AuthenticationResults(configuration.authservId(), results).toHeaderValue();
        TopHeaders.prepend(mail, List.of(HEADER + ": " + value), this::isOurs);
    }

    private boolean isOurs(String line) {
        if (!TopHeaders.name(line).equalsIgnoreCase(HEADER)) {
            return false;
        }
        String body = line.substring(line.indexOf(':') + 1);
        return org.mailpolicy.authres.AuthenticationResults.authservIdOf(body)
                .map(id -> id.equalsIgnoreCase(configuration.authservId()))
                .orElse(false);
    }
}
