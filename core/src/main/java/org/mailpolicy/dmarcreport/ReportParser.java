package org.mailpolicy.dmarcreport;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads DMARC aggregate reports (RFC 9990 with its namespace, RFC 7489 without) from whatever a
 * reporter sends: the XML itself, gzip, zip, or an e-mail carrying one of those (RFC 9990 §3.5). The
 * one entry point of the receiving side. It never throws for bad input: what it cannot read comes
 * back as an error an admin can act on, within the {@link ReportLimits}.
 */
public final class ReportParser {

    /** RFC 9990 §3.5 names gzip; reporters also use zip and plain XML, under many media types. */
    private static final Set<String> REPORT_TYPES = Set.of("application/gzip", "application/x-gzip",
            "application/zip", "application/x-zip", "application/x-zip-compressed", "application/xml", "text/xml");

    /** The start of the error for an exception the reader did not expect: a bug, reported rather than thrown. */
    static final String UNEXPECTED = "the report cannot be read: ";

    /** gzip inside zip happens; deeper is no report. */
    private static final int MAX_NESTING = 2;

    private final ReportLimits limits;
    private final FeedbackXmlReader xml;

    public ReportParser() {
        this(ReportLimits.DEFAULT);
    }

    public ReportParser(ReportLimits limits) {
        this.limits = limits;
        this.xml = new FeedbackXmlReader(limits);
    }

    /** Reads at most {@link ReportLimits#maxInputBytes()} from {@code in} (a longer input is an error) and parses it. */
    public ReportParseResult parse(InputStream in) throws IOException {
        byte[] input = in.readNBytes(limits.maxInputBytes() + 1);
        return parse(input);
    }

    public ReportParseResult parse(byte[] input) {
        if (input.length > limits.maxInputBytes()) {
            return ReportParseResult.error("the input is larger than " + limits.maxInputBytes() + " bytes");
        }
        List<AggregateReport> reports = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        try {
            if (Decompression.isGzip(input) || Decompression.isZip(input) || looksLikeXml(input)) {
                payload(input, 0, reports);
            } else {
                attachments(input, reports, errors);
            }
        } catch (ReportException e) {
            errors.add(e.getMessage());
        } catch (RuntimeException | StackOverflowError e) {
            // The reader must answer for any input; a bug in it is reported, not thrown at the caller.
            errors.add(UNEXPECTED + e);
        }
        return new ReportParseResult(reports, errors);
    }

    private void attachments(byte[] message, List<AggregateReport> reports, List<String> errors) throws ReportException {
        int candidates = 0;
        for (MimeParts.Part part : MimeParts.leaves(message, limits)) {
            if (!isReportCandidate(part)) {
                continue;
            }
            candidates++;
            try {
                payload(part.content, 0, reports);
            } catch (ReportException e) {
                errors.add((part.fileName == null ? part.contentType : part.fileName) + ": " + e.getMessage());
            }
        }
        if (candidates == 0) {
            errors.add("the message carries no aggregate report (no XML, gzip or zip part)");
        }
    }

    private static boolean isReportCandidate(MimeParts.Part part) {
        if (REPORT_TYPES.contains(part.contentType) || Decompression.isGzip(part.content)
                || Decompression.isZip(part.content)) {
            return true;
        }
        String name = part.fileName == null ? "" : part.fileName.toLowerCase(Locale.ROOT);
        return name.endsWith(".xml") || name.endsWith(".gz") || name.endsWith(".zip");
    }

    private void payload(byte[] data, int nesting, List<AggregateReport> reports) throws ReportException {
        if (nesting > MAX_NESTING) {
            throw new ReportException("archives nest deeper than " + MAX_NESTING);
        }
        if (Decompression.isGzip(data)) {
            payload(Decompression.gunzip(data, limits.maxXmlBytes()), nesting + 1, reports);
        } else if (Decompression.isZip(data)) {
            for (byte[] file : Decompression.unzip(data, limits.maxXmlBytes(), limits.maxZipEntries())) {
                payload(file, nesting + 1, reports);
            }
        } else if (looksLikeXml(data)) {
            reports.add(xml.read(data));
        } else {
            throw new ReportException("the data is neither XML, gzip nor zip");
        }
    }

    /** Starts with {@code <} after an optional byte order mark and white space. */
    static boolean looksLikeXml(byte[] data) {
        int i = 0;
        if (data.length >= 3 && (data[0] & 0xff) == 0xef && (data[1] & 0xff) == 0xbb && (data[2] & 0xff) == 0xbf) {
            i = 3;
        } else if (data.length >= 2 && ((data[0] & 0xff) == 0xfe && (data[1] & 0xff) == 0xff
                || (data[0] & 0xff) == 0xff && (data[1] & 0xff) == 0xfe)) {
            // UTF-16 with its byte order mark
            return true;
        }
        while (i < data.length && (data[i] == ' ' || data[i] == '\t' || data[i] == '\r' || data[i] == '\n')) {
            i++;
        }
        return i < data.length && data[i] == '<';
    }
}
