package org.mailpolicy.dmarc;

import java.util.Optional;

/** What one {@code _dmarc.<domain>} query found (RFC 9989 §4.10 steps 1-2 and 6-7). */
final class RecordLookup {

    enum Outcome {
        /** Exactly one DMARC record, usable. */
        RECORD,
        /** No DMARC record, or several (which are all discarded). */
        NONE,
        /** One record that starts with v=DMARC1 but is not a valid tag-list. */
        INVALID,
        /** One record without a valid p= or rua=: no DMARC processing applies (RFC 7489 §6.6.3). */
        NO_POLICY,
        /** DNS trouble. */
        TEMPFAIL
    }

    private final String domain;
    private final Outcome outcome;
    private final DmarcRecord record;
    private final String problem;
    private final boolean severalRecords;

    private RecordLookup(String domain, Outcome outcome, DmarcRecord record, String problem, boolean severalRecords) {
        this.domain = domain;
        this.outcome = outcome;
        this.record = record;
        this.problem = problem;
        this.severalRecords = severalRecords;
    }

    static RecordLookup record(String domain, DmarcRecord record) {
        return new RecordLookup(domain, Outcome.RECORD, record, null, false);
    }

    static RecordLookup none(String domain) {
        return new RecordLookup(domain, Outcome.NONE, null, null, false);
    }

    /** Several DMARC records at the name: no policy there (RFC 9989 §4.10 step 2, RFC 7489 §6.6.3 step 5). */
    static RecordLookup several(String domain) {
        return new RecordLookup(domain, Outcome.NONE, null, "several DMARC records at _dmarc." + domain, true);
    }

    static RecordLookup invalid(String domain, String problem) {
        return new RecordLookup(domain, Outcome.INVALID, null, problem, false);
    }

    static RecordLookup noPolicy(String domain, String problem) {
        return new RecordLookup(domain, Outcome.NO_POLICY, null, problem, false);
    }

    static RecordLookup tempfail(String domain, String problem) {
        return new RecordLookup(domain, Outcome.TEMPFAIL, null, problem, false);
    }

    String domain() {
        return domain;
    }

    Outcome outcome() {
        return outcome;
    }

    Optional<DmarcRecord> record() {
        return Optional.ofNullable(record);
    }

    String problem() {
        return problem;
    }

    /** The outcome is NONE because the name holds several DMARC records, not because it holds none. */
    boolean severalRecords() {
        return severalRecords;
    }

    boolean isRecord() {
        return outcome == Outcome.RECORD;
    }
}
