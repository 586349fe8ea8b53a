package org.mailpolicy.dmarc;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.mailpolicy.dns.Resolver;

/**
 * DMARC (RFC 9989, or RFC 7489 when the admin chooses it): finds the policy of the RFC5322.From
 * domain, checks whether the SPF or a DKIM identifier that passed aligns with it, and decides the
 * disposition, local overrides included. The one public entry point of the DMARC engine.
 *
 * <p>Never completes exceptionally: DNS trouble gives {@code temperror}, an unusable From field or
 * record {@code permerror}, each with a reason.
 */
public final class DmarcEvaluator {

    private final Resolver resolver;
    private final DmarcOptions options;

    public DmarcEvaluator(Resolver resolver, DmarcOptions options) {
        this.resolver = Objects.requireNonNull(resolver, "resolver");
        this.options = Objects.requireNonNull(options, "options");
    }

    public DmarcOptions options() {
        return options;
    }

    /**
     * The Organizational Domain of {@code domain} as this evaluator finds it for relaxed alignment: the
     * RFC 9989 §4.10.2 tree walk, or in RFC 7489 mode the Public Suffix List (RFC 7489 §3.2). Completes
     * with empty when DNS trouble leaves it unknown, never exceptionally.
     */
    public CompletableFuture<Optional<String>> organizationalDomain(String domain) {
        return OrganizationalDomain.find(new PolicyRecords(resolver, options.mode()), options, domain).thenApply(OrganizationalDomain::domain);
    }

    public CompletableFuture<DmarcResult> evaluate(DmarcInput input) {
        AuthorDomains authors = AuthorDomains.of(input.message());
        if (authors.problem().isPresent()) {
            // RFC 9989 §5.3.1: without an identifiable author domain DMARC validation is not possible.
            return CompletableFuture.completedFuture(DmarcResult.builder(DmarcResultCode.PERMERROR, options.mode())
                    .problem(authors.problem().get()).build());
        }
        Evaluation evaluation = new Evaluation(resolver, options, input);
        List<CompletableFuture<DmarcResult>> perDomain = new ArrayList<>();
        for (String domain : authors.domains()) {
            perDomain.add(evaluation.evaluate(domain));
        }
        return CompletableFuture.allOf(perDomain.toArray(CompletableFuture[]::new))
                .thenApply(v -> strictest(perDomain))
                .exceptionally(e -> DmarcResult.builder(DmarcResultCode.TEMPERROR, options.mode())
                        .fromDomain(authors.domains().get(0)).problem("internal error: " + e).build());
    }

    /**
     * RFC 9989 §5.3.1 lets a receiver go on with several author domains: each is evaluated and
     * the strictest outcome stands, so adding a second From address cannot dodge a reject.
     */
    private static DmarcResult strictest(List<CompletableFuture<DmarcResult>> results) {
        DmarcResult chosen = null;
        for (CompletableFuture<DmarcResult> future : results) {
            DmarcResult result = future.join();
            if (chosen == null || severity(result) > severity(chosen)) {
                chosen = result;
            }
        }
        return chosen;
    }

    private static int severity(DmarcResult result) {
        int rank;
        switch (result.code()) {
            case TEMPERROR:
                rank = 4;
                break;
            case FAIL:
                rank = 3;
                break;
            case PERMERROR:
                rank = 2;
                break;
            case NONE:
                rank = 1;
                break;
            default:
                rank = 0;
        }
        return result.disposition().ordinal() * 10 + rank;
    }
}
