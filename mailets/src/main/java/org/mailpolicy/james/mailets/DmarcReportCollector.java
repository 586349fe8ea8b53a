package org.mailpolicy.james.mailets;

import java.util.Optional;

import javax.inject.Inject;
import javax.mail.MessagingException;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.mailpolicy.dmarcreport.ReportRow;
import org.mailpolicy.james.DmarcReportRecorder;
import org.mailpolicy.james.MessageBytes;

/**
 * Records each received message whose DMARC policy asks for aggregate reports ({@code rua=}) in the
 * report store, for the reporter to send at the end of the interval (RFC 9990 §3.1.1), through
 * {@link DmarcReportRecorder}. Reads the
 * {@code mailpolicy.dmarc}, {@code mailpolicy.dkim} and {@code mailpolicy.spf} verdicts the hooks
 * left; computes nothing again. Never records report traffic (reports about reports loop between
 * reporters) nor mail from an authenticated sender (mail we send is not ours to report). Does nothing
 * while {@code dmarc.report.enabled} is false. No parameters; the mail goes on unchanged.
 *
 * <pre>{@code <mailet match="All" class="org.mailpolicy.james.mailets.DmarcReportCollector"/>}</pre>
 */
public class DmarcReportCollector extends GenericMailet {

    private final DmarcReportRecorder recorder;

    @Inject
    public DmarcReportCollector(DmarcReportRecorder recorder) {
        this.recorder = recorder;
    }

    @Override
    public String getMailetInfo() {
        return "MailPolicy DMARC aggregate report collector (RFC 9990)";
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        Optional<ReportRow> row = recorder.rowOf(mail);
        if (row.isPresent()) {
            recorder.record(row.get(), MessageBytes.of(mail), mail.getName());
        }
    }
}
