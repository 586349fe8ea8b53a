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
import org.mailpolicy.dmarc.DmarcResultCode;
import org.mailpolicy.james.DmarcVerdict;

/**
 * Matches every recipient when the DMARC result of the mail ({@code mailpolicy.dmarc}, written by
 * {@code AuthHook} or {@code DmarcCheck}) is one of the listed words: pass, fail, none, temperror, permerror.
 *
 * <pre>{@code <mailet match="org.mailpolicy.james.matchers.DmarcResultIs=fail,permerror" class="...">}</pre>
 */
public class DmarcResultIs extends GenericMatcher {

    private Set<DmarcResultCode> results;

    @Override
    public void init() throws MessagingException {
        String condition = getCondition();
        if (condition == null || condition.isBlank()) {
            throw new MessagingException("DmarcResultIs needs a list of DMARC results, for example DmarcResultIs=fail,permerror");
        }
        Set<DmarcResultCode> parsed = EnumSet.noneOf(DmarcResultCode.class);
        try {
            Arrays.stream(condition.split(",")).map(String::trim).map(DmarcResultCode::fromKeyword).forEach(parsed::add);
        } catch (IllegalArgumentException e) {
            throw new MessagingException("DmarcResultIs=" + condition + ": " + e.getMessage(), e);
        }
        results = parsed;
    }

    @Override
    public Collection<MailAddress> match(Mail mail) {
        return DmarcVerdict.read(mail)
                .filter(verdict -> results.contains(verdict.result()))
                .map(verdict -> mail.getRecipients())
                .orElse(List.of());
    }
}
