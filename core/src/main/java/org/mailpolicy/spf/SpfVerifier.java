package org.mailpolicy.spf;

import java.net.InetAddress;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

import org.mailpolicy.dns.Resolver;
import org.mailpolicy.net.DomainName;

/**
 * RFC 7208 SPF. The futures never complete exceptionally: DNS trouble and an exhausted time
 * budget end in {@code temperror}, bad records in {@code permerror}. Thread-safe.
 */
public final class SpfVerifier {

    private final Resolver resolver;
    private final SpfOptions options;

    public SpfVerifier(Resolver resolver, SpfOptions options) {
        this.resolver = Objects.requireNonNull(resolver);
        this.options = Objects.requireNonNull(options);
    }

    /**
     * RFC 7208 §2.4: the MAIL FROM identity. For the null sender ({@code ""} or null) this is the
     * HELO identity with {@code postmaster@<helo>} as sender; a missing local part is "postmaster".
     */
    public CompletableFuture<SpfResult> verifyMailFrom(InetAddress ip, String helo, String mailFrom) {
        String heloName = helo == null ? "" : helo.trim();
        String reversePath = mailFrom == null ? "" : mailFrom.trim();
        if (reversePath.startsWith("<") && reversePath.endsWith(">")) {
            reversePath = reversePath.substring(1, reversePath.length() - 1);
        }
        if (reversePath.isEmpty()) {
            return verifyHelo(ip, heloName);
        }
        int at = reversePath.lastIndexOf('@');
        String domain = at < 0 ? reversePath : reversePath.substring(at + 1);
        // RFC 7208 §4.3: no local part means "postmaster"
        String localPart = at <= 0 ? "postmaster" : reversePath.substring(0, at);
        return checkHost(ip, domain, localPart + "@" + domain, heloName, SpfIdentity.MAILFROM);
    }

    /** RFC 7208 §2.3: the HELO identity; an address literal or a name that is not an FQDN gives {@code none}. */
    public CompletableFuture<SpfResult> verifyHelo(InetAddress ip, String helo) {
        String heloName = helo == null ? "" : helo.trim();
        return checkHost(ip, heloName, "postmaster@" + heloName, heloName, SpfIdentity.HELO);
    }

    /** RFC 7208 §4: check_host(<ip>, <domain>, <sender>), with {@code helo} for the {@code %{h}} macro. */
    public CompletableFuture<SpfResult> checkHost(InetAddress ip, String domain, String sender, String helo,
                                                  SpfIdentity identity) {
        String senderAddress = sender.indexOf('@') < 0 ? "postmaster@" + sender : sender;
        Evaluation evaluation = new Evaluation(resolver, ip, senderAddress, helo, options);
        return evaluation.checkHost(domain)
                .handle((outcome, error) -> {
                    Outcome result = error == null ? outcome
                            : Outcome.of(SpfResultCode.TEMPERROR, "SPF evaluation failed: " + error);
                    return SpfResult.builder(result.code, identity, DomainName.withoutTrailingDot(domain), senderAddress)
                            .mechanism(result.mechanism)
                            .explanation(result.explanation)
                            .problem(result.problem)
                            .dnsLookups(evaluation.dnsTerms())
                            .voidLookups(evaluation.voidLookups())
                            .build();
                });
    }
}
