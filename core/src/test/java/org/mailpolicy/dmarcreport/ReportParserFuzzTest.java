package org.mailpolicy.dmarcreport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Jazzer targets for the report reader and the rua= parser. In a plain {@code mvn verify} each runs
 * its seed corpus (src/test/resources/org/mailpolicy/dmarcreport/ReportParserFuzzTestInputs/&lt;method&gt;/,
 * malformed XML, gzip, zip, MIME and URIs) as a regression test; with JAZZER_FUZZ=1 it fuzzes. The
 * property: no exception, and a total answer.
 */
class ReportParserFuzzTest {

    /** Small limits so that fuzzing explores the limits, not the heap. */
    private static final ReportParser PARSER = new ReportParser(new ReportLimits(1 << 20, 1 << 20, 4, 16, 4, 1000));

    @FuzzTest(maxDuration = "10s")
    void parse(byte[] input) {
        ReportParseResult result = PARSER.parse(input);
        assertThat(result.hasReport() || !result.errors().isEmpty()).isTrue();
        // The reader turns unexpected exceptions into this error so that callers never see one;
        // the fuzzer must see them as the bugs they are.
        assertThat(result.errors()).noneMatch(e -> e.startsWith(ReportParser.UNEXPECTED));
        for (AggregateReport report : result.reports()) {
            assertThat(report.records()).hasSizeLessThanOrEqualTo(1000);
            assertThat(report.failures()).isBetween(0L, report.messages());
        }
    }

    @FuzzTest(maxDuration = "10s")
    void ruaUris(byte[] input) {
        ReportUris uris = ReportUris.parse(new String(input, StandardCharsets.UTF_8));
        assertThat(uris.uris()).hasSizeLessThanOrEqualTo(ReportUris.MAX_URIS);
        for (ReportUri uri : uris.uris()) {
            assertThat(uri.address()).contains("@");
            assertThat(uri.domain()).isNotEmpty().doesNotContain("@");
            assertThat(uri.accepts(0)).isTrue();
        }
    }
}
