package org.mailpolicy.james;

import java.util.List;
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

    private final ResultCondition<DkimResult> condition;

    private DkimResultCondition(ResultCondition<DkimResult> condition) {
        this.condition = condition;
    }

    /** Parses {@code condition}; fails with an {@link IllegalArgumentException} that says what is accepted. */
    public static DkimResultCondition parse(String condition) {
        return new DkimResultCondition(ResultCondition.parse(condition, "DKIM", DkimResult.class, DkimResult::word, "domain"));
    }

    public boolean matches(DkimVerdict verdict) {
        List<DkimSignatureResult> counted = verdict.signatures().stream()
                .filter(s -> condition.domains().isEmpty() || s.domain().map(condition::coversDomain).orElse(false))
                .collect(Collectors.toList());
        if (counted.isEmpty()) {
            // RFC 8601 §2.7.1: no (relevant) signature is the result none.
            return condition.accepts(DkimResult.NONE);
        }
        return counted.stream().anyMatch(s -> condition.accepts(s.result()));
    }

    public Set<DkimResult> results() {
        return condition.results();
    }

    /** Lower case; empty when every signature counts. */
    public Set<String> domains() {
        return condition.domains();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DkimResultCondition && ((DkimResultCondition) o).condition.equals(condition);
    }

    @Override
    public int hashCode() {
        return condition.hashCode();
    }

    /** The condition in its written form, which parses back to an equal condition. */
    @Override
    public String toString() {
        return condition.toString();
    }
}
