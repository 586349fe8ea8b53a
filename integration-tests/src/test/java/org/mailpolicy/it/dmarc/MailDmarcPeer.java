package org.mailpolicy.it.dmarc;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Mail::DMARC (Debian libmail-dmarc-perl) run over the scenarios in one Perl process by the driver
 * in test resources, looking policies up in the test NSD.
 */
final class MailDmarcPeer {

    static final String PACKAGE = "libmail-dmarc-perl";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Mail::DMARC's verdict on one scenario. */
    static final class Verdict {
        final String result;
        final String disposition;
        final String reason;

        Verdict(String result, String disposition, String reason) {
            this.result = result;
            this.disposition = disposition;
            this.reason = reason;
        }
    }

    private MailDmarcPeer() {
    }

    /** The installed version, or a failure saying which Debian package to install. */
    static String version() throws IOException, InterruptedException {
        Process perl = new ProcessBuilder("perl", "-MMail::DMARC::PurePerl", "-e", "print $Mail::DMARC::VERSION")
                .redirectErrorStream(true).start();
        String out = new String(perl.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (!perl.waitFor(30, TimeUnit.SECONDS) || perl.exitValue() != 0) {
            throw new IllegalStateException("Mail::DMARC is missing: install the Debian package " + PACKAGE
                    + " (./run-tests.sh does): " + out);
        }
        return out;
    }

    static Map<String, Verdict> run(List<DmarcScenario> scenarios, int dnsPort, Path workDir) throws IOException, InterruptedException {
        Path input = workDir.resolve("scenarios.jsonl");
        List<String> lines = new ArrayList<>();
        for (DmarcScenario s : scenarios) {
            lines.add(JSON.writeValueAsString(asJson(s)));
        }
        Files.write(input, lines, StandardCharsets.UTF_8);
        Path output = workDir.resolve("mail-dmarc.jsonl");
        Path errors = workDir.resolve("mail-dmarc.stderr");
        Process perl = new ProcessBuilder("perl", driver().toString(), String.valueOf(dnsPort))
                .redirectInput(input.toFile()).redirectOutput(output.toFile()).redirectError(errors.toFile()).start();
        if (!perl.waitFor(5, TimeUnit.MINUTES)) {
            perl.destroyForcibly();
            throw new IllegalStateException("Mail::DMARC driver did not finish within 5 minutes; see " + errors);
        }
        if (perl.exitValue() != 0) {
            throw new IllegalStateException("Mail::DMARC driver exited with " + perl.exitValue() + ": "
                    + Files.readString(errors, StandardCharsets.UTF_8));
        }
        Map<String, Verdict> verdicts = new HashMap<>();
        for (String line : Files.readAllLines(output, StandardCharsets.UTF_8)) {
            JsonNode v = JSON.readTree(line);
            verdicts.put(v.get("id").asText(), new Verdict(v.get("result").asText().toLowerCase(Locale.ROOT),
                    v.get("disposition").asText().toLowerCase(Locale.ROOT), v.get("reason").asText()));
        }
        return verdicts;
    }

    private static Map<String, Object> asJson(DmarcScenario s) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", s.id);
        json.put("header_from_raw", s.fromHeader);
        json.put("envelope_from", s.mailFromDomain == null ? "" : s.mailFromDomain);
        List<Map<String, String>> spf = new ArrayList<>();
        spf.add(Map.of("domain", s.spfDomain(), "scope", s.mailFromDomain == null ? "helo" : "mfrom", "result", s.spf.keyword()));
        if (s.heloPassToo != null) {
            spf.add(Map.of("domain", s.heloPassToo, "scope", "helo", "result", "pass"));
        }
        json.put("spf", spf);
        List<Map<String, String>> dkim = new ArrayList<>();
        for (DmarcScenario.Signature signature : s.dkim) {
            dkim.add(Map.of("domain", signature.domain, "selector", "s1", "result", signature.pass ? "pass" : "fail"));
        }
        json.put("dkim", dkim);
        json.put("sample", s.sample);
        return json;
    }

    private static Path driver() {
        try {
            return Path.of(MailDmarcPeer.class.getResource("/dmarc-peer/mail-dmarc-driver.pl").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
