package org.mailpolicy.dmarc;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** An organizational domain, or why DNS trouble left it unknown. */
final class OrganizationalDomain {

    private final String domain;
    private final String problem;

    private OrganizationalDomain(String domain, String problem) {
        this.domain = domain;
        this.problem = problem;
    }

    static OrganizationalDomain of(String domain) {
        return new OrganizationalDomain(domain, null);
    }

    /** RFC 9989 §4.10.2: the tree walk; in RFC 7489 mode the Public Suffix List (RFC 7489 §3.2). */
    static CompletableFuture<OrganizationalDomain> find(PolicyRecords records, DmarcOptions options, String domain) {
        return options.mode() == DmarcMode.RFC9989
                ? TreeWalk.organizationalDomain(records, domain)
                : CompletableFuture.completedFuture(of(options.publicSuffixList().organizationalDomain(domain)));
    }

    static OrganizationalDomain unknown(String problem) {
        return new OrganizationalDomain(null, problem);
    }

    Optional<String> domain() {
        return Optional.ofNullable(domain);
    }

    String problem() {
        return problem;
    }
}
