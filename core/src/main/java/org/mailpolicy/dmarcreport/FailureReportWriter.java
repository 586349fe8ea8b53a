package org.mailpolicy.dmarcreport;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import org.mailpolicy.authres.AuthenticationResults;
import org.mailpolicy.authres.MethodResult;
import org.mailpolicy.authres.MethodResults;
import org.mailpolicy.dkim.DkimSignatureResult;
import org.mailpolicy.message.HeaderField;
import org.mailpolicy.message.RawMessage;

/**
 * Writes one failure report: an ARF message (RFC 5965 §2, {@code multipart/report;
 * report-type=feedback-report}) of the authentication-failure type (RFC 6591 §3) with the DMARC
 * fields of RFC 9991 §4, in three parts: a human-readable text, the {@code message/feedback-report},
 * and the header section of the failed message as {@code text/rfc822-headers} (never the body),
 * redacted as configured (RFC 6590).
 */
final class FailureReportWriter {

    /** Longest original subject carried into ours, in characters. */
    private static final int MAX_SUBJECT = 200;

    private final ReporterMetadata reporter;
    private final String authservId;
    private final String userAgent;
    private final Redaction redaction;

    FailureReportWriter(ReporterMetadata reporter, String authservId, String userAgent, Redaction redaction) {
        this.reporter = reporter;
        this.authservId = authservId;
        this.userAgent = userAgent;
        this.redaction = redaction;
    }

    byte[] write(FailedMessage failed, FailureKind kind, String to, Instant now, String messageId) {
        String boundary = "=_mailpolicy_failure_" + Integer.toHexString(messageId.hashCode());
        String date = GeneratedReport.RFC5322_DATE.format(now);
        StringBuilder m = new StringBuilder(4096);
        m.append("From: ").append(GeneratedReport.oneLine(reporter.email())).append("\r\n");
        m.append("To: ").append(GeneratedReport.oneLine(to)).append("\r\n");
        m.append("Date: ").append(date).append("\r\n");
        m.append("Subject: ").append(subject(failed)).append("\r\n");
        m.append("Message-ID: <").append(GeneratedReport.oneLine(messageId)).append(">\r\n");
        // RFC 3834 §5: machine-generated, so no auto-responder answers it and no loop starts.
        m.append("Auto-Submitted: auto-generated\r\n");
        m.append("MIME-Version: 1.0\r\n");
        // RFC 5965 §2 (RFC 6522): the report type names the second part.
        m.append("Content-Type: multipart/report; report-type=feedback-report;\r\n\tboundary=\"").append(boundary)
                .append("\"\r\n\r\n");
        m.append("--").append(boundary).append("\r\n");
        m.append("Content-Type: text/plain; charset=us-ascii\r\nContent-Transfer-Encoding: 7bit\r\n\r\n");
        m.append(humanReadable(failed, kind)).append("\r\n");
        m.append("--").append(boundary).append("\r\n");
        m.append("Content-Type: message/feedback-report\r\nContent-Transfer-Encoding: 7bit\r\n\r\n");
        m.append(feedbackFields(failed, kind)).append("\r\n");
        m.append("--").append(boundary).append("\r\n");
        byte[] headers = redaction.headerSection(failed.headerSection());
        // RFC 5965 §2 item (d): headers only is text/rfc822-headers (RFC 6522 §4); RFC 6532 headers are 8bit.
        m.append("Content-Type: text/rfc822-headers\r\nContent-Transfer-Encoding: ")
                .append(isAscii(headers) ? "7bit" : "8bit").append("\r\n\r\n");
        byte[] head = m.toString().getBytes(StandardCharsets.UTF_8);
        boolean endsWithLine = headers.length >= 2 && headers[headers.length - 2] == '\r' && headers[headers.length - 1] == '\n';
        byte[] tail = ((endsWithLine ? "" : "\r\n") + "\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[head.length + headers.length + tail.length];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(headers, 0, out, head.length, headers.length);
        System.arraycopy(tail, 0, out, head.length + headers.length, tail.length);
        return out;
    }

    /**
     * RFC 9991 says nothing of the subject; its Appendix A example, like OpenDMARC, forwards the original
     * one behind {@code FW:}. The original is redacted like the headers, unfolded and shortened.
     */
    private String subject(FailedMessage failed) {
        Optional<String> original = RawMessage.parse(failed.headerSection()).headers("Subject").stream().findFirst()
                .map(HeaderField::value).map(v -> GeneratedReport.oneLine(v.replace("\r\n", "")).strip())
                .filter(v -> !v.isEmpty());
        if (original.isEmpty()) {
            return "DMARC failure report for " + failed.fromDomain();
        }
        String text = redaction.redact(original.get());
        if (text.length() > MAX_SUBJECT) {
            text = text.substring(0, MAX_SUBJECT);
        }
        return encodedWords("FW: " + text);
    }

    /** RFC 2047 §5: non-ASCII text as UTF-8 encoded-words of at most 75 characters, folded between them. */
    static String encodedWords(String text) {
        if (text.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
            return text;
        }
        List<String> words = new ArrayList<>();
        StringBuilder chunk = new StringBuilder();
        int bytes = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            int n = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
            // 45 bytes encode to 60 base64 characters, plus the 12 of =?UTF-8?B??=.
            if (bytes + n > 45) {
                words.add(chunk.toString());
                chunk.setLength(0);
                bytes = 0;
            }
            chunk.appendCodePoint(cp);
            bytes += n;
            i += Character.charCount(cp);
        }
        words.add(chunk.toString());
        StringBuilder out = new StringBuilder();
        for (String word : words) {
            if (out.length() > 0) {
                out.append("\r\n ");
            }
            out.append("=?UTF-8?B?").append(Base64.getEncoder().encodeToString(word.getBytes(StandardCharsets.UTF_8)))
                    .append("?=");
        }
        return out.toString();
    }

    private String humanReadable(FailedMessage failed, FailureKind kind) {
        String what;
        switch (kind) {
            case DKIM:
                what = "a DKIM signature of it failed verification";
                break;
            case SPF:
                what = "it failed SPF";
                break;
            default:
                what = "it failed DMARC authentication (" + identityAlignment(failed) + " produced no aligned pass)";
                break;
        }
        return "This is an authentication failure report (RFC 9991) for a message with From domain "
                + failed.fromDomain() + (failed.sourceIp().isEmpty() ? "" : " received from IP " + failed.sourceIp())
                + "\r\non " + GeneratedReport.RFC5322_DATE.format(failed.arrival()) + ": " + what + ".\r\n"
                + "It carries the message's header fields only, never its body"
                + (redaction.mode() == Redaction.Mode.NONE ? "." : ",\r\nwith the local-parts of addresses redacted (RFC 6590).")
                + "\r\n";
    }

    /** RFC 5965 §3, RFC 6591 §3.2 and §3.3, and RFC 9991 §4 fields, one a line, values without line breaks unless folded. */
    private String feedbackFields(FailedMessage failed, FailureKind kind) {
        StringBuilder f = new StringBuilder();
        f.append("Feedback-Type: auth-failure\r\n");
        f.append("User-Agent: ").append(GeneratedReport.oneLine(userAgent)).append("\r\n");
        f.append("Version: 1\r\n");
        Optional<DkimSignatureResult> signature = failed.failedSignature();
        f.append("Auth-Failure: ").append(authFailure(kind, signature)).append("\r\n");
        if (!failed.envelopeId().isEmpty()) {
            f.append("Original-Envelope-Id: ").append(GeneratedReport.oneLine(failed.envelopeId())).append("\r\n");
        }
        f.append("Original-Mail-From: <").append(GeneratedReport.oneLine(redaction.redact(failed.mailFrom()))).append(">\r\n");
        f.append("Arrival-Date: ").append(GeneratedReport.RFC5322_DATE.format(failed.arrival())).append("\r\n");
        if (!failed.sourceIp().isEmpty()) {
            f.append("Source-IP: ").append(GeneratedReport.oneLine(failed.sourceIp())).append("\r\n");
        }
        f.append("Reported-Domain: ").append(GeneratedReport.oneLine(failed.fromDomain())).append("\r\n");
        f.append("Authentication-Results: ").append(redaction.redact(authenticationResults(failed))).append("\r\n");
        // RFC 9991 §4 item 2: the mechanisms that failed to authenticate an aligned identity, or none.
        f.append("Identity-Alignment: ").append(identityAlignment(failed)).append("\r\n");
        // RFC 9991 §4: DKIM-Domain, -Identity, -Selector for a DKIM failure of an aligned identifier
        // (RFC 6591 §3.3 for a DKIM report); the signature named is an aligned one when there is one.
        if (kind != FailureKind.SPF) {
            signature.filter(s -> kind == FailureKind.DKIM || s.domain().filter(failed::aligned).isPresent())
                    .ifPresent(s -> dkimFields(s, f));
        }
        if (failed.refused()) {
            // RFC 6591 §3.3 (optional fields): the message was refused in the SMTP dialogue.
            f.append("Delivery-Result: reject\r\n");
        }
        return f.toString();
    }

    private void dkimFields(DkimSignatureResult signature, StringBuilder f) {
        signature.domain().ifPresent(d -> f.append("DKIM-Domain: ").append(GeneratedReport.oneLine(d)).append("\r\n"));
        signature.identity().filter(i -> !i.isEmpty())
                .ifPresent(i -> f.append("DKIM-Identity: ").append(GeneratedReport.oneLine(redaction.redact(i))).append("\r\n"));
        signature.selector().ifPresent(s -> f.append("DKIM-Selector: ").append(GeneratedReport.oneLine(s)).append("\r\n"));
    }

    /** RFC 9991 §4 item 3 ({@code dmarc}), RFC 6591 §3.2 for DKIM ({@code bodyhash}, {@code revoked}, {@code signature}) and SPF. */
    static String authFailure(FailureKind kind, Optional<DkimSignatureResult> signature) {
        switch (kind) {
            case DKIM:
                DkimSignatureResult s = signature.orElseThrow();
                if (FailedMessage.isRevoked(s)) {
                    return "revoked";
                }
                return s.reason().contains("body hash") ? "bodyhash" : "signature";
            case SPF:
                return "spf";
            default:
                return "dmarc";
        }
    }

    static String identityAlignment(FailedMessage failed) {
        List<String> failedMechanisms = new ArrayList<>(2);
        if (!failed.dkimAlignedPass()) {
            failedMechanisms.add("dkim");
        }
        if (!failed.spfAlignedPass()) {
            failedMechanisms.add("spf");
        }
        return failedMechanisms.isEmpty() ? "none" : String.join(", ", failedMechanisms);
    }

    /** Our verdicts as RFC 8601 resinfo: dmarc with header.from, spf, then each DKIM signature. */
    private String authenticationResults(FailedMessage failed) {
        List<MethodResult> results = new ArrayList<>();
        results.add(MethodResults.dmarc(failed.dmarcResult(), failed.fromDomain(), "", ""));
        failed.spf().ifPresent(spf -> results.add(MethodResults.spf(spf)));
        if (failed.signatures().isEmpty()) {
            results.add(MethodResults.dkimNone());
        }
        failed.signatures().forEach(s -> results.add(MethodResults.dkim(s)));
        return new AuthenticationResults(authservId, results).toHeaderValue();
    }

    private static boolean isAscii(byte[] bytes) {
        for (byte b : bytes) {
            if (b < 0) {
                return false;
            }
        }
        return true;
    }
}
