package org.mailpolicy.dmarcreport;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;

import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads one {@code feedback} document with StAX, streaming, hardened against hostile XML: DOCTYPE
 * declarations are refused outright (no DTD, no entity of any kind, so no XXE and no billion laughs),
 * external access is off, secure processing limits apply, and nesting is bounded.
 *
 * <p>Lenient as RFC 9990 §3.1.1 asks of receivers: elements are matched by local name whatever their
 * namespace, unknown elements and {@code extensions} are skipped, and missing ones stay empty.
 */
final class FeedbackXmlReader {

    private static final int MAX_DEPTH = 32;
    private static final int MAX_TEXT = 64 * 1024;

    private final ReportLimits limits;

    FeedbackXmlReader(ReportLimits limits) {
        this.limits = limits;
    }

    /** Reads the report, or throws {@link ReportException} with a reason an admin can act on. */
    AggregateReport read(byte[] xml) throws ReportException {
        XMLStreamReader reader = null;
        try {
            reader = factory().createXMLStreamReader(new ByteArrayInputStream(xml));
            return new Document(reader).read();
        } catch (XMLStreamException e) {
            throw new ReportException("not well-formed XML" + location(e) + ": " + message(e));
        } catch (RuntimeException e) {
            // The JDK's StAX reader throws some of its errors unchecked (a malformed DTD can end in a
            // MissingResourceException while it formats its message): still a malformed document.
            throw new ReportException("not well-formed XML: " + e);
        } finally {
            close(reader);
        }
    }

    private static void close(XMLStreamReader reader) {
        if (reader == null) {
            return;
        }
        try {
            reader.close();
        } catch (XMLStreamException ignored) {
            // Closing a reader over a byte array releases nothing.
        }
    }

    private static XMLInputFactory factory() {
        // The JDK's own implementation, whatever StAX provider the class path brings (James ships others).
        XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        factory.setProperty(XMLInputFactory.IS_COALESCING, true);
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        // StAX has no FEATURE_SECURE_PROCESSING switch: the JDK applies its secure-processing limits
        // (entity expansion and others) to StAX always. These tighten the ones that matter here.
        factory.setProperty("jdk.xml.maxElementDepth", String.valueOf(MAX_DEPTH + 1));
        factory.setProperty("jdk.xml.elementAttributeLimit", "64");
        // Warnings are not ours to print; errors come back as exceptions.
        factory.setXMLReporter((message, type, info, location) -> { });
        return factory;
    }

    private static String message(XMLStreamException e) {
        String text = e.getMessage() == null ? e.toString() : e.getMessage();
        int detail = text.indexOf("Message: ");
        return (detail >= 0 ? text.substring(detail + 9) : text).strip();
    }

    private static String location(XMLStreamException e) {
        return e.getLocation() == null ? ""
                : " at line " + e.getLocation().getLineNumber() + ", column " + e.getLocation().getColumnNumber();
    }

    /** The state of one read. */
    private final class Document {
        private final XMLStreamReader reader;
        private final Deque<String> path = new ArrayDeque<>();
        private final StringBuilder text = new StringBuilder();
        private final List<String> errors = new ArrayList<>();
        private final List<ReportRecord> records = new ArrayList<>();
        private final List<String> problems = new ArrayList<>();
        private final PolicyPublished.Builder policy = PolicyPublished.builder("");
        private ReportFormat format = ReportFormat.RFC7489;
        private String version;
        private String orgName;
        private String email;
        private String extraContactInfo;
        private String reportId;
        private Instant begin;
        private Instant end;
        private ReportRecord.Builder record;
        private String reasonType;
        private String reasonComment;
        private String[] auth;

        Document(XMLStreamReader reader) {
            this.reader = reader;
        }

        AggregateReport read() throws XMLStreamException, ReportException {
            boolean sawRoot = false;
            while (reader.hasNext()) {
                int event = reader.next();
                switch (event) {
                    case XMLStreamConstants.DTD:
                        throw new ReportException("the report has a DOCTYPE declaration; DTDs and entities are refused");
                    case XMLStreamConstants.ENTITY_REFERENCE:
                        throw new ReportException("the report refers to the entity &" + reader.getLocalName()
                                + "; entities are refused");
                    case XMLStreamConstants.START_ELEMENT:
                        if (!sawRoot) {
                            sawRoot = true;
                            root();
                        } else {
                            start(reader.getLocalName());
                        }
                        break;
                    case XMLStreamConstants.CHARACTERS:
                    case XMLStreamConstants.CDATA:
                    case XMLStreamConstants.SPACE:
                        if (text.length() + reader.getTextLength() > MAX_TEXT) {
                            throw new ReportException("an element's text is longer than " + MAX_TEXT + " characters");
                        }
                        text.append(reader.getTextCharacters(), reader.getTextStart(), reader.getTextLength());
                        break;
                    case XMLStreamConstants.END_ELEMENT:
                        if (!path.isEmpty()) {
                            end();
                        }
                        break;
                    default:
                        break;
                }
            }
            if (!sawRoot) {
                throw new ReportException("the document has no root element");
            }
            return new AggregateReport(format, version, orgName, email, extraContactInfo, reportId, begin, end, errors,
                    policy.build(), records, problems);
        }

        private void root() throws ReportException {
            // RFC 9990 §3.1.1 and RFC 7489 Appendix C: the document element is <feedback>.
            if (!"feedback".equals(reader.getLocalName())) {
                throw new ReportException("not a DMARC aggregate report: the root element is <" + reader.getLocalName()
                        + ">, not <feedback>");
            }
            if (ReportFormat.RFC9990_NAMESPACE.equals(reader.getNamespaceURI())) {
                format = ReportFormat.RFC9990;
            }
        }

        private void start(String name) throws ReportException {
            path.push(name);
            if (path.size() > MAX_DEPTH) {
                throw new ReportException("elements nest deeper than " + MAX_DEPTH);
            }
            text.setLength(0);
            String at = where();
            if ("record".equals(at)) {
                if (records.size() >= limits.maxRecords()) {
                    throw new ReportException("the report has more than " + limits.maxRecords() + " records");
                }
                record = ReportRecord.builder();
            } else if (record != null && ("auth_results/dkim".equals(at) || "auth_results/spf".equals(at))) {
                auth = new String[4];
            } else if (record != null && "policy_evaluated/reason".equals(at)) {
                reasonType = null;
                reasonComment = null;
            }
        }

        /** The last two open element names, {@code parent/name}; one name at the top. */
        private String where() {
            String name = path.peek();
            if (path.size() < 2) {
                return name;
            }
            var it = path.iterator();
            it.next();
            return it.next() + "/" + name;
        }

        private void end() {
            String at = where();
            String value = text.toString().strip();
            text.setLength(0);
            if (record != null) {
                endInRecord(at, value);
            } else {
                endOutsideRecord(at, value);
            }
            path.pop();
        }

        private void endOutsideRecord(String at, String value) {
            switch (at) {
                case "version":
                    version = orNull(value);
                    break;
                case "report_metadata/org_name":
                    orgName = value;
                    break;
                case "report_metadata/email":
                    email = value;
                    break;
                case "report_metadata/extra_contact_info":
                    extraContactInfo = orNull(value);
                    break;
                case "report_metadata/report_id":
                    reportId = value;
                    break;
                case "report_metadata/error":
                    errors.add(value);
                    break;
                case "date_range/begin":
                    begin = time("begin", value);
                    break;
                case "date_range/end":
                    end = time("end", value);
                    break;
                default:
                    policyTag(at, value);
                    break;
            }
        }

        private void policyTag(String at, String value) {
            if (!at.startsWith("policy_published/")) {
                return;
            }
            String tag = at.substring("policy_published/".length());
            String word = orNull(value.toLowerCase(Locale.ROOT));
            switch (tag) {
                case "domain":
                    policy.domain(value.toLowerCase(Locale.ROOT));
                    break;
                case "adkim":
                    policy.adkim(word);
                    break;
                case "aspf":
                    policy.aspf(word);
                    break;
                case "p":
                    policy.p(word);
                    break;
                case "sp":
                    policy.sp(word);
                    break;
                case "np":
                    policy.np(word);
                    break;
                case "pct":
                    long pct = word == null ? -1 : number("pct", value);
                    policy.pct(pct < 0 ? null : (int) Math.min(pct, 100));
                    break;
                case "fo":
                    policy.fo(orNull(value));
                    break;
                // RFC 9990 §3.1.1 writes it <testing>; the corrected schema and early drafts <t>.
                case "testing":
                case "t":
                    policy.testing(word);
                    break;
                case "psd":
                    policy.psd(word);
                    break;
                case "discovery_method":
                    policy.discoveryMethod(word);
                    break;
                default:
                    break;
            }
        }

        private void endInRecord(String at, String value) {
            String word = value.toLowerCase(Locale.ROOT);
            switch (at) {
                case "row/source_ip":
                    record.sourceIp(value);
                    break;
                case "row/count":
                    record.count(number("count", value));
                    break;
                case "policy_evaluated/disposition":
                    record.disposition(word);
                    break;
                case "policy_evaluated/dkim":
                    record.dkim(word);
                    break;
                case "policy_evaluated/spf":
                    record.spf(word);
                    break;
                case "reason/type":
                    reasonType = word;
                    break;
                case "reason/comment":
                    reasonComment = orNull(value);
                    break;
                case "policy_evaluated/reason":
                    record.reason(new PolicyOverrideReason(reasonType, reasonComment));
                    break;
                case "identifiers/envelope_to":
                    record.envelopeTo(orNull(value));
                    break;
                case "identifiers/envelope_from":
                    record.envelopeFrom(value);
                    break;
                case "identifiers/header_from":
                    record.headerFrom(value);
                    break;
                case "dkim/domain":
                case "spf/domain":
                    authField(0, value);
                    break;
                case "dkim/selector":
                case "spf/scope":
                    authField(1, word);
                    break;
                case "dkim/result":
                case "spf/result":
                    authField(2, word);
                    break;
                case "dkim/human_result":
                case "spf/human_result":
                    authField(3, orNull(value));
                    break;
                case "auth_results/dkim":
                    if (auth != null) {
                        record.dkimResult(new DkimAuthResult(auth[0], auth[1], auth[2], auth[3]));
                        auth = null;
                    }
                    break;
                case "auth_results/spf":
                    if (auth != null) {
                        record.spfResult(new SpfAuthResult(auth[0], orNull(auth[1]), auth[2], auth[3]));
                        auth = null;
                    }
                    break;
                case "record":
                    records.add(record.build());
                    record = null;
                    break;
                default:
                    break;
            }
        }

        private void authField(int index, String value) {
            if (auth != null) {
                auth[index] = value;
            }
        }

        /** Epoch seconds; some reporters write a fraction ({@code 1337270400.0}). */
        private Instant time(String what, String value) {
            long seconds = number(what, value);
            return seconds < 0 ? null : Instant.ofEpochSecond(Math.min(seconds, Instant.MAX.getEpochSecond()));
        }

        /** A non-negative whole number, leniently: fractions are cut; anything else is a problem and -1. */
        private long number(String what, String value) {
            try {
                BigDecimal number = new BigDecimal(value);
                if (number.signum() >= 0) {
                    return number.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0 ? Long.MAX_VALUE : number.longValue();
                }
            } catch (NumberFormatException notANumber) {
                // reported below
            }
            problems.add(what + " \"" + abbreviate(value) + "\" is not a number");
            return what.equals("count") ? 0 : -1;
        }
    }

    private static String abbreviate(String value) {
        return value.length() <= 40 ? value : value.substring(0, 40) + "...";
    }

    private static String orNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
