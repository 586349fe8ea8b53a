package org.mailpolicy.james.matchers;

import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMatcher;
import org.mailpolicy.james.SpfVerdict;
import org.mailpolicy.spf.SpfResultCode;

/**
 * Matches every recipient when the SPF verdict of the mail ({@code mailpolicy.spf}, written by
 * {@code SpfHook} or {@code SpfCheck}) is one of the listed result words.
 *
 * <pre>{@code <mailet match="org.mailpolicy.james.matchers.SpfResultIs=fail,softfail" class="ToRepository">}</pre>
 */
public class SpfResultIs extends GenericMatcher {

    private Set<SpfResultCode> results;

    @Override
    public void init() throws MessagingException {
        String condition = getCondition();
        if (condition == null || condition.isBlank()) {
            throw new MessagingException("SpfResultIs needs a list of SPF results, for example SpfResultIs=fail,softfail");
        }
        Set<SpfResultCode> parsed = EnumSet.noneOf(SpfResultCode.class);
        try {
            Arrays.stream(condition.split(",")).map(String::trim).map(SpfResultCode::fromKeyword).forEach(parsed::add);
        } catch (IllegalArgumentException e) {
            throw new MessagingException("SpfResultIs=" + condition + ": " + e.getMessage(), e);
        }
        results = parsed;
    }

    @Override
    public Collection<MailAddress> match(Mail mail) {
        return SpfVerdict.read(mail, SpfVerdict.MAIL_FROM)
                .filter(result -> results.contains(result.code()))
                .map(result -> mail.getRecipients())
                .orElse(List.of());
    }
}
