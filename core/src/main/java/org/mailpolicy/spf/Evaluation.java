package org.mailpolicy.spf;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.mailpolicy.dns.DnsAnswer;
import org.mailpolicy.dns.DnsStatus;
import org.mailpolicy.dns.MxRecord;
import org.mailpolicy.dns.Resolver;
import org.mailpolicy.net.DomainName;

/**
 * One top-level check_host() call and every include and redirect below it: they share the
 * DNS term and void lookup counters and the time budget (RFC 7208 §4.6.4). Steps run one after
 * the other through future composition, so the counters need no locking.
 */
final class Evaluation implements MacroValues {

    // RFC 7208 §4.6.4
    static final int MAX_DNS_TERMS = 10;
    static final int MAX_VOID_LOOKUPS = 2;
    static final int MAX_NAMES_PER_ANSWER = 10;

    /** How a mechanism ended: no match, match, or an error that ends the evaluation. */
    private static final class Step {
        static final Step NO_MATCH = new Step(null);
        static final Step MATCH = new Step(null);
        final Outcome error;

        private Step(Outcome error) {
            this.error = error;
        }

        static Step error(SpfResultCode code, String problem) {
            return new Step(Outcome.of(code, problem));
        }
    }

    private final Resolver resolver;
    private final InetAddress ip;
    private final String sender;
    private final String localPart;
    private final String senderDomain;
    private final String helo;
    private final SpfOptions options;
    private final long deadlineNanos;
    private int dnsTerms;
    private int voidLookups;

    Evaluation(Resolver resolver, InetAddress ip, String sender, String helo, SpfOptions options) {
        this.resolver = resolver;
        this.ip = ip;
        this.sender = sender;
        int at = sender.lastIndexOf('@');
        this.localPart = sender.substring(0, at);
        this.senderDomain = sender.substring(at + 1);
        this.helo = helo;
        this.options = options;
        this.deadlineNanos = System.nanoTime() + options.timeout().toNanos();
    }

    int dnsTerms() {
        return dnsTerms;
    }

    int voidLookups() {
        return voidLookups;
    }

    /** RFC 7208 §4: check_host(<ip>, <domain>, <sender>). */
    CompletableFuture<Outcome> checkHost(String domain) {
        // RFC 7208 §4.3: a malformed or single-label domain is "none"
        if (!DomainNames.isValidDomain(domain)) {
            return done(Outcome.of(SpfResultCode.NONE, "'" + domain + "' is not a valid domain name"));
        }
        String name = DomainName.withoutTrailingDot(domain);
        return query(() -> resolver.txt(name)).thenCompose(answer -> {
            if (answer.status() == DnsStatus.TEMPFAIL) {
                // RFC 7208 §4.4
                return done(Outcome.of(SpfResultCode.TEMPERROR, "TXT lookup for " + name + ": " + answer.reason()));
            }
            String recordText = null;
            for (String txt : answer.records()) {
                if (SpfRecordParser.isSpfRecord(txt)) {
                    if (recordText != null) {
                        // RFC 7208 §4.5
                        return done(Outcome.of(SpfResultCode.PERMERROR, name + " publishes more than one SPF record"));
                    }
                    recordText = txt;
                }
            }
            if (recordText == null) {
                return done(Outcome.of(SpfResultCode.NONE, name + " publishes no SPF record"));
            }
            SpfRecord record;
            try {
                record = SpfRecordCache.parse(recordText);
            } catch (SpfSyntaxException e) {
                // RFC 7208 §4.6: any syntax error makes the whole record a permerror
                return done(Outcome.of(SpfResultCode.PERMERROR, "SPF record of " + name + ": " + e.getMessage()));
            }
            return evaluate(record, name);
        });
    }

    private CompletableFuture<Outcome> evaluate(SpfRecord record, String domain) {
        return evaluateFrom(record, domain, 0).thenCompose(matched -> {
            if (matched != null) {
                if (matched.code == SpfResultCode.FAIL && record.explanation != null) {
                    return explain(record.explanation, domain).thenApply(matched::withExplanation);
                }
                return done(matched);
            }
            // RFC 7208 §6.1: redirect= applies when nothing matched and there is no "all"
            if (record.redirect != null && !record.hasAll) {
                return redirect(record.redirect, domain);
            }
            // RFC 7208 §4.7: the default result is neutral
            return done(Outcome.of(SpfResultCode.NEUTRAL, null));
        });
    }

    /** Directives from {@code index} on; null when none matched. */
    private CompletableFuture<Outcome> evaluateFrom(SpfRecord record, String domain, int index) {
        List<Directive> directives = record.directives;
        for (int i = index; i < directives.size(); i++) {
            Directive directive = directives.get(i);
            switch (directive.mechanism) {
                case ALL:
                    return done(Outcome.matched(directive));
                case IP4:
                case IP6:
                    if (matchesNetwork(directive)) {
                        return done(Outcome.matched(directive));
                    }
                    continue;
                default:
                    int next = i + 1;
                    return evaluateDnsTerm(directive, domain).thenCompose(step -> {
                        if (step == Step.NO_MATCH) {
                            return evaluateFrom(record, domain, next);
                        }
                        return done(step == Step.MATCH ? Outcome.matched(directive) : step.error);
                    });
            }
        }
        return done(null);
    }

    private boolean matchesNetwork(Directive directive) {
        byte[] address = ip.getAddress();
        int prefix = directive.mechanism == Mechanism.IP4 ? directive.cidr4 : directive.cidr6;
        return IpAddresses.inNetwork(address, directive.network, prefix);
    }

    private CompletableFuture<Step> evaluateDnsTerm(Directive directive, String domain) {
        // RFC 7208 §4.6.4: at most 10 terms that query DNS
        if (++dnsTerms > MAX_DNS_TERMS) {
            return done(Step.error(SpfResultCode.PERMERROR, "more than " + MAX_DNS_TERMS + " DNS-querying terms"));
        }
        CompletableFuture<String> target = directive.domainSpec == null
                ? done(domain)
                : directive.domainSpec.expand(this, domain).thenApply(DomainNames::truncateLeft);
        return target.thenCompose(name -> {
            if (directive.mechanism != Mechanism.INCLUDE && !DomainName.fitsDns(name)) {
                // a macro expanded into something no DNS server can be asked about (a label over 63
                // octets, an empty label): nothing can match it, and it must not look like DNS trouble
                return done(Step.NO_MATCH);
            }
            switch (directive.mechanism) {
                case INCLUDE:
                    return include(name);
                case A:
                    return a(name, directive);
                case MX:
                    return mx(name, directive);
                case PTR:
                    return ptr(name);
                default:
                    return exists(name);
            }
        });
    }

    /** RFC 7208 §5.2: the include result table. */
    private CompletableFuture<Step> include(String target) {
        return checkHost(target).thenApply(inner -> {
            switch (inner.code) {
                case PASS:
                    return Step.MATCH;
                case FAIL:
                case SOFTFAIL:
                case NEUTRAL:
                    return Step.NO_MATCH;
                case TEMPERROR:
                    return Step.error(SpfResultCode.TEMPERROR, inner.problem);
                case NONE:
                    return Step.error(SpfResultCode.PERMERROR, "include:" + target + " has no SPF record");
                default:
                    return Step.error(SpfResultCode.PERMERROR, inner.problem);
            }
        });
    }

    /** RFC 7208 §5.3. */
    private CompletableFuture<Step> a(String target, Directive directive) {
        return addresses(target).thenApply(answer -> {
            if (answer.status() == DnsStatus.TEMPFAIL) {
                return Step.error(SpfResultCode.TEMPERROR, "address lookup for " + target + ": " + answer.reason());
            }
            if (countVoid(answer)) {
                return voidLimitExceeded();
            }
            return anyInNetwork(answer.records(), directive) ? Step.MATCH : Step.NO_MATCH;
        });
    }

    /** RFC 7208 §5.4: the MX hosts' addresses, at most 10 hosts, no implicit MX. */
    private CompletableFuture<Step> mx(String target, Directive directive) {
        return query(() -> resolver.mx(target)).thenCompose(answer -> {
            if (answer.status() == DnsStatus.TEMPFAIL) {
                return done(Step.error(SpfResultCode.TEMPERROR, "MX lookup for " + target + ": " + answer.reason()));
            }
            if (countVoid(answer)) {
                return done(voidLimitExceeded());
            }
            List<MxRecord> hosts = answer.records();
            if (hosts.size() > MAX_NAMES_PER_ANSWER) {
                return done(Step.error(SpfResultCode.PERMERROR, target + " has more than " + MAX_NAMES_PER_ANSWER + " MX records"));
            }
            List<CompletableFuture<DnsAnswer<InetAddress>>> lookups = new ArrayList<>(hosts.size());
            for (MxRecord host : hosts) {
                if (!host.exchange().isEmpty()) {
                    lookups.add(addresses(host.exchange()));
                }
            }
            return CompletableFuture.allOf(lookups.toArray(new CompletableFuture<?>[0])).thenApply(ignored -> {
                Step result = Step.NO_MATCH;
                for (CompletableFuture<DnsAnswer<InetAddress>> lookup : lookups) {
                    DnsAnswer<InetAddress> addresses = lookup.join();
                    if (anyInNetwork(addresses.records(), directive)) {
                        return Step.MATCH;
                    }
                    if (addresses.status() == DnsStatus.TEMPFAIL) {
                        result = Step.error(SpfResultCode.TEMPERROR, "address lookup of an MX host of " + target + ": " + addresses.reason());
                    }
                }
                return result;
            });
        });
    }

    /** RFC 7208 §5.5: a validated PTR name equal to, or under, the target. DNS errors mean no match. */
    private CompletableFuture<Step> ptr(String target) {
        return validatedNames().thenApply(names -> {
            for (String name : names) {
                if (DomainName.isSameOrSubdomain(name, target)) {
                    return Step.MATCH;
                }
            }
            return Step.NO_MATCH;
        });
    }

    /** RFC 7208 §5.7: an A query, whatever the client's address family. */
    private CompletableFuture<Step> exists(String target) {
        return query(() -> resolver.a(target)).thenApply(answer -> {
            if (answer.status() == DnsStatus.TEMPFAIL) {
                return Step.error(SpfResultCode.TEMPERROR, "A lookup for " + target + ": " + answer.reason());
            }
            if (countVoid(answer)) {
                return voidLimitExceeded();
            }
            return answer.records().isEmpty() ? Step.NO_MATCH : Step.MATCH;
        });
    }

    /** RFC 7208 §6.1. */
    private CompletableFuture<Outcome> redirect(MacroString spec, String domain) {
        if (++dnsTerms > MAX_DNS_TERMS) {
            return done(Outcome.of(SpfResultCode.PERMERROR, "more than " + MAX_DNS_TERMS + " DNS-querying terms"));
        }
        return spec.expand(this, domain).thenApply(DomainNames::truncateLeft).thenCompose(target ->
                checkHost(target).thenApply(outcome -> outcome.code == SpfResultCode.NONE
                        ? Outcome.of(SpfResultCode.PERMERROR, "redirect=" + target + " has no SPF record")
                        : outcome));
    }

    /** RFC 7208 §6.2: any trouble fetching or expanding the explanation means there is none. */
    private CompletableFuture<String> explain(MacroString spec, String domain) {
        return spec.expand(this, domain).thenApply(DomainNames::truncateLeft).thenCompose(target -> {
            if (!DomainNames.isValidDomain(target)) {
                return done(null);
            }
            return query(() -> resolver.txt(target)).thenCompose(answer -> {
                if (answer.status() != DnsStatus.SUCCESS || answer.records().size() != 1) {
                    return done(null);
                }
                try {
                    return MacroString.parse(answer.records().get(0), true).expand(this, domain);
                } catch (SpfSyntaxException e) {
                    return done(null);
                }
            });
        });
    }

    private boolean anyInNetwork(List<InetAddress> addresses, Directive directive) {
        byte[] client = ip.getAddress();
        int prefix = client.length == 4 ? directive.cidr4 : directive.cidr6;
        for (InetAddress address : addresses) {
            if (IpAddresses.inNetwork(client, address.getAddress(), prefix)) {
                return true;
            }
        }
        return false;
    }

    /** RFC 7208 §5: A records for an IPv4 client, AAAA for IPv6. */
    private CompletableFuture<DnsAnswer<InetAddress>> addresses(String name) {
        return IpAddresses.isIp4(ip) ? query(() -> resolver.a(name)) : query(() -> resolver.aaaa(name));
    }

    /** RFC 7208 §4.6.4: a term whose query found nothing is a void lookup; more than 2 is a permerror. */
    private boolean countVoid(DnsAnswer<?> answer) {
        return (answer.status() == DnsStatus.NXDOMAIN || answer.status() == DnsStatus.NODATA)
                && ++voidLookups > MAX_VOID_LOOKUPS;
    }

    private static Step voidLimitExceeded() {
        return Step.error(SpfResultCode.PERMERROR, "more than " + MAX_VOID_LOOKUPS + " void lookups");
    }

    /** RFC 7208 §5.5 and §7.3: PTR names of {@code <ip>} (at most 10) whose addresses include it. */
    private CompletableFuture<List<String>> validatedNames() {
        String reverse = IpAddresses.reverseName(ip);
        return query(() -> resolver.ptr(reverse)).thenCompose(answer -> {
            if (answer.status() != DnsStatus.SUCCESS) {
                countVoid(answer);
                return done(List.<String>of());
            }
            List<String> names = answer.records().subList(0, Math.min(answer.records().size(), MAX_NAMES_PER_ANSWER));
            List<CompletableFuture<DnsAnswer<InetAddress>>> lookups = new ArrayList<>(names.size());
            for (String name : names) {
                lookups.add(addresses(name));
            }
            return CompletableFuture.allOf(lookups.toArray(new CompletableFuture<?>[0])).thenApply(ignored -> {
                List<String> validated = new ArrayList<>();
                for (int i = 0; i < names.size(); i++) {
                    for (InetAddress address : lookups.get(i).join().records()) {
                        if (address.equals(ip)) {
                            validated.add(names.get(i));
                            break;
                        }
                    }
                }
                return validated;
            });
        });
    }

    @Override
    public CompletableFuture<String> validatedName(String domain) {
        return validatedNames().thenApply(names -> {
            for (String name : names) {
                if (name.equalsIgnoreCase(domain)) {
                    return name;
                }
            }
            for (String name : names) {
                if (DomainName.isSameOrSubdomain(name, domain)) {
                    return name;
                }
            }
            return names.isEmpty() ? "unknown" : names.get(0);
        });
    }

    @Override
    public String value(char letter, String domain) {
        switch (letter) {
            case 's':
                return sender;
            case 'l':
                return localPart;
            case 'o':
                return senderDomain;
            case 'd':
                return domain;
            case 'i':
                return IpAddresses.macroForm(ip);
            case 'h':
                return helo;
            case 'v':
                return IpAddresses.isIp4(ip) ? "in-addr" : "ip6";
            case 'c':
                return IpAddresses.readableForm(ip);
            case 'r':
                return options.receivingHost();
            case 't':
                return Long.toString(options.clock().instant().getEpochSecond());
            default:
                throw new IllegalStateException("macro letter " + letter + " passed the parser");
        }
    }

    /** A query bounded by what is left of the time budget; trouble of any kind becomes TEMPFAIL. */
    private <T> CompletableFuture<DnsAnswer<T>> query(Supplier<CompletableFuture<DnsAnswer<T>>> lookup) {
        long remaining = deadlineNanos - System.nanoTime();
        if (remaining <= 0) {
            return done(DnsAnswer.tempfail("SPF evaluation exceeded its time budget of " + options.timeout().toMillis() + " ms"));
        }
        CompletableFuture<DnsAnswer<T>> answer;
        try {
            // a dependent stage, so that timing it out never completes a future the resolver shares
            answer = lookup.get().thenApply(a -> a);
        } catch (RuntimeException e) {
            return done(DnsAnswer.tempfail("DNS lookup failed: " + e));
        }
        return answer
                .exceptionally(e -> DnsAnswer.tempfail("DNS lookup failed: " + e))
                .completeOnTimeout(DnsAnswer.tempfail("SPF evaluation exceeded its time budget of "
                        + options.timeout().toMillis() + " ms"), remaining, TimeUnit.NANOSECONDS);
    }

    private static <T> CompletableFuture<T> done(T value) {
        return CompletableFuture.completedFuture(value);
    }
}
