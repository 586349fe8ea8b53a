package org.mailpolicy.james.mailets;

import java.time.Clock;
import java.util.Optional;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.mailpolicy.dmarcreport.ReportRow;
import org.mailpolicy.dmarcreport.ReportStore;
import org.mailpolicy.dmarcreport.ReportTraffic;
import org.mailpolicy.james.DmarcReportConfiguration;
import org.mailpolicy.james.DmarcReportRows;
import org.mailpolicy.james.MessageBytes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records each received message whose DMARC policy asks for aggregate reports ({@code rua=}) in the
 * report store, for the reporter to send at the end of the interval (RFC 9990 §3.1.1). Reads the
 * {@code mailpolicy.dmarc}, {@code mailpolicy.dkim} and {@code mailpolicy.spf} verdicts the hooks
 * left; computes nothing again. Never records report traffic (reports about reports loop between
 * reporters) nor mail from an authenticated sender (mail we send is not ours to report). Does nothing
 * while {@code dmarc.report.enabled} is false. No parameters; the mail goes on unchanged.
 *
 * <pre>{@code <mailet match="All" class="org.mailpolicy.james.mailets.DmarcReportCollector"/>}</pre>
 */
public class DmarcReportCollector extends GenericMailet {

    private static final Logger LOGGER = LoggerFactory.getLogger(DmarcReportCollector.class);

    private final DmarcReportConfiguration configuration;
    private final ReportStore store;
    private final Clock clock;

    @Inject
    public DmarcReportCollector(DmarcReportConfiguration configuration, ReportStore store) {
        this(configuration, store, Clock.systemUTC());
    }

    DmarcReportCollector(DmarcReportConfiguration configuration, ReportStore store, Clock clock) {
        this.configuration = configuration;
        this.store = store;
        this.clock = clock;
    }

    @Override
    public String getMailetInfo() {
        return "MailPolicy DMARC aggregate report collector (RFC 9990)";
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        if (!configuration.enabled() || mail.getAttribute(Mail.SMTP_AUTH_USER).isPresent()) {
            return;
        }
        Optional<ReportRow> row = DmarcReportRows.of(mail, clock.instant(), configuration.interval());
        if (row.isEmpty() || ReportTraffic.isReportTraffic(MessageBytes.of(mail))) {
            return;
        }
        if (!store.add(row.get())) {
            LOGGER.warn("DMARC report row of mail={} dropped: the report store is full (dmarc.report.maxRecords) or Redis does not answer", mail.getName());
        }
    }
}
