package org.mailpolicy.james;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A result matcher's condition, {@code <result>[,<result>…][;<key>=<domain>[,<domain>…]]}: the
 * result words of one authentication method (RFC 8601 §2.7) and, after the optional key, the
 * domains that narrow which results count. Read once at start-up; a malformed condition fails
 * with an {@link IllegalArgumentException} that shows the form it should have.
 *
 * @param <R> the method's result type
 */
public final class ResultCondition<R extends Enum<R>> {

    private final Set<R> results;
    private final Set<String> domains;
    private final String key;
    private final Function<R, String> word;

    private ResultCondition(Set<R> results, Set<String> domains, String key, Function<R, String> word) {
        this.results = Collections.unmodifiableSet(EnumSet.copyOf(results));
        this.domains = domains;
        this.key = key;
        this.word = word;
    }

    /**
     * Parses {@code condition}.
     *
     * @param method the method as Authentication-Results names it in upper case ({@code DKIM}), for messages
     * @param type the result type, whose every value is a word {@code word} gives
     * @param key the domain list's key ({@code domain}, {@code sealer})
     */
    public static <R extends Enum<R>> ResultCondition<R> parse(String condition, String method, Class<R> type,
            Function<R, String> word, String key) {
        Set<R> all = EnumSet.allOf(type);
        String words = all.stream().map(word).collect(Collectors.joining(", "));
        if (condition == null || condition.isBlank()) {
            throw new IllegalArgumentException("needs a list of " + method + " results (" + words + "), optionally followed by ;"
                    + key + "=<domain>[,<domain>…]");
        }
        String prefix = key + "=";
        String[] parts = condition.split(";", -1);
        if (parts.length > 2 || (parts.length == 2 && !parts[1].trim().startsWith(prefix))) {
            throw new IllegalArgumentException("expected <result>[,<result>…][;" + prefix + "<domain>[,<domain>…]]");
        }
        Set<R> results = EnumSet.noneOf(type);
        for (String written : parts[0].split(",", -1)) {
            String trimmed = written.trim();
            results.add(all.stream().filter(r -> word.apply(r).equalsIgnoreCase(trimmed)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("'" + trimmed + "' is not " + article(method) + " " + method
                            + " result; expected one of " + words)));
        }
        Set<String> domains = Set.of();
        if (parts.length == 2) {
            domains = DomainList.parse(parts[1].trim().substring(prefix.length()));
            if (domains.isEmpty()) {
                throw new IllegalArgumentException(prefix + " needs at least one domain");
            }
        }
        return new ResultCondition<>(results, domains, key, word);
    }

    private static String article(String method) {
        return "AEIOU".indexOf(method.charAt(0)) >= 0 ? "an" : "a";
    }

    public boolean accepts(R result) {
        return results.contains(result);
    }

    public Set<R> results() {
        return results;
    }

    /** Lower case, in the order written; empty when the condition names no domain. */
    public Set<String> domains() {
        return domains;
    }

    /** True when the condition names no domain, or names this one (exactly, case ignored). */
    public boolean coversDomain(String domain) {
        return domains.isEmpty() || domains.contains(domain.toLowerCase(Locale.ROOT));
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ResultCondition)) {
            return false;
        }
        ResultCondition<?> other = (ResultCondition<?>) o;
        return other.results.equals(results) && other.domains.equals(domains) && other.key.equals(key);
    }

    @Override
    public int hashCode() {
        return Objects.hash(results, domains, key);
    }

    /** The condition in its written form, which parses back to an equal condition. */
    @Override
    public String toString() {
        return results.stream().map(word).collect(Collectors.joining(","))
                + (domains.isEmpty() ? "" : ";" + key + "=" + String.join(",", domains));
    }
}
