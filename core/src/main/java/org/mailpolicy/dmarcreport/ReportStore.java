package org.mailpolicy.dmarcreport;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where DMARC evaluations wait for their aggregate report (RFC 9990 §3.1.1: identical rows are one
 * record with a count). Implementations are safe for concurrent use.
 */
public interface ReportStore {

    /** Counts one message; false when the store is full and the row (a new record) was dropped. */
    boolean add(ReportRow row);

    /** The reports whose interval has ended by {@code now}, oldest first. */
    List<ReportKey> due(Instant now);

    /** Removes and returns what is held for {@code key}, so that each interval is reported once. */
    Optional<ReportBatch> take(ReportKey key);

    /** Everything held, due or not, without taking it: what {@code mailpolicy report show} lists. */
    List<ReportBatch> pending();
}
