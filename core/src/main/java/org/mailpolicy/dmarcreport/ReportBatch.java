package org.mailpolicy.dmarcreport;

import java.util.List;

/** What a store holds for one report: its key, the policy last seen published, the aggregated records. */
public final class ReportBatch {

    private final ReportKey key;
    private final PolicyPublished policy;
    private final List<ReportRecord> records;

    public ReportBatch(ReportKey key, PolicyPublished policy, List<ReportRecord> records) {
        this.key = key;
        this.policy = policy;
        this.records = List.copyOf(records);
    }

    public ReportKey key() {
        return key;
    }

    public PolicyPublished policy() {
        return policy;
    }

    public List<ReportRecord> records() {
        return records;
    }

    public long messages() {
        return records.stream().mapToLong(ReportRecord::count).sum();
    }

    @Override
    public String toString() {
        return key + ": " + records.size() + " records, " + messages() + " messages";
    }
}
