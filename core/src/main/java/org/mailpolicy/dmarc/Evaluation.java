package org.mailpolicy.dmarc;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.mailpolicy.dns.DnsStatus;
import org.mailpolicy.dns.Resolver;
import org.mailpolicy.net.Cidr;
import org.mailpolicy.net.DomainName;
import org.mailpolicy.spf.SpfIdentity;
import org.mailpolicy.spf.SpfResult;
import org.mailpolicy.spf.SpfResultCode;

/** One message's DMARC evaluation; shares its DNS answers between the author domains and identifiers. */
final class Evaluation {

    private final Resolver resolver;
    private final DmarcOptions options;
    private final DmarcInput input;
    private final PolicyRecords records;
    private final Map<String, CompletableFuture<OrganizationalDomain>> organizationalDomains = new ConcurrentHashMap<>();

    Evaluation(Resolver resolver, DmarcOptions options, DmarcInput input) {
        this.resolver = resolver;
        this.options = options;
        this.input = input;
        this.records = new PolicyRecords(resolver, options.mode());
    }

    CompletableFuture<DmarcResult> evaluate(String from) {
        return discoverPolicy(from).thenCompose(lookup -> {
            switch (lookup.outcome()) {
                case TEMPFAIL:
                    return early(DmarcResultCode.TEMPERROR, from, lookup.problem());
                case INVALID:
                    return early(DmarcResultCode.PERMERROR, from, lookup.problem());
                case NO_POLICY:
                    return early(DmarcResultCode.NONE, from, lookup.problem());
                case NONE:
                    return early(DmarcResultCode.NONE, from, lookup.severalRecords() ? lookup.problem() : "no DMARC record for " + from);
                default:
                    return withPolicy(from, new PolicyRecord(lookup.domain(), lookup.record().orElseThrow()));
            }
        });
    }

    /** Policy discovery: RFC 9989 §4.10.1 tree walk, or RFC 7489 §6.6.3 From domain then organizational domain. */
    private CompletableFuture<RecordLookup> discoverPolicy(String from) {
        if (options.mode() == DmarcMode.RFC9989) {
            return TreeWalk.policy(records, from);
        }
        return records.at(from).thenCompose(lookup -> {
            String organizational = options.publicSuffixList().organizationalDomain(from);
            // RFC 7489 §6.6.3: only an empty set sends discovery to the organizational domain; several records end it (step 5).
            if (lookup.outcome() != RecordLookup.Outcome.NONE || lookup.severalRecords() || organizational.equals(from)) {
                return CompletableFuture.completedFuture(lookup);
            }
            return records.at(organizational);
        });
    }

    private CompletableFuture<DmarcResult> withPolicy(String from, PolicyRecord policy) {
        DmarcRecord record = policy.record();
        CompletableFuture<Aligned> spf = spfAlignment(from, record.spfAlignment());
        CompletableFuture<List<Aligned>> dkim = dkimAlignment(from, record.dkimAlignment());
        CompletableFuture<Optional<DmarcPolicy>> published = publishedPolicy(from, policy);
        return CompletableFuture.allOf(spf, dkim, published).thenApply(v -> {
            Optional<DmarcPolicy> requested = published.join();
            if (requested.isEmpty()) {
                return base(DmarcResultCode.TEMPERROR, from, policy)
                        .problem("DNS error checking whether " + from + " exists (RFC 9989 np=)").build();
            }
            List<String> alignedDkim = new ArrayList<>();
            String unknown = null;
            for (Aligned a : dkim.join()) {
                if (a.aligned) {
                    alignedDkim.add(a.identifier);
                } else if (a.problem != null) {
                    unknown = a.problem;
                }
            }
            Aligned spfAligned = spf.join();
            if (spfAligned.problem != null) {
                unknown = spfAligned.problem;
            }
            boolean pass = spfAligned.aligned || !alignedDkim.isEmpty();
            // RFC 9989 §4.10.2: an organizational domain DNS could not tell leaves alignment unknown.
            DmarcResultCode code = pass ? DmarcResultCode.PASS : unknown != null ? DmarcResultCode.TEMPERROR : DmarcResultCode.FAIL;
            DmarcPolicy publishedPolicy = requested.get();
            // RFC 9989 §4.7 t=y: the domain owner is testing; apply the policy one step lower.
            DmarcPolicy applied = record.testing() ? publishedPolicy.oneStepLower() : publishedPolicy;
            DmarcResult.Builder result = base(code, from, policy).publishedPolicy(publishedPolicy)
                    .alignedSpfDomain(spfAligned.aligned ? spfAligned.identifier : null)
                    .alignedDkimDomains(alignedDkim);
            if (code == DmarcResultCode.TEMPERROR) {
                return result.appliedPolicy(applied).problem(unknown).build();
            }
            if (code == DmarcResultCode.PASS) {
                return result.appliedPolicy(applied).build();
            }
            DmarcOverride override = null;
            // RFC 7489 §6.6.4: a message outside the pct= sample gets the next less strict policy.
            if (options.mode() == DmarcMode.RFC7489 && record.percent() < 100 && applied != DmarcPolicy.NONE
                    && options.sampler().getAsInt() >= record.percent()) {
                applied = applied.oneStepLower();
                override = new DmarcOverride(OverrideReason.SAMPLED_OUT, "pct=" + record.percent());
            }
            result.appliedPolicy(applied).disposition(applied);
            if (applied != DmarcPolicy.NONE) {
                Optional<DmarcOverride> local = localOverride(from);
                if (local.isPresent()) {
                    override = local.get();
                    result.disposition(DmarcPolicy.NONE);
                }
            }
            return result.override(override).build();
        });
    }

    /**
     * RFC 9989 §4.7: {@code p=} for the domain that published the record; {@code sp=} for its
     * subdomains; {@code np=} for subdomains that do not exist. RFC 7489 §6.6.3 knows only p= and sp=.
     * Empty when DNS trouble hides whether the From domain exists.
     */
    private CompletableFuture<Optional<DmarcPolicy>> publishedPolicy(String from, PolicyRecord policy) {
        DmarcRecord record = policy.record();
        if (policy.domain().equals(from)) {
            return CompletableFuture.completedFuture(Optional.of(record.policy()));
        }
        if (!record.hasNonExistentPolicy() || record.nonExistentPolicy() == record.subdomainPolicy()) {
            return CompletableFuture.completedFuture(Optional.of(record.subdomainPolicy()));
        }
        // RFC 9989 §3.2.13 and RFC 8020: an NXDOMAIN answer means the name, and everything under it, does not exist.
        return resolver.a(from).thenApply(answer -> {
            if (answer.status() == DnsStatus.TEMPFAIL) {
                return Optional.empty();
            }
            return Optional.of(answer.status() == DnsStatus.NXDOMAIN ? record.nonExistentPolicy() : record.subdomainPolicy());
        });
    }

    /**
     * RFC 9989 §4.4.2: the SPF-authenticated identifier is the domain of the MAIL FROM identity, which
     * for the null reverse path is postmaster@HELO (RFC 7208 §2.4); it counts only when SPF passed.
     * A separate HELO check (RFC 7208 §2.3) of a non-null sender's mail does not count.
     */
    private CompletableFuture<Aligned> spfAlignment(String from, Alignment mode) {
        Optional<SpfResult> spf = input.spf();
        if (spf.isEmpty() || spf.get().code() != SpfResultCode.PASS) {
            return CompletableFuture.completedFuture(Aligned.no(""));
        }
        if (spf.get().identity() == SpfIdentity.HELO && input.mailFrom().isPresent()) {
            return CompletableFuture.completedFuture(Aligned.no(spf.get().domain()));
        }
        return aligned(spf.get().domain(), from, mode);
    }

    /** RFC 9989 §4.4.1: each DKIM signature that passed offers its d= domain. */
    private CompletableFuture<List<Aligned>> dkimAlignment(String from, Alignment mode) {
        List<CompletableFuture<Aligned>> checks = new ArrayList<>();
        for (String domain : input.dkimPassDomains()) {
            checks.add(aligned(domain, from, mode));
        }
        return CompletableFuture.allOf(checks.toArray(CompletableFuture[]::new)).thenApply(v -> {
            List<Aligned> out = new ArrayList<>();
            for (CompletableFuture<Aligned> check : checks) {
                out.add(check.join());
            }
            return out;
        });
    }

    /**
     * RFC 9989 §4.4: strict alignment needs identical names and never falls back to the
     * organizational domain; relaxed alignment needs the same organizational domain. Names are compared
     * as A-labels.
     */
    private CompletableFuture<Aligned> aligned(String identifier, String from, Alignment mode) {
        Optional<String> name = Domains.toALabels(identifier);
        if (name.isEmpty()) {
            return CompletableFuture.completedFuture(Aligned.no(identifier));
        }
        String id = name.get();
        if (id.equals(from)) {
            return CompletableFuture.completedFuture(Aligned.yes(id));
        }
        if (mode == Alignment.STRICT) {
            return CompletableFuture.completedFuture(Aligned.no(id));
        }
        CompletableFuture<OrganizationalDomain> fromOrg = organizationalDomain(from);
        CompletableFuture<OrganizationalDomain> idOrg = organizationalDomain(id);
        return fromOrg.thenCombine(idOrg, (a, b) -> {
            if (a.domain().isEmpty()) {
                return Aligned.unknown(id, a.problem());
            }
            if (b.domain().isEmpty()) {
                return Aligned.unknown(id, b.problem());
            }
            return a.domain().equals(b.domain()) ? Aligned.yes(id) : Aligned.no(id);
        });
    }

    private CompletableFuture<OrganizationalDomain> organizationalDomain(String domain) {
        return organizationalDomains.computeIfAbsent(domain, d -> OrganizationalDomain.find(records, options, d));
    }

    /** The admin's exceptions to a failing message's policy, in the order the documentation gives. */
    private Optional<DmarcOverride> localOverride(String from) {
        Optional<InetAddress> client = input.clientAddress();
        if (client.isPresent()) {
            for (Cidr network : options.trustedForwarders()) {
                if (network.contains(client.get())) {
                    return Optional.of(new DmarcOverride(OverrideReason.TRUSTED_FORWARDER, network.toString()));
                }
            }
        }
        // RFC 8617 §7.2: a receiver may let a passing chain from a sealer it trusts override DMARC. Only the
        // newest set vouches for this message (its ARC-Message-Signature must verify over it, §5.2); an older
        // set is covered by nothing of this message and can be copied from another one (RFC 8617 §9.5).
        List<String> sealers = input.arc().passingSealers();
        if (input.arc().validation() == ArcChainInput.ChainValidation.PASS && !sealers.isEmpty()) {
            String newest = Domains.normalize(sealers.get(sealers.size() - 1));
            if (options.trustedArcSealers().contains(newest)) {
                return Optional.of(new DmarcOverride(OverrideReason.ARC, newest));
            }
        }
        Optional<String> list = mailingList();
        if (list.isPresent()) {
            return Optional.of(new DmarcOverride(OverrideReason.MAILING_LIST, list.get()));
        }
        if (options.allowedFromDomains().contains(from)) {
            return Optional.of(new DmarcOverride(OverrideReason.LOCAL_POLICY, "from " + from));
        }
        Optional<String> sender = input.mailFrom().map(s -> s.toLowerCase(Locale.ROOT));
        if (sender.isPresent()) {
            String address = sender.get();
            String domain = Domains.normalize(address.substring(address.lastIndexOf('@') + 1));
            if (options.allowedSenders().contains(address) || options.allowedSenders().contains(domain)) {
                return Optional.of(new DmarcOverride(OverrideReason.LOCAL_POLICY, "sender " + address));
            }
        }
        return Optional.empty();
    }

    /** A trusted list's mail: a List-Id field, and SPF or DKIM passed for the list's domain. */
    private Optional<String> mailingList() {
        if (options.mailingLists().isEmpty() || input.message().headers("List-Id").isEmpty()) {
            return Optional.empty();
        }
        List<String> authenticated = new ArrayList<>();
        input.spf().filter(s -> s.code() == SpfResultCode.PASS).ifPresent(s -> authenticated.add(Domains.normalize(s.domain())));
        input.dkimPassDomains().forEach(d -> authenticated.add(Domains.normalize(d)));
        for (String list : options.mailingLists()) {
            for (String domain : authenticated) {
                if (DomainName.isSameOrSubdomain(domain, list)) {
                    return Optional.of(list);
                }
            }
        }
        return Optional.empty();
    }

    private DmarcResult.Builder base(DmarcResultCode code, String from, PolicyRecord policy) {
        return DmarcResult.builder(code, options.mode()).fromDomain(from).policy(policy)
                .organizationalDomain(organizationalDomains.containsKey(from)
                        ? organizationalDomains.get(from).join().domain().orElse(null) : null);
    }

    private CompletableFuture<DmarcResult> early(DmarcResultCode code, String from, String problem) {
        return CompletableFuture.completedFuture(DmarcResult.builder(code, options.mode()).fromDomain(from).problem(problem).build());
    }

    /** Whether one identifier aligned, or why that is unknown. */
    private static final class Aligned {
        final String identifier;
        final boolean aligned;
        final String problem;

        private Aligned(String identifier, boolean aligned, String problem) {
            this.identifier = identifier;
            this.aligned = aligned;
            this.problem = problem;
        }

        static Aligned yes(String identifier) {
            return new Aligned(identifier, true, null);
        }

        static Aligned no(String identifier) {
            return new Aligned(identifier, false, null);
        }

        static Aligned unknown(String identifier, String problem) {
            return new Aligned(identifier, false, problem);
        }
    }
}
