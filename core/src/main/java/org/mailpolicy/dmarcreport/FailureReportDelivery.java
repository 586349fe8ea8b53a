package org.mailpolicy.dmarcreport;

/** One failure report ready to send: its destination, what it is about and the RFC 5322 message (sign it, then send it). */
public final class FailureReportDelivery {

    private final ReportUri destination;
    private final FailureKind kind;
    private final byte[] message;

    FailureReportDelivery(ReportUri destination, FailureKind kind, byte[] message) {
        this.destination = destination;
        this.kind = kind;
        this.message = message;
    }

    public ReportUri destination() {
        return destination;
    }

    public FailureKind kind() {
        return kind;
    }

    public byte[] message() {
        return message.clone();
    }

    @Override
    public String toString() {
        return kind + " failure report to " + destination.address() + " (" + message.length + " bytes)";
    }
}
