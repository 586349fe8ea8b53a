package org.mailpolicy.james;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.mailpolicy.authres.MethodResult;
import org.mailpolicy.authres.MethodResults;
import org.mailpolicy.dmarc.DmarcMode;
import org.mailpolicy.dmarc.DmarcPolicy;
import org.mailpolicy.dmarc.DmarcRecord;
import org.mailpolicy.dmarc.DmarcResult;
import org.mailpolicy.dmarc.DmarcResultCode;

/**
 * The DMARC verdict of one message as it travels on a {@link Mail}: the attribute
 * {@code mailpolicy.dmarc}, a map of {@code result}, {@code disposition}, {@code policy} (published),
 * {@code appliedPolicy}, {@code fromDomain}, {@code policyDomain}, {@code organizationalDomain},
 * {@code spfAligned} (the aligned SPF domain or empty), {@code dkimAligned} (list of aligned d=),
 * {@code override} (reason word or empty), {@code overrideDetail}, {@code problem} and {@code mode};
 * when a record was found, also its tags for aggregate reports (RFC 9990 §3.1.1 policy_published):
 * {@code record.rua} and {@code record.ruf} (comma-separated URIs), {@code record.p}, {@code record.sp}, {@code record.np},
 * {@code record.adkim}, {@code record.aspf}, {@code record.pct}, {@code record.fo}, {@code record.t},
 * {@code record.psd} and {@code record.discovery_method}.
 * Only strings and lists of strings, so it survives James's distributed queue.
 */
public final class DmarcVerdict {

    public static final AttributeName NAME = AttributeName.of("mailpolicy.dmarc");
    private static final String RECORD = "record.";

    private final Map<String, String> fields;
    private final List<String> dkimAligned;

    private DmarcVerdict(Map<String, String> fields, List<String> dkimAligned) {
        this.fields = Map.copyOf(fields);
        this.dkimAligned = List.copyOf(dkimAligned);
    }

    public static DmarcVerdict of(DmarcResult result) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("result", result.code().keyword());
        fields.put("disposition", result.disposition().word());
        fields.put("policy", result.publishedPolicy().map(DmarcPolicy::word).orElse(""));
        fields.put("appliedPolicy", result.appliedPolicy().map(DmarcPolicy::word).orElse(""));
        fields.put("fromDomain", result.fromDomain());
        fields.put("policyDomain", result.policyDomain().orElse(""));
        fields.put("organizationalDomain", result.organizationalDomain().orElse(""));
        fields.put("spfAligned", result.alignedSpfDomain().orElse(""));
        fields.put("override", result.override().map(o -> o.reason().word()).orElse(""));
        fields.put("overrideDetail", result.override().map(o -> o.detail()).orElse(""));
        fields.put("problem", result.problem().orElse(""));
        fields.put("mode", result.mode().word());
        result.record().ifPresent(record -> recordTags(record, result.mode(), fields));
        return new DmarcVerdict(fields, result.alignedDkimDomains());
    }

    private static void recordTags(DmarcRecord record, DmarcMode mode, Map<String, String> fields) {
        fields.put(RECORD + "rua", String.join(",", record.aggregateReportUris()));
        fields.put(RECORD + "ruf", String.join(",", record.failureReportUris()));
        fields.put(RECORD + "p", record.policy().word());
        fields.put(RECORD + "sp", record.subdomainPolicy().word());
        if (record.hasNonExistentPolicy()) {
            fields.put(RECORD + "np", record.nonExistentPolicy().word());
        }
        fields.put(RECORD + "adkim", record.dkimAlignment().letter());
        fields.put(RECORD + "aspf", record.spfAlignment().letter());
        fields.put(RECORD + "pct", String.valueOf(record.percent()));
        fields.put(RECORD + "fo", record.failureReportOptions());
        fields.put(RECORD + "t", record.testing() ? "y" : "n");
        if (record.publicSuffixDomain() != DmarcRecord.PublicSuffixDomain.UNKNOWN) {
            fields.put(RECORD + "psd", record.publicSuffixDomain() == DmarcRecord.PublicSuffixDomain.YES ? "y" : "n");
        }
        // RFC 9990 §3.1.1 discovery_method: RFC 9989 walks the DNS tree, RFC 7489 consults the PSL.
        fields.put(RECORD + "discovery_method", mode == DmarcMode.RFC9989 ? "treewalk" : "psl");
    }

    /** An evaluation that did not finish in time: temperror with the reason. */
    public static DmarcVerdict unfinished(String reason, String mode) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String key : List.of("policy", "appliedPolicy", "fromDomain", "policyDomain", "organizationalDomain",
                "spfAligned", "override", "overrideDetail")) {
            fields.put(key, "");
        }
        fields.put("result", DmarcResultCode.TEMPERROR.keyword());
        fields.put("disposition", DmarcPolicy.NONE.word());
        fields.put("problem", reason);
        fields.put("mode", mode);
        return new DmarcVerdict(fields, List.of());
    }

    public DmarcResultCode result() {
        return DmarcResultCode.fromKeyword(fields.get("result"));
    }

    public DmarcPolicy disposition() {
        return DmarcPolicy.fromWord(fields.get("disposition")).orElse(DmarcPolicy.NONE);
    }

    /** The policy the domain published for the From domain ({@code p=}, {@code sp=} or {@code np=}); empty without a record. */
    public String policy() {
        return fields.get("policy");
    }

    public String appliedPolicy() {
        return fields.get("appliedPolicy");
    }

    public String fromDomain() {
        return fields.get("fromDomain");
    }

    public String policyDomain() {
        return fields.get("policyDomain");
    }

    public String organizationalDomain() {
        return fields.get("organizationalDomain");
    }

    public String spfAligned() {
        return fields.get("spfAligned");
    }

    public List<String> dkimAligned() {
        return dkimAligned;
    }

    /** The override reason word ({@code arc}, {@code trusted_forwarder}, ...); empty when none applied. */
    public String override() {
        return fields.get("override");
    }

    public String overrideDetail() {
        return fields.get("overrideDetail");
    }

    public String problem() {
        return fields.get("problem");
    }

    public String mode() {
        return fields.get("mode");
    }

    /** The {@code rua=} URIs of the record, as written; empty without a record or without the tag. */
    public List<String> rua() {
        String rua = fields.getOrDefault(RECORD + "rua", "");
        return rua.isEmpty() ? List.of() : List.of(rua.split(","));
    }

    /** The {@code ruf=} URIs of the record, as written; empty without a record or without the tag. */
    public List<String> ruf() {
        String ruf = fields.getOrDefault(RECORD + "ruf", "");
        return ruf.isEmpty() ? List.of() : List.of(ruf.split(","));
    }

    /** A tag of the record as it applied ({@code p}, {@code sp}, {@code np}, {@code adkim}, ..., {@code discovery_method}). */
    public Optional<String> recordTag(String tag) {
        return Optional.ofNullable(fields.get(RECORD + tag)).filter(v -> !v.isEmpty());
    }

    /** The {@code dmarc=} resinfo of Authentication-Results. */
    public MethodResult toMethodResult() {
        String reason = override().isEmpty() ? problem()
                : "override " + override() + (overrideDetail().isEmpty() ? "" : " (" + overrideDetail() + ")");
        return MethodResults.dmarc(result(), fromDomain(), policy(), reason);
    }

    public Attribute toAttribute() {
        Map<String, AttributeValue<?>> values = new LinkedHashMap<>();
        fields.forEach((key, value) -> values.put(key, AttributeValue.of(value)));
        List<AttributeValue<?>> aligned = new ArrayList<>();
        dkimAligned.forEach(d -> aligned.add(AttributeValue.of(d)));
        values.put("dkimAligned", AttributeValue.of(aligned));
        return new Attribute(NAME, AttributeValue.of(values));
    }

    /** Reads the verdict back; empty when absent or not written by {@link #toAttribute}. */
    public static Optional<DmarcVerdict> read(Mail mail) {
        return mail.getAttribute(NAME)
                .map(Attribute::getValue)
                .map(AttributeValue::value)
                .filter(Map.class::isInstance)
                .flatMap(value -> fromFields((Map<?, ?>) value));
    }

    private static Optional<DmarcVerdict> fromFields(Map<?, ?> values) {
        try {
            Map<String, String> fields = new LinkedHashMap<>();
            List<String> aligned = new ArrayList<>();
            for (Map.Entry<?, ?> entry : values.entrySet()) {
                Object value = ((AttributeValue<?>) entry.getValue()).value();
                if ("dkimAligned".equals(entry.getKey())) {
                    for (Object d : (List<?>) value) {
                        aligned.add((String) ((AttributeValue<?>) d).value());
                    }
                } else {
                    fields.put((String) entry.getKey(), (String) value);
                }
            }
            DmarcVerdict verdict = new DmarcVerdict(fields, aligned);
            verdict.result();
            Objects.requireNonNull(verdict.fields.get("disposition"));
            return Optional.of(verdict);
        } catch (IllegalArgumentException | NullPointerException | ClassCastException e) {
            return Optional.empty();
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DmarcVerdict && ((DmarcVerdict) o).fields.equals(fields) && ((DmarcVerdict) o).dkimAligned.equals(dkimAligned);
    }

    @Override
    public int hashCode() {
        return Objects.hash(fields, dkimAligned);
    }

    @Override
    public String toString() {
        return result().keyword() + " header.from=" + fromDomain() + (policy().isEmpty() ? "" : " p=" + policy())
                + " disposition=" + disposition().word()
                + (override().isEmpty() ? "" : " override=" + override() + (overrideDetail().isEmpty() ? "" : " (" + overrideDetail() + ")"))
                + (problem().isEmpty() ? "" : " (" + problem() + ")");
    }
}
