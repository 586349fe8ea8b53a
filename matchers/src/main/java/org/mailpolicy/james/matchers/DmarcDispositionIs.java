package org.mailpolicy.james.matchers;

import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMatcher;
import org.mailpolicy.dmarc.DmarcPolicy;
import org.mailpolicy.james.DmarcVerdict;

/**
 * Matches every recipient when the DMARC disposition of the mail ({@code mailpolicy.dmarc}) is one of
 * the listed words: none, quarantine, reject. The disposition already counts {@code t=y}, {@code pct=}
 * and local overrides, so {@code quarantine} is exactly the mail to put aside.
 *
 * <pre>{@code <mailet match="org.mailpolicy.james.matchers.DmarcDispositionIs=quarantine" class="org.mailpolicy.james.mailets.DmarcQuarantine"/>}</pre>
 */
public class DmarcDispositionIs extends GenericMatcher {

    private Set<DmarcPolicy> dispositions;

    @Override
    public void init() throws MessagingException {
        String condition = getCondition();
        if (condition == null || condition.isBlank()) {
            throw new MessagingException("DmarcDispositionIs needs a list of dispositions, for example DmarcDispositionIs=quarantine");
        }
        Set<DmarcPolicy> parsed = EnumSet.noneOf(DmarcPolicy.class);
        for (String word : condition.split(",")) {
            parsed.add(DmarcPolicy.fromWord(word).orElseThrow(() -> new MessagingException("DmarcDispositionIs=" + condition
                    + ": '" + word.trim() + "' is not a disposition; expected none, quarantine or reject")));
        }
        dispositions = parsed;
    }

    @Override
    public Collection<MailAddress> match(Mail mail) {
        return DmarcVerdict.read(mail)
                .filter(verdict -> dispositions.contains(verdict.disposition()))
                .map(verdict -> mail.getRecipients())
                .orElse(List.of());
    }
}
