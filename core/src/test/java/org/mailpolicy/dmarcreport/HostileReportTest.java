package org.mailpolicy.dmarcreport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile reports (RFC 7489 §12 and RFC 9990 §7, security considerations: reports are untrusted input): each gets a
 * clear error, within a time bound and within the {@link ReportLimits} for memory (every decompressed
 * byte counts against the limit before it is kept).
 */
class HostileReportTest {

    private static final Duration BOUND = Duration.ofSeconds(10);
    private static final String RECORD = "<record><row><source_ip>192.0.2.1</source_ip><count>1</count>"
            + "<policy_evaluated><disposition>none</disposition><dkim>pass</dkim><spf>fail</spf></policy_evaluated>"
            + "</row><identifiers><header_from>example.com</header_from></identifiers>"
            + "<auth_results><spf><domain>example.com</domain><result>fail</result></spf></auth_results></record>";

    private final ReportParser parser = new ReportParser();

    @TempDir
    Path temp;

    private String error(byte[] input) {
        return error(parser, input);
    }

    private static String error(ReportParser parser, byte[] input) {
        ReportParseResult result = assertTimeoutPreemptively(BOUND, () -> parser.parse(input));
        assertThat(result.hasReport()).isFalse();
        assertThat(result.errors()).hasSize(1);
        return result.errors().get(0);
    }

    private static String report(String policyDomain) {
        return "<?xml version=\"1.0\"?><feedback><report_metadata><org_name>x</org_name><report_id>1</report_id>"
                + "</report_metadata><policy_published><domain>" + policyDomain + "</domain></policy_published>"
                + RECORD + "</feedback>";
    }

    @Test
    void externalEntityIsRefusedAndTheFileIsNeverRead() throws IOException {
        Path secret = Files.writeString(temp.resolve("secret"), "SECRET-CONTENT");
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE feedback [<!ENTITY xxe SYSTEM \"" + secret.toUri() + "\">]>"
                + report("&xxe;");
        String error = error(xxe.getBytes(StandardCharsets.UTF_8));
        assertThat(error).contains("DOCTYPE").doesNotContain("SECRET");
    }

    @Test
    void externalDtdIsRefused() {
        String dtd = "<?xml version=\"1.0\"?><!DOCTYPE feedback SYSTEM \"http://192.0.2.1/evil.dtd\">" + report("x");
        assertThat(error(dtd.getBytes(StandardCharsets.UTF_8))).contains("DOCTYPE");
    }

    @Test
    void billionLaughsIsRefusedBeforeAnyExpansion() {
        StringBuilder dtd = new StringBuilder("<?xml version=\"1.0\"?><!DOCTYPE feedback [<!ENTITY l0 \"lol\">");
        for (int i = 1; i <= 10; i++) {
            dtd.append("<!ENTITY l").append(i).append(" \"");
            for (int j = 0; j < 10; j++) {
                dtd.append("&l").append(i - 1).append(';');
            }
            dtd.append("\">");
        }
        dtd.append("]>").append(report("&l10;"));
        assertThat(error(dtd.toString().getBytes(StandardCharsets.UTF_8))).contains("DOCTYPE");
    }

    @Test
    void undeclaredEntityIsAnError() {
        assertThat(error(report("&undeclared;").getBytes(StandardCharsets.UTF_8))).contains("undeclared");
    }

    @Test
    void gzipBombStopsAtTheLimit() throws IOException {
        // 64 MiB of spaces compress to 64 KiB; the reader stops at 32 MiB.
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(compressed)) {
            gzip.write("<feedback>".getBytes(StandardCharsets.US_ASCII));
            byte[] zeros = new byte[1 << 20];
            Arrays.fill(zeros, (byte) ' ');
            for (int i = 0; i < 64; i++) {
                gzip.write(zeros);
            }
        }
        assertThat(error(compressed.toByteArray())).contains("decompresses to more than " + (32 << 20));
    }

    @Test
    void zipBombStopsAtTheLimitWhateverTheEntriesClaim() throws IOException {
        ByteArrayOutputStream archive = new ByteArrayOutputStream();
        byte[] spaces = new byte[1 << 20];
        Arrays.fill(spaces, (byte) ' ');
        try (ZipOutputStream zip = new ZipOutputStream(archive)) {
            for (int e = 0; e < 4; e++) {
                zip.putNextEntry(new ZipEntry("report" + e + ".xml"));
                for (int i = 0; i < 16; i++) {
                    zip.write(spaces);
                }
                zip.closeEntry();
            }
        }
        assertThat(error(archive.toByteArray())).contains("decompresses to more than");
    }

    @Test
    void zipWithTooManyEntriesIsRefused() throws IOException {
        ByteArrayOutputStream archive = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(archive)) {
            for (int e = 0; e < 100; e++) {
                zip.putNextEntry(new ZipEntry("r" + e + ".xml"));
                zip.write(report("example.com").getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        assertThat(error(archive.toByteArray())).contains("more than 16 entries");
    }

    @Test
    void zipInsideGzipInsideZipIsTooDeep() throws IOException {
        byte[] nested = zip(gzip(zip(gzip(report("example.com").getBytes(StandardCharsets.UTF_8)))));
        assertThat(error(nested)).contains("nest deeper");
    }

    @Test
    void truncatedGzipSaysTruncated() throws IOException {
        byte[] whole = gzip(report("example.com").getBytes(StandardCharsets.UTF_8));
        assertThat(error(Arrays.copyOf(whole, whole.length / 2))).contains("gzip data is truncated");
        assertThat(error(Arrays.copyOf(whole, 10))).contains("gzip data is truncated");
    }

    @Test
    void truncatedZipIsAnError() throws IOException {
        byte[] whole = zip(report("example.com").getBytes(StandardCharsets.UTF_8));
        assertThat(error(Arrays.copyOf(whole, 40))).containsAnyOf("zip archive is truncated", "zip archive is corrupt",
                "holds no file");
    }

    @Test
    void hugeAttributeStaysWithinTheInputLimit() {
        ReportParser small = new ReportParser(new ReportLimits(1 << 20, 1 << 20, 16, 64, 8, 1000));
        String huge = "<feedback a=\"" + "x".repeat(2 << 20) + "\">" + "</feedback>";
        assertThat(error(small, huge.getBytes(StandardCharsets.US_ASCII))).contains("larger than " + (1 << 20));
        String justUnder = "<feedback a=\"" + "x".repeat((1 << 20) - 100) + "\">" + "</feedback>";
        ReportParseResult result = assertTimeoutPreemptively(BOUND,
                () -> small.parse(justUnder.getBytes(StandardCharsets.US_ASCII)));
        assertThat(result.hasReport()).isTrue();
    }

    @Test
    void hugeElementTextIsRefused() {
        assertThat(error(report("x".repeat(100_000)).getBytes(StandardCharsets.US_ASCII)))
                .contains("longer than 65536 characters");
    }

    @Test
    void manyAttributesAreRefused() {
        StringBuilder attributes = new StringBuilder();
        for (int i = 0; i < 1000; i++) {
            attributes.append(" a").append(i).append("=\"1\"");
        }
        assertThat(error(("<feedback" + attributes + "/>").getBytes(StandardCharsets.US_ASCII)))
                .startsWith("not well-formed XML");
    }

    @Test
    void deepNestingIsRefused() {
        String deep = "<feedback>" + "<a>".repeat(10_000) + "</a>".repeat(10_000) + "</feedback>";
        assertThat(error(deep.getBytes(StandardCharsets.US_ASCII))).contains("depth");
    }

    @Test
    void tooManyRecordsAreRefused() {
        ReportParser small = new ReportParser(new ReportLimits(1 << 20, 1 << 20, 16, 64, 8, 10));
        String many = "<feedback>" + RECORD.repeat(11) + "</feedback>";
        assertThat(error(small, many.getBytes(StandardCharsets.US_ASCII))).contains("more than 10 records");
    }

    @Test
    void mimePartBombIsRefused() {
        StringBuilder message = new StringBuilder("Content-Type: multipart/mixed; boundary=b\r\n\r\n");
        for (int i = 0; i < 1000; i++) {
            message.append("--b\r\nContent-Type: text/plain\r\n\r\nx\r\n");
        }
        message.append("--b--\r\n");
        assertThat(error(message.toString().getBytes(StandardCharsets.US_ASCII))).contains("more than 64 MIME parts");
    }

    @Test
    void deeplyNestedMultipartIsRefused() {
        StringBuilder message = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            message.append("Content-Type: multipart/mixed; boundary=b").append(i).append("\r\n\r\n--b").append(i)
                    .append("\r\n");
        }
        assertThat(error(message.toString().getBytes(StandardCharsets.US_ASCII))).contains("nest deeper than 8");
    }

    @Test
    void otherXmlIsNotAReport() {
        assertThat(error("<html><body/></html>".getBytes(StandardCharsets.US_ASCII)))
                .contains("root element is <html>");
    }

    @Test
    void messageWithoutAttachmentSaysSo() {
        byte[] message = "Subject: hello\r\n\r\nno report here\r\n".getBytes(StandardCharsets.US_ASCII);
        assertThat(error(message)).contains("carries no aggregate report");
    }

    @Test
    void corruptBase64AttachmentIsNamed() {
        String message = "Content-Type: application/gzip\r\nContent-Transfer-Encoding: base64\r\n"
                + "Content-Disposition: attachment; filename=\"r.xml.gz\"\r\n\r\n"
                + Base64.getEncoder().encodeToString(new byte[] {0x1f, (byte) 0x8b, 8, 0, 0}) + "\r\n";
        assertThat(error(message.getBytes(StandardCharsets.US_ASCII))).startsWith("r.xml.gz: the gzip data is truncated");
    }

    @Test
    void emptyInputIsAnError() {
        assertThat(error(new byte[0])).contains("carries no aggregate report");
    }

    static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(data);
        }
        return out.toByteArray();
    }

    static byte[] zip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("report.xml"));
            zip.write(data);
            zip.closeEntry();
        }
        return out.toByteArray();
    }
}
