package org.mailpolicy.dmarcreport;

/** One report e-mail ready to send: the envelope recipient and the RFC 5322 message (sign it, then send it). */
public final class ReportDelivery {

    private final ReportUri destination;
    private final GeneratedReport report;
    private final byte[] message;

    ReportDelivery(ReportUri destination, GeneratedReport report, byte[] message) {
        this.destination = destination;
        this.report = report;
        this.message = message;
    }

    public ReportUri destination() {
        return destination;
    }

    public GeneratedReport report() {
        return report;
    }

    public byte[] message() {
        return message.clone();
    }

    @Override
    public String toString() {
        return report.fileName() + " to " + destination.address() + " (" + message.length + " bytes)";
    }
}
