package org.mailpolicy.james;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;

import org.apache.commons.configuration2.Configuration;
import org.mailpolicy.dmarc.DmarcMode;
import org.mailpolicy.dmarc.DmarcOptions;
import org.mailpolicy.dmarc.PublicSuffixList;

/**
 * The {@code dmarc.*} settings of {@code conf/mailpolicy.properties}: the mode, the Public Suffix
 * List of RFC 7489 mode, the local overrides, what DNS trouble does at SMTP time, and the time
 * budget. Every value is checked at start-up; a bad one fails with the file, the key and what is accepted.
 */
public final class DmarcConfiguration {

    /** What the end-of-DATA hook answers when DMARC ends in temperror. */
    public enum DnsFailure {
        /** 451 4.7.1: the sender retries later. */
        TEMPFAIL,
        /** Accept; the temperror verdict stays on the Mail for mailets and matchers. */
        ACCEPT
    }

    private final DmarcOptions options;
    private final DnsFailure dnsFailure;
    private final Duration timeout;

    private DmarcConfiguration(DmarcOptions options, DnsFailure dnsFailure, Duration timeout) {
        this.options = options;
        this.dnsFailure = dnsFailure;
        this.timeout = timeout;
    }

    public static DmarcConfiguration from(Configuration configuration) {
        DmarcOptions.Builder options = DmarcOptions.builder();
        String mode = configuration.getString("dmarc.mode", "rfc9989").trim();
        try {
            options.mode(DmarcMode.fromWord(mode));
        } catch (IllegalArgumentException e) {
            throw MailPolicyConfiguration.invalid("dmarc.mode", mode, "rfc9989 or rfc7489");
        }
        String psl = configuration.getString("dmarc.publicSuffixList", "").trim();
        if (!psl.isEmpty()) {
            try {
                options.publicSuffixList(PublicSuffixList.load(Path.of(psl)));
            } catch (RuntimeException e) {
                throw MailPolicyConfiguration.invalid("dmarc.publicSuffixList", psl, "a readable Public Suffix List file (" + e.getMessage() + ")");
            }
        }
        for (String network : list(configuration, "dmarc.trustedForwarders")) {
            try {
                options.trustedForwarder(network);
            } catch (IllegalArgumentException e) {
                throw MailPolicyConfiguration.invalid("dmarc.trustedForwarders", network, "IP networks such as 192.0.2.0/24, 2001:db8::/32");
            }
        }
        list(configuration, "dmarc.trustedArcSealers").forEach(options::trustedArcSealer);
        list(configuration, "dmarc.mailingLists").forEach(options::mailingList);
        list(configuration, "dmarc.allowedFromDomains").forEach(options::allowedFromDomain);
        list(configuration, "dmarc.allowedSenders").forEach(options::allowedSender);
        String failure = configuration.getString("dmarc.dnsFailure", "tempfail").trim();
        DnsFailure dnsFailure;
        try {
            dnsFailure = DnsFailure.valueOf(failure.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw MailPolicyConfiguration.invalid("dmarc.dnsFailure", failure, "tempfail or accept");
        }
        return new DmarcConfiguration(options.build(), dnsFailure,
                MailPolicyConfiguration.duration(configuration, "dmarc.timeout", Duration.ofSeconds(10)));
    }

    private static List<String> list(Configuration configuration, String key) {
        return Arrays.stream(configuration.getStringArray(key))
                .flatMap(value -> Arrays.stream(value.split(",")))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .collect(Collectors.toList());
    }

    public DmarcOptions options() {
        return options;
    }

    public DnsFailure dnsFailure() {
        return dnsFailure;
    }

    /** Wall-clock budget of one DMARC evaluation (policy discovery and alignment); past it the result is temperror. */
    public Duration timeout() {
        return timeout;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DmarcConfiguration && ((DmarcConfiguration) o).dnsFailure == dnsFailure
                && ((DmarcConfiguration) o).timeout.equals(timeout) && ((DmarcConfiguration) o).options.mode() == options.mode();
    }

    @Override
    public int hashCode() {
        return Objects.hash(dnsFailure, timeout, options.mode());
    }
}
