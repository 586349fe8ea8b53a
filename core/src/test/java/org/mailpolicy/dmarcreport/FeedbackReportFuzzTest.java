package org.mailpolicy.dmarcreport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Jazzer targets for the feedback report (ARF) reader and the redaction of header copies. In a plain
 * {@code mvn verify} each runs its seed corpus
 * (src/test/resources/org/mailpolicy/dmarcreport/FeedbackReportFuzzTestInputs/&lt;method&gt;/: broken
 * MIME, missing parts, odd fields and dates) as a regression test; with JAZZER_FUZZ=1 it fuzzes. The
 * property: no exception, and a total answer.
 */
class FeedbackReportFuzzTest {

    private static final FeedbackReportReader READER = new FeedbackReportReader(new ReportLimits(1 << 20, 1 << 20, 4, 16, 4, 1000));

    @FuzzTest(maxDuration = "10s")
    void read(byte[] input) {
        FeedbackReportReader.Result result = READER.read(input);
        assertThat(result.report().isPresent()).isNotEqualTo(result.error().isPresent());
        result.report().ifPresent(report -> {
            assertThat(report.feedbackType()).isNotNull();
            assertThat(report.version()).isGreaterThanOrEqualTo(Integer.MIN_VALUE);
            report.arrivalDate();
            report.sourceIp();
            report.identityAlignment();
            report.incidents();
        });
    }

    @FuzzTest(maxDuration = "10s")
    void redact(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        String redacted = Redaction.keyedHash(new byte[] {1, 2, 3}).redact(text);
        assertThat(redacted).doesNotContain("http://").doesNotContain("https://");
        assertThat(Redaction.keyedHash(new byte[] {1, 2, 3}).headerSection(input)).isNotNull();
    }
}
