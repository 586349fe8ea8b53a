package org.mailpolicy.dmarcreport;

import java.net.IDN;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import org.mailpolicy.dmarc.DmarcEvaluator;
import org.mailpolicy.dns.DnsAnswer;
import org.mailpolicy.dns.DnsStatus;
import org.mailpolicy.dns.Resolver;

/**
 * External destination verification (RFC 9990 §4, as RFC 7489 §7.1): when the Organizational Domain of
 * the domain whose DMARC record was applied differs from the Organizational Domain of a destination's
 * host, the destination must consent by publishing a TXT record starting {@code v=DMARC1} at
 * {@code <policy-domain>._report._dmarc.<destination-host>}, the policy domain being the domain the
 * record was retrieved from (step 3): for {@code mail.example.com} under {@code example.com}'s record,
 * {@code example.com._report._dmarc.<destination-host>}. Without it a spammer's {@code rua=} would make
 * us mail reports to a stranger, which is how reporters end up on block lists. Never throws: DNS trouble
 * is {@link DestinationVerdict.Outcome#TEMPORARY_ERROR}.
 */
public final class ExternalDestinationVerifier {

    private final Resolver resolver;
    private final Function<String, CompletableFuture<Optional<String>>> organizationalDomain;
    private final boolean subdomainsAreInternal;

    private ExternalDestinationVerifier(Resolver resolver,
            Function<String, CompletableFuture<Optional<String>>> organizationalDomain, boolean subdomainsAreInternal) {
        this.resolver = resolver;
        this.organizationalDomain = organizationalDomain;
        this.subdomainsAreInternal = subdomainsAreInternal;
    }

    /**
     * With the Organizational Domains the DMARC evaluator finds for relaxed alignment (the RFC 9989 §4.10.2
     * tree walk, or the Public Suffix List in RFC 7489 mode): the RFC's rule, and no query for a
     * destination in the same organization.
     */
    public ExternalDestinationVerifier(Resolver resolver, DmarcEvaluator evaluator) {
        this(resolver, evaluator::organizationalDomain, false);
    }

    /**
     * @param organizationalDomain the Organizational Domain of a domain (RFC 9989 §4.8), as the DMARC
     *     evaluator determines it
     */
    public ExternalDestinationVerifier(Resolver resolver,
            Function<String, CompletableFuture<String>> organizationalDomain) {
        this(resolver, domain -> organizationalDomain.apply(domain).thenApply(Optional::of), false);
    }

    /**
     * Without an Organizational Domain lookup: a destination in the policy domain or below it is the
     * same organization, every other one is verified. It verifies destinations a full lookup would find
     * internal, such as {@code example.com} for a policy at {@code mail.example.com}, and trusts a
     * subdomain a full lookup would find to be another organization (below a public suffix domain).
     */
    public ExternalDestinationVerifier(Resolver resolver) {
        this(resolver, domain -> CompletableFuture.completedFuture(Optional.of(domain)), true);
    }

    public CompletableFuture<DestinationVerdict> verify(String policyDomain, ReportUri destination) {
        return verify(policyDomain, destination.domain());
    }

    public CompletableFuture<DestinationVerdict> verify(String policyDomain, String destinationDomain) {
        String policy = canonical(policyDomain);
        String destination = canonical(destinationDomain);
        if (destination.equals(policy) || subdomainsAreInternal && destination.endsWith("." + policy)) {
            return CompletableFuture.completedFuture(
                    new DestinationVerdict(DestinationVerdict.Outcome.AUTHORIZED, "the destination is within " + policy));
        }
        // RFC 9990 §4: verify only when the Organizational Domains differ.
        return organizationalDomain.apply(policy)
                .thenCombine(organizationalDomain.apply(destination), (a, b) -> sameOrganization(a, b, policy, destination))
                .thenCompose(same -> same
                        ? CompletableFuture.completedFuture(new DestinationVerdict(DestinationVerdict.Outcome.AUTHORIZED,
                                "same Organizational Domain"))
                        : query(policy, destination))
                .exceptionally(e -> new DestinationVerdict(DestinationVerdict.Outcome.TEMPORARY_ERROR,
                        "cannot verify " + destination + ": " + e));
    }

    private static boolean sameOrganization(Optional<String> a, Optional<String> b, String policy, String destination) {
        if (a.isEmpty() || b.isEmpty()) {
            throw new IllegalStateException("DNS trouble finding the Organizational Domain of "
                    + (a.isEmpty() ? policy : destination));
        }
        return canonical(a.get()).equals(canonical(b.get()));
    }

    private CompletableFuture<DestinationVerdict> query(String policy, String destination) {
        String name = policy + "._report._dmarc." + destination;
        if (name.length() > 253) {
            // RFC 1035 §3.1: no such name can exist, so no consent can be published.
            return CompletableFuture.completedFuture(new DestinationVerdict(DestinationVerdict.Outcome.NOT_AUTHORIZED,
                    name + " is longer than a domain name can be"));
        }
        return resolver.txt(name).thenApply(answer -> verdict(name, answer));
    }

    private static DestinationVerdict verdict(String name, DnsAnswer<String> answer) {
        if (answer.status() == DnsStatus.TEMPFAIL) {
            return new DestinationVerdict(DestinationVerdict.Outcome.TEMPORARY_ERROR,
                    "DNS trouble at " + name + ": " + answer.reason());
        }
        for (String record : answer.records()) {
            if (isDmarcRecord(record)) {
                return new DestinationVerdict(DestinationVerdict.Outcome.AUTHORIZED, name + " consents");
            }
        }
        return new DestinationVerdict(DestinationVerdict.Outcome.NOT_AUTHORIZED,
                "no v=DMARC1 record at " + name + " (" + answer.status() + ")");
    }

    /** RFC 9990 §4: the record starts with {@code v=DMARC1}, then ends or goes on with {@code ;}. */
    static boolean isDmarcRecord(String record) {
        String text = record.strip();
        if (!text.startsWith("v=DMARC1")) {
            return false;
        }
        String rest = text.substring("v=DMARC1".length()).strip();
        return rest.isEmpty() || rest.startsWith(";");
    }

    /** RFC 9990 §4 step 3: names are queried as A-labels (RFC 5890). */
    private static String canonical(String domain) {
        String d = domain.strip().toLowerCase(Locale.ROOT);
        d = d.endsWith(".") ? d.substring(0, d.length() - 1) : d;
        try {
            return IDN.toASCII(d, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return d;
        }
    }
}
