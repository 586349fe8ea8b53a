package org.mailpolicy.arc;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.mailpolicy.message.HeaderField;
import org.mailpolicy.message.RawMessage;

/**
 * The ARC sets of a message, ordered by instance, and the first structural fault found
 * (RFC 8617 §4.2.1 instances, §5.2 step 2 "the form of any ARC Set is invalid").
 */
final class ArcChain {

    /** The complete sets, instance 1 first; with a fault, only those that were whole. */
    final List<ArcSet> sets;
    /** The highest instance of any ARC field, 0 when there is none. */
    final int highestInstance;
    /** Why the chain is malformed, or null. */
    final String fault;

    private ArcChain(List<ArcSet> sets, int highestInstance, String fault) {
        this.sets = List.copyOf(sets);
        this.highestInstance = highestInstance;
        this.fault = fault;
    }

    boolean isEmpty() {
        return highestInstance == 0 && fault == null;
    }

    static ArcChain collect(RawMessage message) {
        Map<Integer, HeaderField> results = new HashMap<>();
        Map<Integer, HeaderField> signatures = new HashMap<>();
        Map<Integer, HeaderField> seals = new HashMap<>();
        Map<HeaderField, Object> parsed = new IdentityHashMap<>();
        String fault = null;
        int highest = 0;
        for (HeaderField field : message.headers()) {
            int instance;
            Map<Integer, HeaderField> slot;
            if (field.hasName(ArcAuthenticationResultsHeader.NAME)) {
                ArcAuthenticationResultsHeader aar = ArcAuthenticationResultsHeader.parse(field.value()).orElse(null);
                instance = aar == null ? -1 : aar.instance;
                parsed.put(field, aar);
                slot = results;
            } else if (field.hasName(ArcMessageSignatureHeader.NAME)) {
                ArcMessageSignatureHeader ams = ArcMessageSignatureHeader.parse(field.value());
                instance = ams.instance;
                parsed.put(field, ams);
                slot = signatures;
            } else if (field.hasName(ArcSealHeader.NAME)) {
                ArcSealHeader seal = ArcSealHeader.parse(field.value());
                instance = seal.instance;
                parsed.put(field, seal);
                slot = seals;
            } else {
                continue;
            }
            if (instance < 0) {
                Object fieldParsed = parsed.get(field);
                String tagListError = fieldParsed instanceof ArcSignatureField ? ((ArcSignatureField) fieldParsed).error : null;
                fault = first(fault, tagListError != null && tagListError.startsWith("malformed tag-list")
                        ? field.name() + ": " + tagListError
                        : field.name() + " without a valid i= (RFC 8617 §4.2.1: 1 to 50)");
                continue;
            }
            highest = Math.max(highest, instance);
            if (slot.putIfAbsent(instance, field) != null) {
                fault = first(fault, "more than one " + field.name() + " with i=" + instance + " (RFC 8617 §4.2.1)");
            }
        }
        List<ArcSet> sets = new ArrayList<>();
        for (int i = 1; i <= highest; i++) {
            HeaderField aar = results.get(i);
            HeaderField ams = signatures.get(i);
            HeaderField seal = seals.get(i);
            if (aar == null || ams == null || seal == null) {
                String lacking = aar == null ? ArcAuthenticationResultsHeader.NAME : ams == null ? ArcMessageSignatureHeader.NAME : ArcSealHeader.NAME;
                fault = first(fault, "ARC set i=" + i + " has no " + lacking + " (RFC 8617 §4.2)");
            } else {
                sets.add(new ArcSet(i, aar, ams, seal, (ArcAuthenticationResultsHeader) parsed.get(aar),
                        (ArcMessageSignatureHeader) parsed.get(ams), (ArcSealHeader) parsed.get(seal)));
            }
        }
        return new ArcChain(sets, highest, fault);
    }

    private static String first(String existing, String next) {
        return existing != null ? existing : next;
    }
}
