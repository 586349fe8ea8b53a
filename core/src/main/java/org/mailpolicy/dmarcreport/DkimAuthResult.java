package org.mailpolicy.dmarcreport;

import java.util.Objects;
import java.util.Optional;

/**
 * One DKIM signature's result in a report's {@code auth_results} (RFC 9990 §3.1.1, DKIMAuthResultType):
 * the d= domain, the s= selector, the result word, and free text. Uninterpreted with respect to DMARC.
 */
public final class DkimAuthResult {

    private final String domain;
    private final String selector;
    private final String result;
    private final String humanResult;

    public DkimAuthResult(String domain, String selector, String result, String humanResult) {
        this.domain = Objects.requireNonNullElse(domain, "");
        this.selector = Objects.requireNonNullElse(selector, "");
        this.result = Objects.requireNonNullElse(result, "");
        this.humanResult = humanResult;
    }

    public String domain() {
        return domain;
    }

    /** The s= selector; empty when the reporter left it out (RFC 7489 made it optional). */
    public String selector() {
        return selector;
    }

    /** The result word as reported: none, pass, fail, policy, neutral, temperror, permerror. */
    public String result() {
        return result;
    }

    public Optional<String> humanResult() {
        return Optional.ofNullable(humanResult);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof DkimAuthResult)) {
            return false;
        }
        DkimAuthResult other = (DkimAuthResult) o;
        return domain.equals(other.domain) && selector.equals(other.selector) && result.equals(other.result)
                && Objects.equals(humanResult, other.humanResult);
    }

    @Override
    public int hashCode() {
        return Objects.hash(domain, selector, result, humanResult);
    }

    @Override
    public String toString() {
        return "dkim=" + result + " d=" + domain + " s=" + selector;
    }
}
