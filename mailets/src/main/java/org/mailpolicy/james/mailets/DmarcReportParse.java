package org.mailpolicy.james.mailets;

import javax.mail.MessagingException;

import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.mailpolicy.dmarcreport.ReportParseResult;
import org.mailpolicy.dmarcreport.ReportParser;
import org.mailpolicy.james.DmarcReportSummary;
import org.mailpolicy.james.MessageBytes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the DMARC aggregate report an incoming mail carries (RFC 9990 or RFC 7489; XML, gzip, zip;
 * hardened against XXE and decompression bombs) and writes its summary as the
 * {@code mailpolicy.dmarcreport.*} attributes, or {@code mailpolicy.dmarcreport.error} with the
 * reason it could not be read. The mail itself is left as it is. Put it behind {@code IsDmarcReport}.
 * No parameters.
 *
 * <pre>{@code <mailet match="org.mailpolicy.james.matchers.IsDmarcReport" class="org.mailpolicy.james.mailets.DmarcReportParse"/>}</pre>
 */
public class DmarcReportParse extends GenericMailet {

    private static final Logger LOGGER = LoggerFactory.getLogger(DmarcReportParse.class);

    private final ReportParser parser = new ReportParser();

    @Override
    public String getMailetInfo() {
        return "MailPolicy DMARC aggregate report reader (RFC 9990)";
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        ReportParseResult result = parser.parse(MessageBytes.of(mail));
        DmarcReportSummary.attributes(result).forEach(mail::setAttribute);
        if (result.hasReport()) {
            LOGGER.info("DMARC report mail={}: {}", mail.getName(), result.reports());
        } else {
            LOGGER.warn("DMARC report mail={} cannot be read: {}", mail.getName(), result.errors());
        }
    }
}
