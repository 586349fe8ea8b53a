package org.mailpolicy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailpolicy.dmarcreport.GeneratedReport;
import org.mailpolicy.dmarcreport.InMemoryReportStore;
import org.mailpolicy.dmarcreport.PolicyPublished;
import org.mailpolicy.dmarcreport.ReportFormat;
import org.mailpolicy.dmarcreport.ReportGenerator;
import org.mailpolicy.dmarcreport.ReportInterval;
import org.mailpolicy.dmarcreport.ReportKey;
import org.mailpolicy.dmarcreport.ReportRow;
import org.mailpolicy.dmarcreport.ReporterMetadata;

import com.fasterxml.jackson.databind.ObjectMapper;

import picocli.CommandLine;

/** {@code mailpolicy report parse} over the forms a report arrives in. */
class ReportCommandTest {

    private static final ReportInterval DAY = ReportInterval.containing(Instant.parse("2026-11-22T10:00:00Z"),
            ReportInterval.DAILY);

    @TempDir
    Path temp;

    private final StringWriter out = new StringWriter();

    private int run(String... args) {
        CommandLine cli = MailPolicyCommand.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(new StringWriter()));
        return cli.execute(args);
    }

    private static GeneratedReport report() {
        InMemoryReportStore store = new InMemoryReportStore(10);
        PolicyPublished policy = PolicyPublished.builder("example.com").p("reject").build();
        for (int i = 0; i < 3; i++) {
            store.add(ReportRow.builder("example.com", DAY, policy).headerFrom("example.com").disposition("none")
                    .aligned(true, true).build());
        }
        store.add(ReportRow.builder("example.com", DAY, policy).headerFrom("example.com").disposition("reject")
                .aligned(false, false).build());
        ReporterMetadata reporter = new ReporterMetadata("Receiver", "dmarc@receiver.example", null, "receiver.example");
        return new ReportGenerator(reporter, ReportFormat.RFC9990)
                .generate(store.take(new ReportKey("example.com", DAY)).orElseThrow());
    }

    @Test
    void parsesAGzipReportAsJson() throws IOException {
        GeneratedReport report = report();
        Path file = Files.write(temp.resolve(report.fileName()), report.gzip());

        assertThat(run("report", "parse", "--json", file.toString())).isZero();
        Map<?, ?> json = new ObjectMapper().readValue(out.toString(), Map.class);
        Map<?, ?> first = (Map<?, ?>) ((java.util.List<?>) json.get("reports")).get(0);
        assertThat(first.get("reporter")).isEqualTo("Receiver");
        assertThat(first.get("domain")).isEqualTo("example.com");
        assertThat(first.get("messages")).isEqualTo(4);
        assertThat(first.get("failures")).isEqualTo(1);
        assertThat(first.get("begin")).isEqualTo((int) DAY.begin().getEpochSecond());
        assertThat((java.util.List<?>) json.get("errors")).isEmpty();
    }

    @Test
    void parsesTheReportEmailForHumans() throws IOException {
        GeneratedReport report = report();
        Path file = Files.write(temp.resolve("report.eml"),
                report.message("dmarc@receiver.example", "rua@example.com", Instant.EPOCH, "1@receiver.example"));

        assertThat(run("report", "parse", file.toString())).isZero();
        assertThat(out.toString()).contains("from Receiver about example.com (RFC9990)")
                .contains("4 messages, 1 failing DMARC, 2 records");
    }

    @Test
    void aFileWithoutAReportExitsOneWithTheReason() throws IOException {
        Path file = Files.writeString(temp.resolve("x.xml"), "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY a \"b\">]><x/>",
                StandardCharsets.US_ASCII);
        assertThat(run("report", "parse", file.toString())).isEqualTo(1);
        assertThat(out.toString()).startsWith("error: ").contains("DOCTYPE");
    }

    @Test
    void showListsThePendingDataOfASnapshot() throws IOException {
        InMemoryReportStore store = new InMemoryReportStore(10);
        PolicyPublished policy = PolicyPublished.builder("example.com").p("reject").build();
        for (int i = 0; i < 3; i++) {
            store.add(ReportRow.builder("example.com", DAY, policy).sourceIp(java.net.InetAddress.getByName("192.0.2.1"))
                    .headerFrom("example.com").disposition("reject").aligned(false, false).build());
        }
        Path snapshot = temp.resolve("dmarc-reports.snapshot");
        store.writeSnapshot(snapshot);

        assertThat(run("report", "show", "--snapshot", snapshot.toString(), "--json")).isZero();
        Map<?, ?> json = new ObjectMapper().readValue(out.toString(), Map.class);
        Map<?, ?> first = (Map<?, ?>) ((java.util.List<?>) json.get("reports")).get(0);
        assertThat(first.get("domain")).isEqualTo("example.com");
        assertThat(first.get("messages")).isEqualTo(3);
        assertThat(((Map<?, ?>) first.get("policy")).get("p")).isEqualTo("reject");

        out.getBuffer().setLength(0);
        assertThat(run("report", "show", "--snapshot", snapshot.toString())).isZero();
        assertThat(out.toString()).contains("pending report about example.com").contains("3 messages, 1 records")
                .contains("192.0.2.1 x3 reject");
    }

    @Test
    void showNeedsExactlyOneStoreAndSaysWhenItCannotReadIt() {
        assertThat(run("report", "show")).isEqualTo(2);
        assertThat(run("report", "show", "--redis", "redis://127.0.0.1:1", "--snapshot", "x")).isEqualTo(2);
        assertThat(run("report", "show", "--snapshot", temp.resolve("absent").toString())).isEqualTo(1);
        assertThat(run("report", "show", "--redis", "redis://127.0.0.1:1", "--timeout", "200")).isEqualTo(1);
    }

    @Test
    void aMissingFileIsABadArgument() {
        assertThat(run("report", "parse", temp.resolve("absent").toString())).isEqualTo(2);
    }
}
