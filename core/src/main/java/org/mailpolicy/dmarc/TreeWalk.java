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
     * RFC 9989 §4.10.1 policy discovery: the record at the author domain if it has one (an unusable one
     * or DNS trouble there ends discovery with that outcome); otherwise the record of the author domain's
     * organizational domain, or failing that of its public suffix domain. Completes with a lookup whose
     * outcome is NONE when none of them publishes a record, TEMPFAIL when DNS trouble hides the answer.
     */
    static CompletableFuture<RecordLookup> policy(PolicyRecords records, String domain) {
        return records.at(domain).thenCompose(author -> author.outcome() != RecordLookup.Outcome.NONE
                ? CompletableFuture.completedFuture(author)
                : walk(records, domain).thenApply(walk -> policyOfWalk(domain, walk)));
    }

    private static RecordLookup policyOfWalk(String domain, List<RecordLookup> walk) {
        RecordLookup last = walk.get(walk.size() - 1);
        if (last.outcome() == RecordLookup.Outcome.TEMPFAIL) {
            return last;
        }
        // A record below the organizational domain governs only its own name: RFC 9989 §4.7 (sp) notes
        // that sp= of such records is ignored because discovery goes to the organizational domain.
        String organizational = choose(domain, walk).domain().orElse(domain);
        for (RecordLookup lookup : walk) {
            if (lookup.isRecord() && lookup.domain().equals(organizational)) {
                return lookup;
            }
        }
        for (RecordLookup lookup : walk) {
            if (isPublicSuffixRecord(lookup, domain)) {
                return lookup;
            }
        }
        return RecordLookup.none(domain);
    }

    /**
     * RFC 9989 §4.10.2: the organizational domain of {@code domain}. Completes with the lookup that
     * failed when DNS trouble makes the answer unknowable.
     */
    static CompletableFuture<OrganizationalDomain> organizationalDomain(PolicyRecords records, String domain) {
        return walk(records, domain).thenApply(found -> choose(domain, found));
    }

    /** The lookups of the walk from {@code domain}, up to a psd=n or psd=y record, the top-level domain, or DNS trouble. */
    private static CompletableFuture<List<RecordLookup>> walk(PolicyRecords records, String domain) {
        return collect(records, targets(domain), 0, new ArrayList<>());
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
            // RFC 9989 §4.10 steps 2 and 6: a record with psd=n or psd=y ends the walk.
            if (lookup.isRecord() && lookup.record().orElseThrow().publicSuffixDomain() != DmarcRecord.PublicSuffixDomain.UNKNOWN) {
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
            if (isPublicSuffixRecord(lookup, domain)) {
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

    private static boolean isPublicSuffixRecord(RecordLookup lookup, String start) {
        return lookup.isRecord() && !lookup.domain().equals(start)
                && lookup.record().orElseThrow().publicSuffixDomain() == DmarcRecord.PublicSuffixDomain.YES;
    }
}
