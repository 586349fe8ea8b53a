package org.mailpolicy.dmarcreport;

import java.util.Locale;
import java.util.Optional;

/**
 * A DMARC record's {@code fo=} (RFC 9989 §4.7, as RFC 7489 §6.3): colon-separated {@code 0}, {@code 1},
 * {@code d} and {@code s}, {@code 0} when absent. {@code 0} and {@code 1} are mutually exclusive; a
 * record naming both is read as {@code 0}, the default, which asks for fewer reports.
 */
final class FailureReportOptions {

    private final boolean anyMechanism;
    private final boolean allMechanisms;
    private final boolean dkim;
    private final boolean spf;

    private FailureReportOptions(boolean anyMechanism, boolean allMechanisms, boolean dkim, boolean spf) {
        this.anyMechanism = anyMechanism;
        this.allMechanisms = allMechanisms;
        this.dkim = dkim;
        this.spf = spf;
    }

    /** Unknown values are ignored (RFC 9989 §4.7: invalid tag values get the default); nothing usable is {@code 0}. */
    static FailureReportOptions parse(String fo) {
        boolean zero = false;
        boolean one = false;
        boolean d = false;
        boolean s = false;
        for (String option : fo.split(":")) {
            switch (option.strip().toLowerCase(Locale.ROOT)) {
                case "0":
                    zero = true;
                    break;
                case "1":
                    one = true;
                    break;
                case "d":
                    d = true;
                    break;
                case "s":
                    s = true;
                    break;
                default:
                    break;
            }
        }
        if (!zero && !one && !d && !s) {
            zero = true;
        }
        return new FailureReportOptions(one && !zero, zero, d, s);
    }

    /**
     * The report this message is due, at most one: DMARC when {@code 0} or {@code 1} asks for it, else DKIM
     * for {@code d}, else SPF for {@code s}. One report per message and destination keeps a flood of forged
     * mail to one report per message; the DMARC report already carries every mechanism's result.
     */
    Optional<FailureKind> due(FailedMessage message) {
        boolean spfAligned = message.spfAlignedPass();
        boolean dkimAligned = message.dkimAlignedPass();
        // RFC 9989 §4.7 fo=0: all underlying mechanisms fail to produce an aligned pass.
        if (allMechanisms && !spfAligned && !dkimAligned) {
            return Optional.of(FailureKind.DMARC);
        }
        // RFC 9989 §4.7 fo=1: any underlying mechanism fails to produce an aligned pass.
        if (anyMechanism && (!spfAligned || !dkimAligned)) {
            return Optional.of(FailureKind.DMARC);
        }
        // RFC 9989 §4.7 fo=d: a signature failed evaluation, whatever its alignment.
        if (dkim && message.failedSignature().isPresent()) {
            return Optional.of(FailureKind.DKIM);
        }
        // RFC 9989 §4.7 fo=s: SPF failed, whatever its alignment.
        if (spf && message.spfFailed()) {
            return Optional.of(FailureKind.SPF);
        }
        return Optional.empty();
    }
}
