package org.mailpolicy.dmarcreport;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.mailpolicy.message.HeaderField;
import org.mailpolicy.message.RawMessage;

/**
 * Reads a feedback report (ARF, RFC 5965 §2): a {@code multipart/report} whose parts are a text for
 * humans, the {@code message/feedback-report} fields (RFC 5965 §3) and the reported message or its
 * header section. Used for the failure reports others send us and to check the ones we write. Input
 * and MIME parts are bounded as for aggregate reports ({@link ReportLimits}); never throws.
 */
public final class FeedbackReportReader {

    private final ReportLimits limits;

    public FeedbackReportReader() {
        this(ReportLimits.DEFAULT);
    }

    public FeedbackReportReader(ReportLimits limits) {
        this.limits = limits;
    }

    /** The report, or why the message is not one. */
    public Result read(byte[] message) {
        if (message.length > limits.maxInputBytes()) {
            return Result.error("the message is larger than " + limits.maxInputBytes() + " bytes");
        }
        RawMessage raw = RawMessage.parse(message);
        MimeHeaderValue type = MimeHeaderValue.parse(first(raw, "Content-Type").orElse("text/plain"));
        String boundary = type.parameter("boundary");
        // RFC 5965 §2 (a): the report is a multipart/report (RFC 6522) with report-type feedback-report.
        if (!type.value().equals("multipart/report") || boundary == null || boundary.isEmpty()) {
            return Result.error("not a multipart/report but " + type.value());
        }
        List<byte[]> parts = MimeParts.bodyParts(raw.body(), boundary);
        if (parts.size() > limits.maxMimeParts()) {
            return Result.error("more than " + limits.maxMimeParts() + " MIME parts");
        }
        Map<String, List<String>> fields = null;
        String headers = null;
        boolean wholeMessage = false;
        for (byte[] bytes : parts) {
            RawMessage part = RawMessage.parse(bytes);
            String partType = MimeHeaderValue.parse(first(part, "Content-Type").orElse("text/plain")).value();
            byte[] content;
            try {
                content = MimeParts.decode(first(part, "Content-Transfer-Encoding").orElse("7bit"), part.body());
            } catch (ReportException e) {
                return Result.error(e.getMessage());
            }
            if (partType.equals("message/feedback-report") && fields == null) {
                fields = fields(content);
            } else if (partType.equals("text/rfc822-headers") && headers == null) {
                headers = new String(content, StandardCharsets.UTF_8);
            } else if (partType.equals("message/rfc822") && headers == null) {
                RawMessage copy = RawMessage.parse(content);
                headers = new String(copy.bytes(), 0, copy.bodyOffset(), StandardCharsets.UTF_8);
                wholeMessage = true;
            }
        }
        if (fields == null) {
            return Result.error("no message/feedback-report part");
        }
        // RFC 5965 §3.1: Feedback-Type, User-Agent and Version are required; without a type it is no report.
        if (!fields.containsKey("feedback-type")) {
            return Result.error("the message/feedback-report part has no Feedback-Type");
        }
        String subject = first(raw, "Subject").map(s -> MimeHeaderValue.decodeEncodedWords(s.replace("\r\n", "")).strip())
                .orElse("");
        return new Result(new FeedbackReport(subject, fields, headers, wholeMessage), null);
    }

    /** RFC 5965 §3.1: the part is a header-like block of fields; names are case-insensitive. */
    private static Map<String, List<String>> fields(byte[] content) {
        Map<String, List<String>> fields = new LinkedHashMap<>();
        for (HeaderField field : RawMessage.parse(content).headers()) {
            if (field.name().isEmpty()) {
                continue;
            }
            fields.computeIfAbsent(field.lowerCaseName(), k -> new ArrayList<>()).add(field.value().strip());
        }
        return fields;
    }

    private static Optional<String> first(RawMessage message, String name) {
        List<HeaderField> found = message.headers(name);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0).value());
    }

    /** A report, or the reason there is none. */
    public static final class Result {
        private final FeedbackReport report;
        private final String error;

        private Result(FeedbackReport report, String error) {
            this.report = report;
            this.error = error;
        }

        static Result error(String error) {
            return new Result(null, error);
        }

        public Optional<FeedbackReport> report() {
            return Optional.ofNullable(report);
        }

        public Optional<String> error() {
            return Optional.ofNullable(error);
        }

        @Override
        public String toString() {
            return report != null ? report.toString() : "no feedback report: " + error;
        }
    }
}
