package org.mailpolicy.dmarcreport;

import java.util.Objects;
import java.util.Optional;

/**
 * One SPF result in a report's {@code auth_results} (RFC 9990 §3.1.1, SPFAuthResultType): the checked
 * domain, its scope ({@code helo} or {@code mfrom}) and the result word.
 */
public final class SpfAuthResult {

    private final String domain;
    private final String scope;
    private final String result;
    private final String humanResult;

    public SpfAuthResult(String domain, String scope, String result, String humanResult) {
        this.domain = Objects.requireNonNullElse(domain, "");
        this.scope = scope;
        this.result = Objects.requireNonNullElse(result, "");
        this.humanResult = humanResult;
    }

    public String domain() {
        return domain;
    }

    /** {@code helo} or {@code mfrom}; absent when the reporter left it out (RFC 7489 made it optional). */
    public Optional<String> scope() {
        return Optional.ofNullable(scope);
    }

    /** The result word as reported: none, neutral, pass, fail, softfail, temperror, permerror. */
    public String result() {
        return result;
    }

    public Optional<String> humanResult() {
        return Optional.ofNullable(humanResult);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof SpfAuthResult)) {
            return false;
        }
        SpfAuthResult other = (SpfAuthResult) o;
        return domain.equals(other.domain) && Objects.equals(scope, other.scope) && result.equals(other.result)
                && Objects.equals(humanResult, other.humanResult);
    }

    @Override
    public int hashCode() {
        return Objects.hash(domain, scope, result, humanResult);
    }

    @Override
    public String toString() {
        return "spf=" + result + " domain=" + domain + (scope == null ? "" : " scope=" + scope);
    }
}
