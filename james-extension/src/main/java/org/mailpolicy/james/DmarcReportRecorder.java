package org.mailpolicy.james;

import java.time.Clock;
import java.util.Optional;

import javax.inject.Inject;

import org.apache.mailet.Mail;
import org.mailpolicy.dmarcreport.ReportRow;
import org.mailpolicy.dmarcreport.ReportStore;
import org.mailpolicy.dmarcreport.ReportTraffic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records a received message's DMARC evaluation for the aggregate report of its policy's {@code rua=}
 * (RFC 9990 §3.1.1), from the verdicts on the Mail. Shared by the {@code DmarcReportCollector} mailet
 * (accepted mail) and {@code AuthHook} (mail it refuses, which reports must count too). Never records
 * report traffic (reports about reports loop between reporters) nor mail from an authenticated sender
 * (mail we send is not ours to report); does nothing while {@code dmarc.report.enabled} is false.
 */
public final class DmarcReportRecorder {

    private static final Logger LOGGER = LoggerFactory.getLogger(DmarcReportRecorder.class);

    private final DmarcReportConfiguration configuration;
    private final ReportStore store;
    private final Clock clock;

    @Inject
    public DmarcReportRecorder(DmarcReportConfiguration configuration, ReportStore store) {
        this(configuration, store, Clock.systemUTC());
    }

    public DmarcReportRecorder(DmarcReportConfiguration configuration, ReportStore store, Clock clock) {
        this.configuration = configuration;
        this.store = store;
        this.clock = clock;
    }

    /**
     * The report row of {@code mail}: empty while reporting is off, for an authenticated sender, and for
     * mail without a DMARC verdict whose policy has a {@code rua=}.
     */
    public Optional<ReportRow> rowOf(Mail mail) {
        if (!configuration.enabled() || mail.getAttribute(Mail.SMTP_AUTH_USER).isPresent()) {
            return Optional.empty();
        }
        return DmarcReportRows.of(mail, clock.instant(), configuration.interval());
    }

    /** Adds {@code row} of the mail named {@code mailName}, whose message is {@code message}, unless it is report traffic. */
    public void record(ReportRow row, byte[] message, String mailName) {
        if (ReportTraffic.isReportTraffic(message)) {
            return;
        }
        if (!store.add(row)) {
            LOGGER.warn("DMARC report row of mail={} dropped: the report store is full (dmarc.report.maxRecords) or Redis does not answer", mailName);
        }
    }
}
