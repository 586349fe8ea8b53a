package org.mailpolicy.dmarcreport;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where DMARC evaluations wait for their aggregate report (RFC 9990 §3.1.1: identical rows are one
 * record with a count). Implementations are safe for concurrent use.
 *
 * <p>Sending is at least once: a sender {@link #claim claims} a due report, and either
 * {@link #acknowledge acknowledges} it once the report is on its way (its rows are forgotten) or
 * {@link #release releases} it when it could not be sent (its rows are offered again). A store shared by
 * several nodes gives each claim a lease: a claim neither acknowledged nor released before its lease runs
 * out (the node died) is offered again by {@link #due}.
 */
public interface ReportStore {

    /** Counts one message; false when the store is full and the row (a new record) was dropped. */
    boolean add(ReportRow row);

    /** The reports whose interval has ended by {@code now} and that no live claim holds, oldest first. */
    List<ReportKey> due(Instant now);

    /**
     * Claims what is held for {@code key}, so that each interval is sent by one sender; empty when nothing
     * is held or another claim on it is live.
     */
    Optional<ReportBatch> claim(ReportKey key);

    /** The claimed report is on its way: its rows are forgotten. Rows recorded since the claim stay. */
    void acknowledge(ReportKey key);

    /** The claimed report could not be sent: its rows are offered again, with any recorded since the claim. */
    void release(ReportKey key);

    /** Claims and acknowledges at once, for a reader that never retries (tools, tests): at most once. */
    default Optional<ReportBatch> take(ReportKey key) {
        Optional<ReportBatch> batch = claim(key);
        batch.ifPresent(b -> acknowledge(key));
        return batch;
    }

    /** Everything held, due, claimed or not yet due, without claiming it: what {@code mailpolicy report show} lists. */
    List<ReportBatch> pending();
}
