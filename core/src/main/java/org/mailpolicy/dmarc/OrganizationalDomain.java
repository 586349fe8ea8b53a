package org.mailpolicy.dmarc;

import java.util.Optional;

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
