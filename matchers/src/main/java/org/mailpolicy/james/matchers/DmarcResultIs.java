package org.mailpolicy.james.matchers;

import java.util.Collection;
import java.util.List;

import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMatcher;
import org.mailpolicy.dmarc.DmarcResultCode;
import org.mailpolicy.james.DmarcVerdict;
import org.mailpolicy.james.ResultCondition;

/**
 * Matches every recipient when the DMARC result of the mail ({@code mailpolicy.dmarc}, written by
 * {@code AuthHook} or {@code DmarcCheck}) is one of the listed words: pass, fail, none, temperror,
 * permerror; with {@code ;domain=}, only when the RFC5322.From domain is one of the listed domains.
 *
 * <pre>{@code
 * <mailet match="org.mailpolicy.james.matchers.DmarcResultIs=fail,permerror" class="...">
 * <mailet match="org.mailpolicy.james.matchers.DmarcResultIs=fail;domain=example.com" class="...">
 * }</pre>
 */
public class DmarcResultIs extends GenericMatcher {

    private ResultCondition<DmarcResultCode> condition;

    @Override
    public void init() throws MessagingException {
        try {
            condition = ResultCondition.parse(getCondition(), "DMARC", DmarcResultCode.class, DmarcResultCode::keyword, "domain");
        } catch (IllegalArgumentException e) {
            throw new MessagingException("DmarcResultIs=" + getCondition() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Collection<MailAddress> match(Mail mail) {
        return DmarcVerdict.read(mail)
                .filter(verdict -> condition.accepts(verdict.result()))
                .filter(verdict -> condition.domains().isEmpty() || (verdict.fromDomain() != null && condition.coversDomain(verdict.fromDomain())))
                .map(verdict -> mail.getRecipients())
                .orElse(List.of());
    }
}
