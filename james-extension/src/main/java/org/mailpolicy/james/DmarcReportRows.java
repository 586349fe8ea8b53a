package org.mailpolicy.james;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.james.core.Domain;
import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.mailpolicy.dkim.DkimSignatureResult;
import org.mailpolicy.dmarc.DmarcMode;
import org.mailpolicy.dmarcreport.PolicyPublished;
import org.mailpolicy.dmarcreport.ReportInterval;
import org.mailpolicy.dmarcreport.ReportRow;
import org.mailpolicy.spf.SpfIdentity;
import org.mailpolicy.spf.SpfResult;

/**
 * Builds the aggregate-report row of one received message (RFC 9990 §3.1.1) from what the hooks left
 * on the {@link Mail}: the DMARC verdict with its record's tags, the DKIM verdict and the SPF verdicts.
 */
public final class DmarcReportRows {

    private DmarcReportRows() {
    }

    /**
     * The row, or empty when there is nothing to report: no DMARC verdict, no policy record, no
     * {@code rua=}, or no client address to name.
     */
    public static Optional<ReportRow> of(Mail mail, Instant now, Duration interval) {
        Optional<DmarcVerdict> found = DmarcVerdict.read(mail);
        if (found.isEmpty() || found.get().rua().isEmpty() || found.get().policyDomain().isEmpty()
                || found.get().fromDomain().isEmpty()) {
            return Optional.empty();
        }
        DmarcVerdict verdict = found.get();
        Optional<InetAddress> source = address(mail.getRemoteAddr());
        if (source.isEmpty()) {
            return Optional.empty();
        }
        ReportRow.Builder row = ReportRow.builder(verdict.policyDomain(), ReportInterval.containing(now, interval), policy(verdict))
                .sourceIp(source.get())
                .headerFrom(verdict.fromDomain())
                .disposition(verdict.disposition().word())
                .aligned(!verdict.dkimAligned().isEmpty(), !verdict.spfAligned().isEmpty());
        Optional<SpfResult> spf = SpfVerdict.read(mail, SpfVerdict.MAIL_FROM);
        // RFC 9990 §3.1.1 envelope_from: the RFC5321.MailFrom domain, the HELO identity for the null path.
        Optional<String> envelopeFrom = mail.getMaybeSender().asOptional().map(a -> a.getDomain().asString())
                .or(() -> spf.map(SpfResult::domain));
        envelopeFrom.ifPresent(row::envelopeFrom);
        Set<String> recipientDomains = mail.getRecipients().stream().map(MailAddress::getDomain).map(Domain::asString)
                .map(d -> d.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        // envelope_to is one domain; a message to several domains is one row without it.
        if (recipientDomains.size() == 1) {
            row.envelopeTo(recipientDomains.iterator().next());
        }
        DkimVerdict.read(mail).ifPresent(dkim -> {
            for (DkimSignatureResult signature : dkim.signatures()) {
                signature.domain().ifPresent(d -> row.dkim(d, signature.selector().orElse(""), signature.result().word()));
            }
        });
        spf.ifPresent(result -> row.spf(result.domain(), result.identity() == SpfIdentity.HELO ? "helo" : "mfrom",
                result.code().keyword()));
        if (!verdict.override().isEmpty()) {
            row.reason(verdict.override(), verdict.overrideDetail().isEmpty() ? null : verdict.overrideDetail());
        }
        return Optional.of(row.build());
    }

    private static PolicyPublished policy(DmarcVerdict verdict) {
        PolicyPublished.Builder policy = PolicyPublished.builder(verdict.policyDomain())
                .adkim(verdict.recordTag("adkim").orElse(null))
                .aspf(verdict.recordTag("aspf").orElse(null))
                .p(verdict.recordTag("p").orElse(null))
                .sp(verdict.recordTag("sp").orElse(null))
                .np(verdict.recordTag("np").orElse(null))
                .fo(verdict.recordTag("fo").orElse(null))
                .testing(verdict.recordTag("t").orElse(null))
                .psd(verdict.recordTag("psd").orElse(null))
                .discoveryMethod(verdict.recordTag("discovery_method").orElse(null));
        // RFC 9989 dropped pct=; only an RFC 7489 evaluation has one to report.
        if (DmarcMode.RFC7489.word().equals(verdict.mode())) {
            verdict.recordTag("pct").map(Integer::valueOf).ifPresent(policy::pct);
        }
        return policy.build();
    }

    /** James gives the client address as text; an IP literal never causes a DNS query here. */
    private static Optional<InetAddress> address(String remoteAddr) {
        if (remoteAddr == null || remoteAddr.isEmpty() || !(remoteAddr.indexOf(':') >= 0 || remoteAddr.matches("[0-9.]+"))) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(remoteAddr));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }
}
