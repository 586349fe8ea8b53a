package org.mailpolicy.james.matchers;

import java.util.Collection;
import java.util.List;

import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMatcher;
import org.mailpolicy.james.DmarcReportSummary;

/**
 * Matches every recipient of a mail whose DMARC aggregate report ({@code mailpolicy.dmarcreport.failures},
 * written by {@code DmarcReportParse}) counts messages that failed DMARC: at least one, or at least
 * the number given as the condition. A mail without a read report never matches.
 *
 * <pre>{@code
 * <mailet match="org.mailpolicy.james.matchers.DmarcReportHasFailures" class="ToProcessor">
 * <mailet match="org.mailpolicy.james.matchers.DmarcReportHasFailures=100" class="…">
 * }</pre>
 */
public class DmarcReportHasFailures extends GenericMatcher {

    private long threshold;

    @Override
    public void init() throws MessagingException {
        String condition = getCondition();
        if (condition == null || condition.isBlank()) {
            threshold = 1;
            return;
        }
        try {
            threshold = Long.parseLong(condition.strip());
        } catch (NumberFormatException e) {
            threshold = -1;
        }
        if (threshold < 1) {
            throw new MessagingException("DmarcReportHasFailures=" + condition
                    + ": the condition is the least number of failing messages, a whole number from 1");
        }
    }

    @Override
    public Collection<MailAddress> match(Mail mail) {
        return DmarcReportSummary.failures(mail).filter(failures -> failures >= threshold)
                .map(failures -> mail.getRecipients()).orElse(List.of());
    }
}
