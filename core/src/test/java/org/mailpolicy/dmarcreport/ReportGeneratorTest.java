package org.mailpolicy.dmarcreport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.mailpolicy.dmarcreport.ReportRows.DAY;
import static org.mailpolicy.dmarcreport.ReportRows.POLICY;
import static org.mailpolicy.dmarcreport.ReportRows.failing;
import static org.mailpolicy.dmarcreport.ReportRows.ip;
import static org.mailpolicy.dmarcreport.ReportRows.passing;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.zip.GZIPInputStream;

import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.mailpolicy.message.RawMessage;
import org.xml.sax.SAXException;

/**
 * RFC 9990 §3: generated reports validate against the corrected schemas (JAXP, external access off,
 * so no network), read back to the same figures, and travel as the RFC says (gzip, file name,
 * subject, e-mail).
 */
class ReportGeneratorTest {

    private static final ReporterMetadata REPORTER = new ReporterMetadata("MailPolicy at receiver.example",
            "dmarc-reports@receiver.example", "https://receiver.example/dmarc", "receiver.example");

    private static ReportBatch batch() {
        InMemoryReportStore store = new InMemoryReportStore(100);
        store.add(passing("192.0.2.1"));
        store.add(passing("192.0.2.1"));
        store.add(passing("2001:db8::25"));
        store.add(failing("198.51.100.7"));
        // Words outside the schema's enumerations, no SPF result, a control character and markup.
        store.add(ReportRow.builder("example.com", DAY, POLICY).sourceIp(ip("203.0.113.9")).headerFrom("example.com")
                .disposition("pass").aligned(false, true).dkim("example.com", "", "bogus").spf("example.com", "weird", "policy")
                .reason("sampled_out", "pct=50").reason("policy_test_mode", "t=y").reason("forwarded", null)
                .reason("mailing_list", "list <owner> & \u0001co").build());
        store.add(ReportRow.builder("example.com", DAY, POLICY).sourceIp(ip("203.0.113.10")).headerFrom("example.com")
                .envelopeFrom(null).aligned(false, false).build());
        return store.take(new ReportKey("example.com", DAY)).orElseThrow();
    }

    private static Schema schema(String file) throws SAXException {
        SchemaFactory factory = SchemaFactory.newDefaultInstance();
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        return factory.newSchema(ReportFixtures.dir("xsd").resolve(file).toFile());
    }

    private static void validate(byte[] xml, String schemaFile) throws SAXException, IOException {
        Validator validator = schema(schemaFile).newValidator();
        validator.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        validator.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        validator.validate(new StreamSource(new ByteArrayInputStream(xml)));
    }

    @Test
    void rfc9990ReportIsValidAgainstTheCorrectedNamespacedSchema() {
        GeneratedReport report = new ReportGenerator(REPORTER, ReportFormat.RFC9990).generate(batch());
        assertThatCode(() -> validate(report.xml(), "rua-rfc9990-ns-fixed.xsd")).doesNotThrowAnyException();
        String xml = new String(report.xml(), StandardCharsets.UTF_8);
        assertThat(xml).contains("<feedback xmlns=\"urn:ietf:params:xml:ns:dmarc-2.0\">")
                .contains("<np>reject</np>").contains("<t>n</t>").contains("<discovery_method>treewalk</discovery_method>")
                .contains("<source_ip>2001:db8:0:0:0:0:0:25</source_ip>")
                .contains("<type>other</type><comment>pct=50</comment>")
                .contains("<type>policy_test_mode</type>")
                .contains("list &lt;owner&gt; &amp;  co").doesNotContain("<version>").doesNotContain("<pct>");
    }

    @Test
    void rfc7489ReportIsValidAgainstTheRfc7489Schema() {
        GeneratedReport report = new ReportGenerator(REPORTER, ReportFormat.RFC7489).generate(batch());
        assertThatCode(() -> validate(report.xml(), "rua-rfc7489-nons.xsd")).doesNotThrowAnyException();
        String xml = new String(report.xml(), StandardCharsets.UTF_8);
        assertThat(xml).startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?><feedback><version>1.0</version>")
                .contains("<pct>100</pct>").contains("<type>sampled_out</type>").doesNotContain("<np>");
    }

    @Test
    void theSchemaValidationCatchesAnInvalidReport() {
        byte[] invalid = "<feedback xmlns=\"urn:ietf:params:xml:ns:dmarc-2.0\"><report_metadata/></feedback>"
                .getBytes(StandardCharsets.UTF_8);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> validate(invalid, "rua-rfc9990-ns-fixed.xsd"))
                .isInstanceOf(SAXException.class);
    }

    @ParameterizedTest
    @EnumSource(ReportFormat.class)
    void generatedReportReadsBackToTheSameFigures(ReportFormat format) throws IOException {
        ReportBatch batch = batch();
        GeneratedReport report = new ReportGenerator(REPORTER, format).generate(batch);
        AggregateReport read = new ReportParser().parse(report.gzip()).report().orElseThrow();

        assertThat(read.format()).isEqualTo(format);
        assertThat(read.reporter()).isEqualTo(REPORTER.orgName());
        assertThat(read.reportId()).isEqualTo(report.reportId());
        assertThat(read.domain()).isEqualTo("example.com");
        assertThat(read.begin()).contains(DAY.begin());
        assertThat(read.end()).contains(DAY.end());
        assertThat(read.records()).hasSize(batch.records().size());
        assertThat(read.messages()).isEqualTo(6);
        assertThat(read.failures()).isEqualTo(2);
        assertThat(read.records().get(0)).isEqualTo(batch.records().get(0));
        // Markup in values survives escaping; the control character became a space.
        assertThat(read.records()).flatExtracting(ReportRecord::reasons).extracting(r -> r.comment().orElse(""))
                .contains("list <owner> &  co");
        assertThat(read.records()).extracting(ReportRecord::sourceIp).contains("2001:db8:0:0:0:0:0:25");
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(report.gzip()))) {
            assertThat(in.readAllBytes()).isEqualTo(report.xml());
        }
    }

    @Test
    void fileNameAndSubjectFollowRfc9990Section25() {
        GeneratedReport report = new ReportGenerator(REPORTER, ReportFormat.RFC9990).generate(batch());
        assertThat(report.fileName()).isEqualTo("receiver.example!example.com!" + DAY.begin().getEpochSecond() + "!"
                + DAY.end().getEpochSecond() + ".xml.gz");
        assertThat(report.subject()).isEqualTo("Report Domain: example.com Submitter: receiver.example Report-ID: <"
                + report.reportId() + ">");
        assertThat(report.reportId()).isEqualTo(DAY.begin().getEpochSecond() + ".example.com@receiver.example");
    }

    @Test
    void theMessageCarriesTheGzipAttachmentAndReadsBack() {
        GeneratedReport report = new ReportGenerator(REPORTER, ReportFormat.RFC9990).generate(batch());
        byte[] message = report.message("MailPolicy <dmarc-reports@receiver.example>", "dmarc@example.com",
                Instant.parse("2026-11-23T00:05:00Z"), "report-1@receiver.example");
        RawMessage raw = RawMessage.parse(message);
        assertThat(raw.headers("Subject").get(0).value().strip()).isEqualTo(report.subject());
        assertThat(raw.headers("Date").get(0).value().strip()).isEqualTo("Mon, 23 Nov 2026 00:05:00 +0000");
        assertThat(raw.headers("Message-ID").get(0).value().strip()).isEqualTo("<report-1@receiver.example>");
        assertThat(new String(message, StandardCharsets.US_ASCII)).contains("Content-Type: application/gzip; name=\""
                + report.fileName() + "\"").doesNotContain("\n\n");

        ReportParseResult read = new ReportParser().parse(message);
        assertThat(read.errors()).isEmpty();
        assertThat(read.report().orElseThrow().messages()).isEqualTo(6);
    }

    @Test
    void headerValuesCannotInjectFields() {
        GeneratedReport report = new ReportGenerator(REPORTER, ReportFormat.RFC9990).generate(batch());
        String message = new String(report.message("a@receiver.example\r\nBcc: victim@example.net", "dmarc@example.com",
                Instant.EPOCH, "x"), StandardCharsets.US_ASCII);
        assertThat(message).doesNotContain("\r\nBcc:");
    }
}
