package org.mailpolicy.dmarcreport;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Locale;

/**
 * A generated aggregate report: the XML, its gzip form, the file name and subject RFC 9990 §3.5
 * asks for, and the e-mail that carries it.
 */
public final class GeneratedReport {

    static final DateTimeFormatter RFC5322_DATE =
            DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.ROOT).withZone(ZoneOffset.UTC);

    private final ReportKey key;
    private final String reportId;
    private final byte[] xml;
    private final byte[] gzip;
    private final String fileName;
    private final String subject;

    GeneratedReport(ReportKey key, String reportId, byte[] xml, byte[] gzip, String fileName, String subject) {
        this.key = key;
        this.reportId = reportId;
        this.xml = xml;
        this.gzip = gzip;
        this.fileName = fileName;
        this.subject = subject;
    }

    public ReportKey key() {
        return key;
    }

    public String reportId() {
        return reportId;
    }

    /** The XML document, UTF-8. */
    public byte[] xml() {
        return xml.clone();
    }

    /** The XML, gzip-compressed (RFC 9990 §3.5: reports are sent compressed). */
    public byte[] gzip() {
        return gzip.clone();
    }

    /** RFC 9990 §3.5.2: {@code receiver!policy-domain!begin!end.xml.gz}. */
    public String fileName() {
        return fileName;
    }

    /** RFC 9990 §3.5.2: {@code Report Domain: <domain> Submitter: <receiver> Report-ID: <id>}. */
    public String subject() {
        return subject;
    }

    /**
     * The report as an RFC 5322 message (CRLF line endings): a short text part and the gzip file as an
     * attachment (RFC 9990 §3.5.2). Sign it, then send it.
     */
    public byte[] message(String from, String to, Instant date, String messageId) {
        String boundary = "=_mailpolicy_report_" + Integer.toHexString(reportId.hashCode())
                + Long.toHexString(key.interval().begin().getEpochSecond());
        StringBuilder m = new StringBuilder();
        m.append("From: ").append(oneLine(from)).append("\r\n");
        m.append("To: ").append(oneLine(to)).append("\r\n");
        m.append("Date: ").append(RFC5322_DATE.format(date)).append("\r\n");
        m.append("Subject: ").append(subject).append("\r\n");
        m.append("Message-ID: <").append(oneLine(messageId)).append(">\r\n");
        m.append("MIME-Version: 1.0\r\n");
        m.append("Content-Type: multipart/mixed; boundary=\"").append(boundary).append("\"\r\n");
        m.append("\r\n");
        m.append("--").append(boundary).append("\r\n");
        m.append("Content-Type: text/plain; charset=us-ascii\r\n");
        m.append("Content-Transfer-Encoding: 7bit\r\n\r\n");
        m.append("This is a DMARC aggregate report for ").append(key.domain()).append(", from ")
                .append(key.interval().begin()).append(" to ").append(key.interval().end()).append(".\r\n");
        m.append("Report-ID: ").append(reportId).append("\r\n\r\n");
        m.append("--").append(boundary).append("\r\n");
        m.append("Content-Type: application/gzip; name=\"").append(fileName).append("\"\r\n");
        m.append("Content-Transfer-Encoding: base64\r\n");
        m.append("Content-Disposition: attachment; filename=\"").append(fileName).append("\"\r\n\r\n");
        m.append(Base64.getMimeEncoder(76, new byte[] {'\r', '\n'}).encodeToString(gzip)).append("\r\n");
        m.append("--").append(boundary).append("--\r\n");
        return m.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** No CR, LF or other control character reaches a header field (no header injection). */
    static String oneLine(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            out.append(c < 0x20 || c == 0x7f ? ' ' : c);
        }
        return out.toString();
    }
}
