package org.mailpolicy.dmarcreport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.Set;
import java.util.zip.GZIPOutputStream;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * Writes aggregate reports: RFC 9990 (namespace {@code urn:ietf:params:xml:ns:dmarc-2.0}) by default,
 * or the RFC 7489 format for receivers of reports that still want it. Every value is written through
 * StAX (escaped) and mapped onto the schema's vocabulary, so the output is valid against the
 * corrected schemas whatever the evaluator recorded: a word outside an enumeration becomes the
 * schema's catch-all ({@code other}, {@code none}, {@code permerror}) and an optional element with
 * no valid value is left out.
 */
public final class ReportGenerator {

    private static final Set<String> DISPOSITIONS = Set.of("none", "quarantine", "reject");
    private static final Set<String> ALIGNMENTS = Set.of("r", "s");
    private static final Set<String> DKIM_RESULTS =
            Set.of("none", "pass", "fail", "policy", "neutral", "temperror", "permerror");
    private static final Set<String> SPF_RESULTS =
            Set.of("none", "neutral", "pass", "fail", "softfail", "temperror", "permerror");
    private static final Set<String> RFC9990_REASONS =
            Set.of("trusted_forwarder", "mailing_list", "local_policy", "policy_test_mode", "other");
    private static final Set<String> RFC7489_REASONS =
            Set.of("forwarded", "sampled_out", "trusted_forwarder", "mailing_list", "local_policy", "other");
    private static final Set<String> DISCOVERY_METHODS = Set.of("treewalk", "psl");

    private final ReporterMetadata reporter;
    private final ReportFormat format;

    public ReportGenerator(ReporterMetadata reporter, ReportFormat format) {
        this.reporter = reporter;
        this.format = format;
    }

    /** The reporting domain, as file names and subjects name it. */
    public String reporterDomain() {
        return reporter.domain();
    }

    /** A report id that names the batch, so that the same interval's report always has the same id. */
    public String reportId(ReportKey key) {
        return key.interval().begin().getEpochSecond() + "." + key.domain() + "@" + reporter.domain();
    }

    public GeneratedReport generate(ReportBatch batch) {
        return generate(batch, reportId(batch.key()));
    }

    public GeneratedReport generate(ReportBatch batch, String reportId) {
        if (batch.records().isEmpty()) {
            throw new IllegalArgumentException("RFC 9990 §3.1.1: a report has at least one record; " + batch.key()
                    + " has none");
        }
        byte[] xml = xml(batch, reportId);
        ReportKey key = batch.key();
        // RFC 9990 §3.5.2: filename = receiver "!" policy-domain "!" begin-timestamp "!" end-timestamp "." extension
        String fileName = reporter.domain() + "!" + key.domain() + "!" + key.interval().begin().getEpochSecond() + "!"
                + key.interval().end().getEpochSecond() + ".xml.gz";
        // RFC 9990 §3.5.2 (as RFC 7489 §7.2.1.1): the subject names the domain, the submitter and the report.
        String subject = GeneratedReport.oneLine("Report Domain: " + key.domain() + " Submitter: " + reporter.domain()
                + " Report-ID: <" + reportId + ">");
        return new GeneratedReport(key, reportId, xml, gzip(xml), fileName, subject);
    }

    private byte[] xml(ReportBatch batch, String reportId) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            XMLStreamWriter w = XMLOutputFactory.newDefaultFactory().createXMLStreamWriter(out, "UTF-8");
            w.writeStartDocument("UTF-8", "1.0");
            w.writeStartElement("feedback");
            if (format == ReportFormat.RFC9990) {
                w.writeDefaultNamespace(ReportFormat.RFC9990_NAMESPACE);
            } else {
                // RFC 7489 Appendix C: version comes first.
                element(w, "version", "1.0");
            }
            metadata(w, batch, reportId);
            policy(w, batch.policy());
            for (ReportRecord record : batch.records()) {
                record(w, record);
            }
            w.writeEndElement();
            w.writeEndDocument();
            w.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot write the report XML", e);
        }
        return out.toByteArray();
    }

    private void metadata(XMLStreamWriter w, ReportBatch batch, String reportId) throws XMLStreamException {
        w.writeStartElement("report_metadata");
        element(w, "org_name", reporter.orgName());
        element(w, "email", reporter.email());
        optional(w, "extra_contact_info", reporter.extraContactInfo());
        element(w, "report_id", reportId);
        w.writeStartElement("date_range");
        element(w, "begin", String.valueOf(batch.key().interval().begin().getEpochSecond()));
        element(w, "end", String.valueOf(batch.key().interval().end().getEpochSecond()));
        w.writeEndElement();
        w.writeEndElement();
    }

    private void policy(XMLStreamWriter w, PolicyPublished policy) throws XMLStreamException {
        w.writeStartElement("policy_published");
        element(w, "domain", policy.domain());
        optional(w, "adkim", policy.adkim().filter(ALIGNMENTS::contains));
        optional(w, "aspf", policy.aspf().filter(ALIGNMENTS::contains));
        Optional<String> p = policy.p().filter(DISPOSITIONS::contains);
        // RFC 9989 §4.7: sp defaults to p.
        Optional<String> sp = policy.sp().filter(DISPOSITIONS::contains).or(() -> p);
        if (format == ReportFormat.RFC9990) {
            optional(w, "p", p);
            optional(w, "sp", sp);
            optional(w, "np", policy.np().filter(DISPOSITIONS::contains));
            // The corrected RFC 9990 schema names the testing tag t, as the DMARC record does.
            optional(w, "t", policy.testing().filter(t -> t.equals("y") || t.equals("n")));
            optional(w, "psd", policy.psd());
            optional(w, "fo", policy.fo());
            optional(w, "discovery_method", policy.discoveryMethod().filter(DISCOVERY_METHODS::contains));
        } else {
            // RFC 7489 Appendix C: p, sp, pct and fo are required; their defaults per RFC 7489 §6.3.
            element(w, "p", p.orElse("none"));
            element(w, "sp", sp.orElse("none"));
            element(w, "pct", String.valueOf(policy.pct().orElse(100)));
            element(w, "fo", policy.fo().orElse("0"));
        }
        w.writeEndElement();
    }

    private void record(XMLStreamWriter w, ReportRecord record) throws XMLStreamException {
        w.writeStartElement("record");
        w.writeStartElement("row");
        element(w, "source_ip", record.sourceIp());
        element(w, "count", String.valueOf(record.count()));
        w.writeStartElement("policy_evaluated");
        element(w, "disposition", DISPOSITIONS.contains(record.disposition()) ? record.disposition() : "none");
        element(w, "dkim", "pass".equals(record.dkim()) ? "pass" : "fail");
        element(w, "spf", "pass".equals(record.spf()) ? "pass" : "fail");
        Set<String> reasons = format == ReportFormat.RFC9990 ? RFC9990_REASONS : RFC7489_REASONS;
        for (PolicyOverrideReason reason : record.reasons()) {
            w.writeStartElement("reason");
            element(w, "type", reasons.contains(reason.type()) ? reason.type() : "other");
            optional(w, "comment", reason.comment());
            w.writeEndElement();
        }
        w.writeEndElement();
        w.writeEndElement();
        w.writeStartElement("identifiers");
        optional(w, "envelope_to", record.envelopeTo());
        // Required by both schemas; empty when the evaluator had no envelope sender domain.
        element(w, "envelope_from", record.envelopeFrom().orElse(""));
        element(w, "header_from", record.headerFrom());
        w.writeEndElement();
        authResults(w, record);
        w.writeEndElement();
    }

    private void authResults(XMLStreamWriter w, ReportRecord record) throws XMLStreamException {
        w.writeStartElement("auth_results");
        for (DkimAuthResult dkim : record.dkimResults()) {
            w.writeStartElement("dkim");
            element(w, "domain", dkim.domain());
            // RFC 9990 §3.1.1: the selector is required (RFC 7489 made it optional).
            if (format == ReportFormat.RFC9990 || !dkim.selector().isEmpty()) {
                element(w, "selector", dkim.selector());
            }
            element(w, "result", DKIM_RESULTS.contains(dkim.result()) ? dkim.result() : "permerror");
            optional(w, "human_result", dkim.humanResult());
            w.writeEndElement();
        }
        if (record.spfResults().isEmpty()) {
            // Both schemas: "There will always be at least one SPF result"; none was evaluated.
            spf(w, record.envelopeFrom().filter(d -> !d.isEmpty()).orElse(record.headerFrom()), "mfrom", "none");
        }
        for (SpfAuthResult spf : record.spfResults()) {
            String scope = spf.scope().filter(s -> s.equals("helo") || s.equals("mfrom")).orElse("mfrom");
            spf(w, spf.domain(), scope, SPF_RESULTS.contains(spf.result()) ? spf.result() : "permerror");
        }
        w.writeEndElement();
    }

    private static void spf(XMLStreamWriter w, String domain, String scope, String result) throws XMLStreamException {
        w.writeStartElement("spf");
        element(w, "domain", domain);
        element(w, "scope", scope);
        element(w, "result", result);
        w.writeEndElement();
    }

    private static void element(XMLStreamWriter w, String name, String value) throws XMLStreamException {
        w.writeStartElement(name);
        w.writeCharacters(xmlText(value));
        w.writeEndElement();
    }

    private static void optional(XMLStreamWriter w, String name, Optional<String> value) throws XMLStreamException {
        if (value.isPresent()) {
            element(w, name, value.get());
        }
    }

    /** Characters XML 1.0 cannot carry at all (C0 controls but tab, CR, LF) are replaced by a space. */
    private static String xmlText(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            out.append(c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == 0xfffe || c == 0xffff ? ' ' : c);
        }
        return out.toString();
    }

    private static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot gzip in memory", e);
        }
        return out.toByteArray();
    }
}
