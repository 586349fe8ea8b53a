package org.mailpolicy.james.mailets;

import java.util.ArrayList;
import java.util.List;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.mailpolicy.authres.MethodResult;
import org.mailpolicy.dkim.DkimResult;
import org.mailpolicy.james.DkimVerdict;
import org.mailpolicy.james.MailPolicyConfiguration;
import org.mailpolicy.james.SpfVerdict;
import org.mailpolicy.james.TopHeaders;
import org.mailpolicy.spf.SpfResult;

/**
 * Writes one RFC 8601 Authentication-Results field with our authserv-id from the verdicts on
 * the Mail ({@code spf=}, and one {@code dkim=} per signature), at the top of the header. Fields that already carry our authserv-id are removed
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
        SpfVerdict.read(mail, SpfVerdict.MAIL_FROM).map(AuthenticationResults::spf).ifPresent(results::add);
        SpfVerdict.read(mail, SpfVerdict.HELO).map(AuthenticationResults::spf).ifPresent(results::add);
        DkimVerdict.read(mail).map(AuthenticationResults::dkim).ifPresent(results::addAll);
        String value = new org.mailpolicy.authres.AuthenticationResults(configuration.authservId(), results).toHeaderValue();
        TopHeaders.prepend(mail, List.of(HEADER + ": " + value), this::isOurs);
    }

    /** RFC 8601 §2.7.2: {@code smtp.mailfrom} carries the domain checked, {@code smtp.helo} the HELO name. */
    private static MethodResult spf(SpfResult result) {
        MethodResult.Builder builder = MethodResult.builder("spf", result.code().keyword());
        result.problem().ifPresent(builder::reason);
        return builder.property("smtp", result.identity().property().substring("smtp.".length()), result.domain()).build();
    }

    /**
     * RFC 8601 §2.7.1 and RFC 6008: one {@code dkim=} per signature with {@code header.d},
     * {@code header.i}, {@code header.s}, {@code header.a} and {@code header.b} (the first
     * characters of b=, telling apart signatures of one domain); {@code dkim=none} when unsigned.
     */
    private static List<MethodResult> dkim(DkimVerdict verdict) {
        if (!verdict.isSigned()) {
            return List.of(MethodResult.builder("dkim", DkimResult.NONE.word()).build());
        }
        List<MethodResult> results = new ArrayList<>();
        for (DkimVerdict.Signature signature : verdict.signatures()) {
            MethodResult.Builder builder = MethodResult.builder("dkim", signature.result().word());
            if (!signature.reason().isEmpty()) {
                builder.reason(signature.reason());
            }
            header(builder, "d", signature.domain());
            header(builder, "i", signature.identity());
            header(builder, "s", signature.selector());
            header(builder, "a", signature.algorithm());
            header(builder, "b", signature.bPrefix());
            results.add(builder.build());
        }
        return results;
    }

    private static void header(MethodResult.Builder builder, String property, String value) {
        if (!value.isEmpty()) {
            builder.property("header", property, value);
        }
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
