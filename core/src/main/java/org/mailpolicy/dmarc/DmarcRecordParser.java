package org.mailpolicy.dmarc;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.mailpolicy.tags.TagList;
import org.mailpolicy.tags.TagListResult;

/** Reads one DMARC TXT record (RFC 9989 §4.7, RFC 7489 §6.3); never throws. */
final class DmarcRecordParser {

    /** RFC 3986 §3.1 scheme, a colon and something after it; RFC 7489 §6.2 allows a {@code !size} suffix. */
    private static final Pattern URI = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*:[^\\s,!]+(![0-9]+[kmgtKMGT]?)?");

    private DmarcRecordParser() {
    }

    static DmarcRecord.ParsedRecord parse(String text, DmarcMode mode) {
        // RFC 9989 §4.7: v= must come first and be exactly DMARC1; other TXT records are not DMARC records.
        if (!startsWithVersion(text)) {
            return DmarcRecord.ParsedRecord.notDmarcRecord();
        }
        TagListResult parsed = TagList.parse(text);
        if (!parsed.isValid()) {
            return DmarcRecord.ParsedRecord.error("malformed tag-list: " + parsed.error().orElse(""));
        }
        TagList tags = parsed.tagList().orElseThrow();
        DmarcRecord.Builder b = new DmarcRecord.Builder();
        b.text = text;
        b.aggregateReportUris = uris(tags.value("rua"));
        b.failureReportUris = uris(tags.value("ruf"));
        Optional<DmarcPolicy> policy = tags.value("p").flatMap(DmarcPolicy::fromWord);
        // Invalid values of the optional tags are ignored, their defaults apply (RFC 9989 §4.7).
        Optional<DmarcPolicy> subdomainPolicy = tags.value("sp").flatMap(DmarcPolicy::fromWord);
        // RFC 7489 §6.6.3 step 6: an invalid sp= makes the record as unusable as an invalid p=.
        boolean invalidSp = mode == DmarcMode.RFC7489 && tags.contains("sp") && subdomainPolicy.isEmpty();
        if (policy.isPresent() && !invalidSp) {
            b.policy = policy.get();
            b.subdomainPolicy = subdomainPolicy.orElse(null);
        } else if (!b.aggregateReportUris.isEmpty()) {
            // RFC 9989 §4.7 (p): no valid p= but a valid rua= counts as p=none; RFC 7489 §6.6.3 says the same.
            b.policy = DmarcPolicy.NONE;
            b.policyFromRua = true;
        } else if (policy.isPresent()) {
            return DmarcRecord.ParsedRecord.error("invalid sp= value '" + tags.value("sp").orElse("") + "' and no valid rua= tag");
        } else {
            return DmarcRecord.ParsedRecord.error(tags.contains("p") ? "invalid p= value '" + tags.value("p").orElse("") + "'"
                    : "no p= tag and no valid rua= tag");
        }
        b.dkimAlignment = alignment(tags.value("adkim"));
        b.spfAlignment = alignment(tags.value("aspf"));
        tags.value("fo").filter(fo -> fo.matches("[01ds](\\s*:\\s*[01ds])*")).ifPresent(fo -> b.failureReportOptions = fo.replaceAll("\\s", ""));
        if (mode == DmarcMode.RFC9989) {
            b.nonExistentPolicy = tags.value("np").flatMap(DmarcPolicy::fromWord).orElse(null);
            b.testing = tags.value("t").map("y"::equalsIgnoreCase).orElse(false);
            b.publicSuffixDomain = tags.value("psd").map(DmarcRecordParser::psd).orElse(DmarcRecord.PublicSuffixDomain.UNKNOWN);
        } else {
            // RFC 7489 §6.3: pct is an integer from 0 to 100, default 100.
            b.percent = tags.value("pct").filter(p -> p.matches("[0-9]{1,3}")).map(Integer::parseInt)
                    .filter(p -> p <= 100).orElse(100);
        }
        return DmarcRecord.ParsedRecord.of(new DmarcRecord(b));
    }

    private static boolean startsWithVersion(String text) {
        TagListResult parsed = TagList.parse(text);
        if (parsed.isValid()) {
            TagList tags = parsed.tagList().orElseThrow();
            return tags.firstTagName().filter("v"::equals).isPresent() && tags.value("v").filter("DMARC1"::equals).isPresent();
        }
        // A broken tag-list is still a DMARC record, and unusable, if it starts as one.
        String stripped = text.stripLeading();
        return stripped.matches("(?s)v\\s*=\\s*DMARC1\\s*(;.*)?");
    }

    private static Alignment alignment(Optional<String> value) {
        return value.filter("s"::equalsIgnoreCase).isPresent() ? Alignment.STRICT : Alignment.RELAXED;
    }

    private static DmarcRecord.PublicSuffixDomain psd(String value) {
        if (value.equalsIgnoreCase("y")) {
            return DmarcRecord.PublicSuffixDomain.YES;
        }
        return value.equalsIgnoreCase("n") ? DmarcRecord.PublicSuffixDomain.NO : DmarcRecord.PublicSuffixDomain.UNKNOWN;
    }

    /** RFC 9989 §4.7 rua/ruf: comma-separated URIs; invalid ones are dropped, the valid ones kept. */
    private static List<String> uris(Optional<String> value) {
        List<String> out = new ArrayList<>();
        value.ifPresent(v -> {
            for (String part : v.split(",")) {
                String uri = part.trim();
                if (URI.matcher(uri).matches()) {
                    out.add(uri);
                }
            }
        });
        return out;
    }
}
