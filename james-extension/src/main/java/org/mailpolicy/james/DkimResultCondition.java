package org.mailpolicy.james;

import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

import org.mailpolicy.dkim.DkimResult;
import org.mailpolicy.dkim.DkimSignatureResult;

/**
 * The condition of the {@code DkimResultIs} matcher, {@code <result>[,<result>…][;domain=<domain>[,<domain>…]]}:
 * a DKIM verdict matches when one of its signatures has one of the results; with {@code domain=},
 * only signatures whose d= is one of the domains (exactly, case ignored) count. No (counted)
 * signature is the result {@code none} (RFC 8601 §2.7.1).
 */
public final class DkimResultCondition {

    private static final String DOMAIN = "domain=";
    private static final String SYNTAX = "<result>[,<result>…][;domain=<domain>[,<domain>…]]";

    private final Set<DkimResult> results;
    private final Set<String> domains;

    private DkimResultCondition(Set<DkimResult> results, Set<String> domains) {
        this.results = Collections.unmodifiableSet(EnumSet.copyOf(results));
        this.domains = domains;
    }

    /** Parses {@code condition}; fails with an {@link IllegalArgumentException} that says what is accepted. */
    public static DkimResultCondition parse(String condition) {
        if (condition == null || condition.isBlank()) {
            throw new IllegalArgumentException("needs a list of DKIM results, for example DkimResultIs=pass or DkimResultIs=pass;domain=example.com");
        }
        String[] parts = condition.split(";", -1);
        if (parts.length > 2 || (parts.length == 2 && !parts[1].trim().startsWith(DOMAIN))) {
            throw new IllegalArgumentException("expected " + SYNTAX);
        }
        Set<DkimResult> results = EnumSet.noneOf(DkimResult.class);
        for (String word : parts[0].split(",", -1)) {
            results.add(result(word.trim()));
        }
        Set<String> domains = Set.of();
        if (parts.length == 2) {
            domains = DomainList.parse(parts[1].trim().substring(DOMAIN.length()));
            if (domains.isEmpty()) {
                throw new IllegalArgumentException("domain= needs at least one domain");
            }
        }
        return new DkimResultCondition(results, domains);
    }

    private static DkimResult result(String word) {
        for (DkimResult result : DkimResult.values()) {
            if (result.word().equalsIgnoreCase(word)) {
                return result;
            }
        }
        throw new IllegalArgumentException("'" + word + "' is not a DKIM result; expected one of "
                + Arrays.stream(DkimResult.values()).map(DkimResult::word).collect(Collectors.joining(", ")));
    }

    public boolean matches(DkimVerdict verdict) {
        List<DkimSignatureResult> counted = verdict.signatures().stream()
                .filter(s -> domains.isEmpty() || s.domain().map(d -> domains.contains(d.toLowerCase(Locale.ROOT))).orElse(false))
                .collect(Collectors.toList());
        if (counted.isEmpty()) {
            // RFC 8601 §2.7.1: no (relevant) signature is the result none.
            return results.contains(DkimResult.NONE);
        }
        return counted.stream().anyMatch(s -> results.contains(s.result()));
    }

    public Set<DkimResult> results() {
        return results;
    }

    /** Lower case; empty when every signature counts. */
    public Set<String> domains() {
        return domains;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DkimResultCondition && ((DkimResultCondition) o).results.equals(results)
                && ((DkimResultCondition) o).domains.equals(domains);
    }

    @Override
    public int hashCode() {
        return Objects.hash(results, domains);
    }

    /** The condition in its written form, which parses back to an equal condition. */
    @Override
    public String toString() {
        return results.stream().map(DkimResult::word).collect(Collectors.joining(","))
                + (domains.isEmpty() ? "" : ";" + DOMAIN + String.join(",", domains));
    }
}
