package org.mailpolicy.james.matchers;

import java.util.Collection;
import java.util.List;

import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMatcher;
import org.mailpolicy.james.DkimResultCondition;
import org.mailpolicy.james.DkimVerdict;

/**
 * Matches every recipient when a DKIM signature of the mail ({@code mailpolicy.dkim}, written by
 * {@code DkimHook} or {@code DkimVerify}) has one of the listed results; with {@code ;domain=},
 * only signatures whose {@code d=} is one of the listed domains count. {@code none} matches an
 * unsigned message (and, with {@code domain=}, a message with no signature of those domains).
 *
 * <pre>{@code
 * <mailet match="org.mailpolicy.james.matchers.DkimResultIs=fail,permerror" class="ToRepository">
 * <mailet match="org.mailpolicy.james.matchers.DkimResultIs=pass;domain=example.com,example.org" class="...">
 * }</pre>
 */
public class DkimResultIs extends GenericMatcher {

    private DkimResultCondition condition;

    @Override
    public void init() throws MessagingException {
        try {
            condition = DkimResultCondition.parse(getCondition());
        } catch (IllegalArgumentException e) {
            throw new MessagingException("DkimResultIs=" + getCondition() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Collection<MailAddress> match(Mail mail) {
        return DkimVerdict.read(mail)
                .filter(condition::matches)
                .map(verdict -> mail.getRecipients())
                .orElse(List.of());
    }
}
