package org.mailpolicy.dmarc;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** RFC 9989 §4.10 DNS tree walk: the names queried, and the two walks built on them. */
final class TreeWalk {

    /** RFC 9989 §4.10 step 5: a name of eight or more labels is cut to its last seven, so at most eight queries. */
    static final int MAX_LABELS_AFTER_FIRST = 7;

    private TreeWalk() {
    }

    /**
     * The names whose {@code _dmarc} records the walk asks for, in order: the domain itself, then
     * (steps 4, 5 and 8) one label less each time, down to the top-level domain.
     */
    static List<String> targets(String domain) {
        List<String> targets = new ArrayList<>();
        targets.add(domain);
        int labels = Domains.labelCount(domain);
        int next = labels >= MAX_LABELS_AFTER_FIRST + 1 ? MAX_LABELS_AFTER_FIRST : labels - 1;
        for (int count = next; count >= 1; count--) {
            targets.add(Domains.lastLabels(domain, count));
        }
        return targets;
    }

    /**
     * RFC 9989 §4.10.1 policy discovery: the first usable record of the walk applies; an unusable one
     * or DNS trouble ends the walk with that outcome. Completes with a lookup whose outcome is NONE when
     * there is no record up to the top-level domain.
     */
    static CompletableFuture<RecordLookup> policy(PolicyRecords records, String domain) {
        return firstFound(records, targets(domain), 0, domain);
    }

    private static CompletableFuture<RecordLookup> firstFound(PolicyRecords records, List<String> targets, int index, String domain) {
        if (index == targets.size()) {
            return CompletableFuture.completedFuture(RecordLookup.none(domain));
        }
        return records.at(targets.get(index)).thenCompose(lookup -> lookup.outcome() == RecordLookup.Outcome.NONE
                ? firstFound(records, targets, index + 1, domain)
                : CompletableFuture.completedFuture(lookup));
    }

    /**
     * RFC 9989 §4.10.2: the organizational domain of {@code domain}. Completes with the lookup that
     * failed when DNS trouble makes the answer unknowable.
     */
    static CompletableFuture<OrganizationalDomain> organizationalDomain(PolicyRecords records, String domain) {
        return collect(records, targets(domain), 0, new ArrayList<>()).thenApply(found -> choose(domain, found));
    }

    private static CompletableFuture<List<RecordLookup>> collect(PolicyRecords records, List<String> targets, int index,
                                                                 List<RecordLookup> found) {
        if (index == targets.size()) {
            return CompletableFuture.completedFuture(found);
        }
        return records.at(targets.get(index)).thenCompose(lookup -> {
            found.add(lookup);
            if (lookup.outcome() == RecordLookup.Outcome.TEMPFAIL) {
                return CompletableFuture.completedFuture(found);
            }
            // RFC 9989 §4.10 step 7: a record with psd=n ends the walk.
            if (lookup.isRecord() && lookup.record().orElseThrow().publicSuffixDomain() == DmarcRecord.PublicSuffixDomain.NO) {
                return CompletableFuture.completedFuture(found);
            }
            return collect(records, targets, index + 1, found);
        });
    }

    private static OrganizationalDomain choose(String domain, List<RecordLookup> walk) {
        RecordLookup last = walk.get(walk.size() - 1);
        if (last.outcome() == RecordLookup.Outcome.TEMPFAIL) {
            return OrganizationalDomain.unknown(last.problem());
        }
        // RFC 9989 §4.10.2, first rule: the domain of a psd=n record is the organizational domain.
        for (RecordLookup lookup : walk) {
            if (lookup.isRecord() && lookup.record().orElseThrow().publicSuffixDomain() == DmarcRecord.PublicSuffixDomain.NO) {
                return OrganizationalDomain.of(lookup.domain());
            }
        }
        // Second rule: below a psd=y record other than the starting domain's, the domain one label longer.
        for (RecordLookup lookup : walk) {
            if (lookup.isRecord() && !lookup.domain().equals(domain)
                    && lookup.record().orElseThrow().publicSuffixDomain() == DmarcRecord.PublicSuffixDomain.YES) {
                return OrganizationalDomain.of(Domains.lastLabels(domain, Domains.labelCount(lookup.domain()) + 1));
            }
        }
        // Third rule: the record found at the name with the fewest labels; without one, the domain itself.
        String organizational = domain;
        for (RecordLookup lookup : walk) {
            if (lookup.isRecord()) {
                organizational = lookup.domain();
            }
        }
        return OrganizationalDomain.of(organizational);
    }
}
