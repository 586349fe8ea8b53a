package org.mailpolicy.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.mailpolicy.dmarcreport.AggregateReport;
import org.mailpolicy.dmarcreport.DkimAuthResult;
import org.mailpolicy.dmarcreport.PolicyOverrideReason;
import org.mailpolicy.dmarcreport.PolicyPublished;
import org.mailpolicy.dmarcreport.ReportParseResult;
import org.mailpolicy.dmarcreport.ReportParser;
import org.mailpolicy.dmarcreport.ReportRecord;
import org.mailpolicy.dmarcreport.SpfAuthResult;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code mailpolicy report parse}: reads a DMARC aggregate report file the way the DmarcReportParse mailet does. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "DMARC aggregate reports (RFC 9990, RFC 7489).",
        subcommands = {ReportCommand.Parse.class})
final class ReportCommand {

    @Command(name = "parse", mixinStandardHelpOptions = true,
            description = "Reads an aggregate report: XML, .gz, .zip, or the e-mail (.eml) that carries one. "
                    + "Exits 0 when a report was read, 1 when none could be, 2 for bad arguments.")
    static final class Parse implements Callable<Integer> {

        @Spec
        private CommandSpec spec;

        @Parameters(paramLabel = "FILE", description = "The report file.")
        private Path file;

        @Option(names = "--json", description = "Print one JSON object with a `reports` and an `errors` array.")
        private boolean json;

        @Override
        public Integer call() throws IOException {
            ReportParseResult result;
            try (InputStream in = Files.newInputStream(file)) {
                result = new ReportParser().parse(in);
            } catch (NoSuchFileException e) {
                throw new ParameterException(spec.commandLine(), "no such file: " + file);
            }
            PrintWriter out = spec.commandLine().getOut();
            out.println(json ? JsonOutput.write(fields(result)) : human(result));
            out.flush();
            return result.hasReport() ? 0 : 1;
        }

        static Map<String, Object> fields(ReportParseResult result) {
            List<Map<String, Object>> reports = new ArrayList<>();
            for (AggregateReport report : result.reports()) {
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("format", report.format().name());
                r.put("reporter", report.reporter());
                r.put("reporterEmail", report.reporterEmail());
                r.put("reportId", report.reportId());
                r.put("domain", report.domain());
                r.put("begin", report.begin().map(i -> i.getEpochSecond()).orElse(null));
                r.put("end", report.end().map(i -> i.getEpochSecond()).orElse(null));
                r.put("policy", policy(report.policy()));
                r.put("messages", report.messages());
                r.put("failures", report.failures());
                List<Map<String, Object>> records = new ArrayList<>();
                report.records().forEach(record -> records.add(record(record)));
                r.put("records", records);
                r.put("reporterErrors", report.errors());
                r.put("problems", report.problems());
                reports.add(r);
            }
            Map<String, Object> object = new LinkedHashMap<>();
            object.put("reports", reports);
            object.put("errors", result.errors());
            return object;
        }

        private static Map<String, Object> policy(PolicyPublished p) {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("domain", p.domain());
            fields.put("p", p.p().orElse(null));
            fields.put("sp", p.sp().orElse(null));
            fields.put("np", p.np().orElse(null));
            fields.put("adkim", p.adkim().orElse(null));
            fields.put("aspf", p.aspf().orElse(null));
            fields.put("pct", p.pct().orElse(null));
            fields.put("fo", p.fo().orElse(null));
            fields.put("testing", p.testing().orElse(null));
            fields.put("discoveryMethod", p.discoveryMethod().orElse(null));
            return fields;
        }

        private static Map<String, Object> record(ReportRecord record) {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("sourceIp", record.sourceIp());
            fields.put("count", record.count());
            fields.put("disposition", record.disposition());
            fields.put("dkim", record.dkim());
            fields.put("spf", record.spf());
            List<Map<String, Object>> reasons = new ArrayList<>();
            for (PolicyOverrideReason reason : record.reasons()) {
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("type", reason.type());
                r.put("comment", reason.comment().orElse(null));
                reasons.add(r);
            }
            fields.put("reasons", reasons);
            fields.put("headerFrom", record.headerFrom());
            fields.put("envelopeFrom", record.envelopeFrom().orElse(null));
            fields.put("envelopeTo", record.envelopeTo().orElse(null));
            List<Map<String, Object>> dkim = new ArrayList<>();
            for (DkimAuthResult d : record.dkimResults()) {
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("domain", d.domain());
                r.put("selector", d.selector());
                r.put("result", d.result());
                dkim.add(r);
            }
            fields.put("dkimResults", dkim);
            List<Map<String, Object>> spf = new ArrayList<>();
            for (SpfAuthResult s : record.spfResults()) {
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("domain", s.domain());
                r.put("scope", s.scope().orElse(null));
                r.put("result", s.result());
                spf.add(r);
            }
            fields.put("spfResults", spf);
            return fields;
        }

        private static String human(ReportParseResult result) {
            StringBuilder out = new StringBuilder();
            for (AggregateReport report : result.reports()) {
                if (out.length() > 0) {
                    out.append('\n');
                }
                out.append("report ").append(report.reportId()).append(" from ").append(report.reporter())
                        .append(" about ").append(report.domain()).append(" (").append(report.format()).append(")\n");
                out.append("  interval ").append(report.begin().map(Object::toString).orElse("?")).append(" .. ")
                        .append(report.end().map(Object::toString).orElse("?")).append('\n');
                out.append("  ").append(report.messages()).append(" messages, ").append(report.failures())
                        .append(" failing DMARC, ").append(report.records().size()).append(" records\n");
                for (ReportRecord r : report.records()) {
                    out.append("  ").append(r.sourceIp()).append(" x").append(r.count()).append(' ')
                            .append(r.disposition()).append(" dkim=").append(r.dkim()).append(" spf=").append(r.spf())
                            .append(" from=").append(r.headerFrom()).append('\n');
                }
                for (String problem : report.problems()) {
                    out.append("  problem: ").append(problem).append('\n');
                }
            }
            for (String error : result.errors()) {
                out.append("error: ").append(error).append('\n');
            }
            return out.toString().stripTrailing();
        }
    }
}
