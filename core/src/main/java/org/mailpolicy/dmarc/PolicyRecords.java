package org.mailpolicy.dmarc;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.mailpolicy.dns.DnsAnswer;
import org.mailpolicy.dns.DnsStatus;
import org.mailpolicy.dns.Resolver;

/**
 * The {@code _dmarc} queries of one evaluation. Policy discovery and the organizational-domain walks
 * of the From domain and of each SPF and DKIM identifier cover the same names, so each name is asked once.
 */
final class PolicyRecords {

    private final Resolver resolver;
    private final DmarcMode mode;
    private final Map<String, CompletableFuture<RecordLookup>> lookups = new ConcurrentHashMap<>();

    PolicyRecords(Resolver resolver, DmarcMode mode) {
        this.resolver = resolver;
        this.mode = mode;
    }

    CompletableFuture<RecordLookup> at(String domain) {
        return lookups.computeIfAbsent(domain, this::query);
    }

    private CompletableFuture<RecordLookup> query(String domain) {
        return resolver.txt("_dmarc." + domain).thenApply(answer -> read(domain, answer));
    }

    private RecordLookup read(String domain, DnsAnswer<String> answer) {
        if (answer.status() == DnsStatus.TEMPFAIL) {
            return RecordLookup.tempfail(domain, "DNS error looking up _dmarc." + domain + ": " + answer.reason());
        }
        DmarcRecord.ParsedRecord found = null;
        for (String text : answer.records()) {
            DmarcRecord.ParsedRecord parsed = DmarcRecord.parse(text, mode);
            if (parsed.isDmarc()) {
                if (found != null) {
                    // RFC 9989 §4.10 step 2: several DMARC records at one name are all discarded.
                    return RecordLookup.several(domain);
                }
                found = parsed;
            }
        }
        if (found == null) {
            return RecordLookup.none(domain);
        }
        DmarcRecord.ParsedRecord single = found;
        if (single.record().isPresent()) {
            return RecordLookup.record(domain, single.record().get());
        }
        String problem = "DMARC record at _dmarc." + domain + ": " + single.error().orElse("");
        return single.isSyntaxError() ? RecordLookup.invalid(domain, problem) : RecordLookup.noPolicy(domain, problem);
    }
}
