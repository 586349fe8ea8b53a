package org.mailpolicy.dmarcreport;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;

/** Rows as the DMARC evaluator would record them, for the store and generator tests. */
final class ReportRows {

    static final ReportInterval DAY = ReportInterval.containing(Instant.parse("2026-11-22T13:00:00Z"),
            ReportInterval.DAILY);
    static final PolicyPublished POLICY = PolicyPublished.builder("example.com").p("reject").sp("quarantine")
            .np("reject").adkim("r").aspf("s").testing("n").discoveryMethod("treewalk").fo("1").build();

    private ReportRows() {
    }

    static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** A message that passes DMARC through aligned DKIM. */
    static ReportRow passing(String sourceIp) {
        return ReportRow.builder("example.com", DAY, POLICY).sourceIp(ip(sourceIp)).headerFrom("example.com")
                .envelopeFrom("bounce.example.com").envelopeTo("receiver.example").disposition("none")
                .aligned(true, false).dkim("example.com", "s2026", "pass").spf("bounce.example.com", "mfrom", "pass")
                .build();
    }

    /** A spoofed message, rejected. */
    static ReportRow failing(String sourceIp) {
        return ReportRow.builder("example.com", DAY, POLICY).sourceIp(ip(sourceIp)).headerFrom("example.com")
                .envelopeFrom("spammer.example").disposition("reject").aligned(false, false)
                .spf("spammer.example", "mfrom", "softfail").build();
    }
}
