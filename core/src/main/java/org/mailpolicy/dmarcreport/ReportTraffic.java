package org.mailpolicy.dmarcreport;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import org.mailpolicy.message.HeaderField;
import org.mailpolicy.message.RawMessage;

/**
 * Recognizes report traffic from its headers and parts, without parsing a report: aggregate reports
 * (RFC 9990 §3.5.2 subject, or an attachment named as §2.5.1 says) and failure or other feedback
 * reports ({@code multipart/report}, RFC 6522). Reports about reports would loop between reporters,
 * so such mail is never recorded for reporting; the receiving side uses the same test to pick
 * messages to parse.
 */
public final class ReportTraffic {

    /** RFC 9990 §3.5.2: receiver!policy-domain!begin!end[!unique-id].xml[.gz], or .zip as reporters do. */
    private static final Pattern REPORT_FILE =
            Pattern.compile("[^!]+![^!]+![0-9.]+![0-9.]+(![^!]*)?\\.(xml|xml\\.gz|zip|gz)", Pattern.CASE_INSENSITIVE);

    private ReportTraffic() {
    }

    /** Any report: an aggregate report, or a {@code multipart/report} (failure, TLS and delivery reports). */
    public static boolean isReportTraffic(byte[] message) {
        RawMessage raw = RawMessage.parse(message);
        return contentType(raw).startsWith("multipart/report") || isAggregateReport(raw, message);
    }

    /** An aggregate report: the RFC's subject, or an attachment with a report's file name. */
    public static boolean isAggregateReport(byte[] message) {
        return isAggregateReport(RawMessage.parse(message), message);
    }

    private static boolean isAggregateReport(RawMessage raw, byte[] message) {
        for (HeaderField subject : raw.headers("Subject")) {
            // RFC 9990 §3.5.2: "Report Domain:"; some reporters prefix it ("Dmarc Aggregate Report Domain:").
            if (MimeHeaderValue.decodeEncodedWords(subject.value()).toLowerCase(Locale.ROOT).contains("report domain:")) {
                return true;
            }
        }
        List<MimeParts.Part> parts;
        try {
            parts = MimeParts.leaves(message, ReportLimits.DEFAULT);
        } catch (ReportException tooComplex) {
            return false;
        }
        for (MimeParts.Part part : parts) {
            if (part.fileName != null && REPORT_FILE.matcher(part.fileName.strip()).matches()) {
                return true;
            }
        }
        return false;
    }

    private static String contentType(RawMessage raw) {
        List<HeaderField> fields = raw.headers("Content-Type");
        return fields.isEmpty() ? "" : MimeHeaderValue.parse(fields.get(0).value()).value();
    }
}
