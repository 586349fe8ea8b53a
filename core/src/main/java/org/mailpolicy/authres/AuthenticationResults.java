package org.mailpolicy.authres;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One Authentication-Results header field (RFC 8601): the authserv-id of the host that
 * evaluated, and the result of each method. {@link #toHeaderValue()} writes it, {@link #parse}
 * reads one back.
 */
public final class AuthenticationResults {

    public static final String HEADER_NAME = "Authentication-Results";

    private final String authservId;
    private final List<MethodResult> results;

    public AuthenticationResults(String authservId, List<MethodResult> results) {
        this.authservId = Objects.requireNonNull(authservId, "authservId");
        this.results = List.copyOf(results);
    }

    public String authservId() {
        return authservId;
    }

    /** The method results in order; empty means RFC 8601 §2.2 {@code none}. */
    public List<MethodResult> results() {
        return results;
    }

    /** The field body, folded at result boundaries and ready to follow {@code Authentication-Results:}. */
    public String toHeaderValue() {
        return AuthenticationResultsWriter.write(this);
    }

    /** Parses a field body; empty when it is not RFC 8601 syntax. */
    public static Optional<AuthenticationResults> parse(String headerValue) {
        return AuthenticationResultsParser.parse(headerValue);
    }

    /**
     * Reads only the authserv-id of a field body: enough to decide whether a received field
     * claims to be ours (RFC 8601 §5) even when the rest does not parse.
     */
    public static Optional<String> authservIdOf(String headerValue) {
        return AuthenticationResultsParser.authservId(headerValue);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AuthenticationResults
                && ((AuthenticationResults) o).authservId.equals(authservId)
                && ((AuthenticationResults) o).results.equals(results);
    }

    @Override
    public int hashCode() {
        return Objects.hash(authservId, results);
    }

    @Override
    public String toString() {
        return toHeaderValue();
    }
}
