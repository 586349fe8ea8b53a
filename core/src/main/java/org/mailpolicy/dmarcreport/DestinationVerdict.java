package org.mailpolicy.dmarcreport;

/** Whether reports about a domain may go to a destination (RFC 9990 §4, external destinations). */
public final class DestinationVerdict {

    /** The three outcomes: send, never send, or try again later. */
    public enum Outcome {
        /** Same organization, or the destination published its consent. */
        AUTHORIZED,
        /** An external destination without a {@code v=DMARC1} record at {@code <domain>._report._dmarc.<destination>}. */
        NOT_AUTHORIZED,
        /** DNS trouble: decide at the next attempt, do not send now. */
        TEMPORARY_ERROR
    }

    private final Outcome outcome;
    private final String reason;

    DestinationVerdict(Outcome outcome, String reason) {
        this.outcome = outcome;
        this.reason = reason;
    }

    public Outcome outcome() {
        return outcome;
    }

    public boolean authorized() {
        return outcome == Outcome.AUTHORIZED;
    }

    public String reason() {
        return reason;
    }

    @Override
    public String toString() {
        return outcome + " (" + reason + ")";
    }
}
