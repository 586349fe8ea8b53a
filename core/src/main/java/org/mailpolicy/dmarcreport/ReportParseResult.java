package org.mailpolicy.dmarcreport;

import java.util.List;
import java.util.Optional;

/**
 * What the report reader found: the reports it could read (a message may carry several) and, for
 * what it could not read, an error an admin can act on. Never both empty.
 */
public final class ReportParseResult {

    private final List<AggregateReport> reports;
    private final List<String> errors;

    ReportParseResult(List<AggregateReport> reports, List<String> errors) {
        this.reports = List.copyOf(reports);
        this.errors = List.copyOf(errors);
    }

    static ReportParseResult error(String error) {
        return new ReportParseResult(List.of(), List.of(error));
    }

    public List<AggregateReport> reports() {
        return reports;
    }

    /** The first report, when there is one. */
    public Optional<AggregateReport> report() {
        return reports.stream().findFirst();
    }

    public List<String> errors() {
        return errors;
    }

    public boolean hasReport() {
        return !reports.isEmpty();
    }

    @Override
    public String toString() {
        return reports.size() + " reports, errors " + errors;
    }
}
