package org.mailpolicy.james.matchers;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import javax.mail.MessagingException;

/**
 * A result matcher's condition, {@code <result>[,<result>…][;<key>=<domain>[,<domain>…]]}, read at
 * start-up; a malformed one fails with the form it should have.
 */
final class ResultCondition {

    /** The result words as written, trimmed. */
    final List<String> results;
    /** The domains after {@code <key>=}, in lower case; empty when the condition has none. */
    final Set<String> domains;

    private ResultCondition(List<String> results, Set<String> domains) {
        this.results = results;
        this.domains = domains;
    }

    /**
     * {@code matcher} names the matcher in messages, {@code key} the domain list's name (e.g. {@code domain}),
     * {@code whenBlank} what to say when there is no condition at all.
     */
    static ResultCondition parse(String matcher, String condition, String key, String whenBlank) throws MessagingException {
        if (condition == null || condition.isBlank()) {
            throw new MessagingException(whenBlank);
        }
        String prefix = key + "=";
        String[] parts = condition.split(";", -1);
        if (parts.length > 2 || (parts.length == 2 && !parts[1].trim().startsWith(prefix))) {
            throw new MessagingException(matcher + "=" + condition + ": expected <result>[,<result>…][;" + prefix + "<domain>[,<domain>…]]");
        }
        List<String> results = Arrays.stream(parts[0].split(",")).map(String::trim).collect(Collectors.toUnmodifiableList());
        Set<String> domains = parts.length == 2
                ? Arrays.stream(parts[1].trim().substring(prefix.length()).split(","))
                        .map(d -> d.trim().toLowerCase(Locale.ROOT))
                        .filter(d -> !d.isEmpty())
                        .collect(Collectors.toUnmodifiableSet())
                : Set.of();
        if (parts.length == 2 && domains.isEmpty()) {
            throw new MessagingException(matcher + "=" + condition + ": " + prefix + " needs at least one domain");
        }
        return new ResultCondition(results, domains);
    }
}
