package org.mailpolicy.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.mailpolicy.dmarcreport.AggregateReport;
import org.mailpolicy.dmarcreport.DkimAuthResult;
import org.mailpolicy.dmarcreport.InMemoryReportStore;
import org.mailpolicy.dmarcreport.PolicyOverrideReason;
import org.mailpolicy.dmarcreport.PolicyPublished;
import org.mailpolicy.dmarcreport.RedisReportStore;
import org.mailpolicy.dmarcreport.ReportBatch;
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

/**
 * {@code mailpolicy report parse}: reads a DMARC aggregate report file the way the DmarcReportParse mailet does;
 * {@code mailpolicy report show}: lists the report data James holds for reports not yet sent.
 */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "DMARC aggregate reports (RFC 9990, RFC 7489).",
        subcommands = {ReportCommand.Parse.class, ReportCommand.Show.class})
final class ReportCommand {

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Lists the pending report data of DmarcReportCollector: from the Redis store (dmarc.report.store=redis) "
                    + "or from the snapshot file a stopped James wrote (dmarc.report.snapshot). Exits 0 when read, 1 when the store "
                    + "cannot be read, 2 for bad arguments.")
    static final class Show implements Callable<Integer> {

        @Spec
        private CommandSpec spec;

        @Option(names = "--redis", paramLabel = "URI", description = "Lettuce URI as in dmarc.report.redis.uri: redis://host:6379.")
        private String redis;

        @Option(names = "--snapshot", paramLabel = "FILE", description = "The snapshot file of the in-memory store.")
        private Path snapshot;

        @Option(names = "--timeout", paramLabel = "MS", defaultValue = "2000", description = "Per Redis command, in ms (default 2000).")
        private long timeoutMillis;

        @Option(names = "--json", description = "Print one JSON object with a `reports` array.")
        private boolean json;

        @Override
        public Integer call() {
            if ((redis == null) == (snapshot == null)) {
                throw new ParameterException(spec.commandLine(), "give either --redis URI or --snapshot FILE");
            }
            List<ReportBatch> batches;
            try {
                batches = redis != null ? fromRedis() : fromSnapshot();
            } catch (IOException | RuntimeException e) {
                spec.commandLine().getErr().println("error: " + e.getMessage());
                return 1;
            }
            PrintWriter out = spec.commandLine().getOut();
            out.println(json ? JsonOutput.write(fields(batches)) : human(batches));
            out.flush();
            return 0;
        }

        private List<ReportBatch> fromRedis() {
            try (RedisReportStore store = RedisReportStore.connect(redis, Duration.ofMillis(timeoutMillis), Integer.MAX_VALUE)) {
                return store.pending();
            }
        }

        private List<ReportBatch> fromSnapshot() throws IOException {
            if (!Files.exists(snapshot)) {
                throw new NoSuchFileException(snapshot + " does not exist (James writes it on a clean shutdown)");
            }
            InMemoryReportStore store = new InMemoryReportStore(Integer.MAX_VALUE);
            store.readSnapshot(snapshot);
            return store.pending();
        }

        private static Map<String, Object> fields(List<ReportBatch> batches) {
            List<Map<String, Object>> reports = new ArrayList<>();
            for (ReportBatch batch : batches) {
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("domain", batch.key().domain());
                r.put("begin", batch.key().interval().begin().getEpochSecond());
                r.put("end", batch.key().interval().end().getEpochSecond());
                r.put("policy", Parse.policy(batch.policy()));
                r.put("messages", batch.messages());
                List<Map<String, Object>> records = new ArrayList<>();
                batch.records().forEach(record -> records.add(Parse.record(record)));
                r.put("records", records);
                reports.add(r);
            }
            Map<String, Object> object = new LinkedHashMap<>();
            object.put("reports", reports);
            return object;
        }

        private static String human(List<ReportBatch> batches) {
            if (batches.isEmpty()) {
                return "no pending report data";
            }
            StringBuilder out = new StringBuilder();
            for (ReportBatch batch : batches) {
                out.append("pending report about ").append(batch.key().domain()).append(", ")
                        .append(batch.key().interval().begin()).append(" .. ").append(batch.key().interval().end())
                        .append(": ").append(batch.messages()).append(" messages, ").append(batch.records().size())
                        .append(" records\n");
                for (ReportRecord r : batch.records()) {
                    out.append("  ").append(r.sourceIp()).append(" x").append(r.count()).append(' ')
                            .append(r.disposition()).append(" dkim=").append(r.dkim()).append(" spf=").append(r.spf())
                            .append(" from=").append(r.headerFrom()).append('\n');
                }
            }
            return out.toString().stripTrailing();
        }
    }

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

        static Map<String, Object> policy(PolicyPublished p) {
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

        static Map<String, Object> record(ReportRecord record) {
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
