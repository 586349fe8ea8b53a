package org.mailpolicy.james.matchers;

import java.util.Collection;
import java.util.List;

import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMatcher;
import org.mailpolicy.dmarcreport.ReportTraffic;
import org.mailpolicy.james.MessageBytes;

/**
 * Matches every recipient of a mail that looks like a DMARC aggregate report: the subject RFC 9990
 * §3.5.2 prescribes ({@code Report Domain: …}), or an attachment named
 * {@code receiver!domain!begin!end.xml.gz} (or {@code .zip}, {@code .xml}). It reads headers and
 * part headers only; {@code DmarcReportParse} reads the report. No condition.
 *
 * <pre>{@code <mailet match="org.mailpolicy.james.matchers.IsDmarcReport" class="org.mailpolicy.james.mailets.DmarcReportParse"/>}</pre>
 */
public class IsDmarcReport extends GenericMatcher {

    @Override
    public Collection<MailAddress> match(Mail mail) throws MessagingException {
        return ReportTraffic.isAggregateReport(MessageBytes.of(mail)) ? mail.getRecipients() : List.of();
    }
}
