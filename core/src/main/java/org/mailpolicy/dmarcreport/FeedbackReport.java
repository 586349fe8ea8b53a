package org.mailpolicy.dmarcreport;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A feedback report read by {@link FeedbackReportReader} (ARF, RFC 5965; authentication failures,
 * RFC 6591 and RFC 9991 §4): the fields of its {@code message/feedback-report} part by name, and the
 * copy of the reported message: its header section ({@code text/rfc822-headers}, or the header
 * section of a {@code message/rfc822} part) and whether the whole message was included.
 */
public final class FeedbackReport {

    private final String subject;
    private final Map<String, List<String>> fields;
    private final String headers;
    private final boolean wholeMessage;

    FeedbackReport(String subject, Map<String, List<String>> fields, String headers, boolean wholeMessage) {
        this.subject = subject;
        Map<String, List<String>> copy = new LinkedHashMap<>();
        fields.forEach((name, values) -> copy.put(name, List.copyOf(values)));
        this.fields = copy;
        this.headers = headers;
        this.wholeMessage = wholeMessage;
    }

    /** The report message's own Subject, unfolded; empty when it has none. */
    public String subject() {
        return subject;
    }

    /** Every value of field {@code name} (case-insensitive), in order, trimmed, folding kept. */
    public List<String> fields(String name) {
        return fields.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
    }

    /** The first value of field {@code name}. */
    public Optional<String> field(String name) {
        return fields(name).stream().findFirst();
    }

    /** RFC 5965 §3.1 Feedback-Type, lower case: {@code abuse}, {@code auth-failure}, ... */
    public String feedbackType() {
        return field("Feedback-Type").map(v -> v.toLowerCase(Locale.ROOT)).orElse("");
    }

    /** RFC 5965 §3.1 Version; 0 when absent or not a number. */
    public int version() {
        try {
            return Integer.parseInt(field("Version").orElse("0"));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** RFC 6591 §3.2 Auth-Failure, lower case; empty when absent. */
    public String authFailure() {
        return field("Auth-Failure").map(v -> v.toLowerCase(Locale.ROOT)).orElse("");
    }

    /** RFC 5965 §3.2 Arrival-Date (or the Received-Date of early drafts), when it is a date. */
    public Optional<Instant> arrivalDate() {
        return field("Arrival-Date").or(() -> field("Received-Date")).flatMap(Rfc5322Date::parse);
    }

    /** RFC 5965 §3.2 Source-IP, without a trailing comment such as the host name. */
    public Optional<String> sourceIp() {
        return field("Source-IP").map(v -> v.split("[\\s(]", 2)[0]).filter(v -> !v.isEmpty());
    }

    /** RFC 5965 §3.2 Incidents; 1 when absent or not a number. */
    public long incidents() {
        try {
            return Long.parseLong(field("Incidents").orElse("1"));
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    /** RFC 9991 §4 Identity-Alignment, as a lower-case list; empty when absent. */
    public List<String> identityAlignment() {
        return field("Identity-Alignment").map(v -> List.of(v.toLowerCase(Locale.ROOT).split("\\s*,\\s*"))).orElse(List.of());
    }

    /** The reported message's header section, when the report carries it. */
    public Optional<String> headers() {
        return Optional.ofNullable(headers);
    }

    /** The report carries the whole message ({@code message/rfc822}), body included. */
    public boolean hasWholeMessage() {
        return wholeMessage;
    }

    @Override
    public String toString() {
        return "feedback report " + feedbackType() + (authFailure().isEmpty() ? "" : " (" + authFailure() + ")")
                + " about " + fields("Reported-Domain");
    }
}
