package org.mailpolicy.dmarcreport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.Yaml;

/**
 * Every ARF fixture of mail-auth (src/test/resources/conformance/arf, see the README there), each a
 * named case, read by {@link FeedbackReportReader} and compared field by field with its JSON
 * expectation. mail-auth's enum words ({@code AuthFailure}, {@code BodyHash}, {@code Unspecified}) are
 * compared in their RFC spelling. Its {@code message} is not compared: mail-auth's own test clears it
 * before comparing, so the JSON always says null; here a {@code message/rfc822} part is asserted to be
 * read as a whole message instead, and its header section is not the JSON's {@code headers}, which
 * mail-auth fills from {@code text/rfc822-headers} only.
 */
class FeedbackReportConformanceTest {

    static Stream<String> fixtures() throws IOException, URISyntaxException {
        try (Stream<Path> files = Files.list(dir())) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".eml")).sorted()
                    .collect(Collectors.toList()).stream();
        }
    }

    private static Path dir() throws URISyntaxException {
        return Path.of(FeedbackReportConformanceTest.class.getResource("/conformance/arf/mail-auth").toURI());
    }

    @ParameterizedTest(name = "mail-auth {0}")
    @MethodSource("fixtures")
    void mailAuthFixtureMatchesItsJsonExpectation(String name) throws Exception {
        byte[] eml = Files.readAllBytes(dir().resolve(name));
        Map<String, Object> expected = new Yaml().load(Files.readString(dir().resolve(name.replace(".eml", ".json"))));
        FeedbackReportReader.Result result = new FeedbackReportReader().read(eml);
        assertThat(result.error()).isEmpty();
        FeedbackReport report = result.report().orElseThrow();

        assertThat(report.feedbackType()).isEqualTo(rfcWord(expected.get("feedback_type")));
        assertThat(report.arrivalDate().map(Instant::getEpochSecond).orElse(null))
                .isEqualTo(number(expected.get("arrival_date")));
        assertThat(lf(report.fields("Authentication-Results"))).isEqualTo(expected.get("authentication_results"));
        assertThat(report.incidents()).isEqualTo(number(expected.get("incidents")));
        assertThat(report.field("Original-Envelope-Id").orElse(null)).isEqualTo(expected.get("original_envelope_id"));
        assertThat(report.field("Original-Mail-From").orElse(null)).isEqualTo(expected.get("original_mail_from"));
        assertThat(report.field("Original-Rcpt-To").orElse(null)).isEqualTo(expected.get("original_rcpt_to"));
        assertThat(report.fields("Reported-Domain")).isEqualTo(expected.get("reported_domain"));
        assertThat(report.fields("Reported-URI")).isEqualTo(expected.get("reported_uri"));
        assertThat(report.field("Reporting-MTA").map(v -> v.replaceFirst("(?i)^dns;\\s*", "")).orElse(null))
                .isEqualTo(expected.get("reporting_mta"));
        assertThat(report.sourceIp().orElse(null)).isEqualTo(expected.get("source_ip"));
        assertThat(report.field("User-Agent").orElse(null)).isEqualTo(expected.get("user_agent"));
        assertThat((long) report.version()).isEqualTo(number(expected.get("version")));
        assertThat(Long.parseLong(report.field("Source-Port").orElse("0"))).isEqualTo(number(expected.get("source_port")));
        assertThat(report.authFailure()).isEqualTo(rfcWord(expected.get("auth_failure")));
        assertThat(report.field("Delivery-Result").map(v -> v.toLowerCase(Locale.ROOT)).orElse(""))
                .isEqualTo(rfcWord(expected.get("delivery_result")));
        for (String field : List.of("DKIM-ADSP-DNS", "DKIM-Canonicalized-Body", "DKIM-Canonicalized-Header", "DKIM-Domain",
                "DKIM-Identity", "DKIM-Selector", "DKIM-Selector-DNS", "SPF-DNS")) {
            String key = field.toLowerCase(Locale.ROOT).replace('-', '_');
            assertThat(report.field(field).map(FeedbackReportConformanceTest::lf).orElse(null)).as(field)
                    .isEqualTo(expected.get(key));
        }
        assertThat(String.join("", report.identityAlignment())).isEqualTo(rfcWord(expected.get("identity_alignment")));
        if (report.hasWholeMessage()) {
            assertThat(expected.get("headers")).isNull();
        } else {
            assertThat(report.headers().map(FeedbackReportConformanceTest::lf).orElse(null)).isEqualTo(expected.get("headers"));
        }
        // 001-003 carry the whole message (message/rfc822), 004 and 005 its headers only.
        assertThat(report.hasWholeMessage()).isEqualTo(name.compareTo("004") < 0);
    }

    /** mail-auth's enum word in the RFC's spelling: {@code AuthFailure} is {@code auth-failure}, {@code Unspecified} absent. */
    private static String rfcWord(Object word) {
        String w = String.valueOf(word);
        if (w.equals("Unspecified")) {
            return "";
        }
        return w.equals("AuthFailure") ? "auth-failure" : w.toLowerCase(Locale.ROOT);
    }

    private static Long number(Object value) {
        return value == null ? null : ((Number) value).longValue();
    }

    private static String lf(String text) {
        return text.replace("\r\n", "\n");
    }

    private static List<String> lf(List<String> texts) {
        return texts.stream().map(FeedbackReportConformanceTest::lf).collect(Collectors.toList());
    }
}
