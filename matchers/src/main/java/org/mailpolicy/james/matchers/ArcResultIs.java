package org.mailpolicy.james.matchers;

import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMatcher;
import org.mailpolicy.arc.ArcResult;
import org.mailpolicy.james.ArcVerdict;

/**
 * Matches every recipient when the ARC chain of the mail ({@code mailpolicy.arc}, written by the
 * end-of-DATA hook, {@code ArcVerify} or {@code ArcSeal}) has one of the listed results
 * ({@code none}, {@code pass}, {@code fail}); with {@code ;sealer=}, only when the newest ARC set was
 * sealed by one of the listed domains (the forwarder that handed the message on).
 *
 * <pre>{@code
 * <mailet match="org.mailpolicy.james.matchers.ArcResultIs=fail" class="ToRepository">
 * <mailet match="org.mailpolicy.james.matchers.ArcResultIs=pass;sealer=google.com,outlook.com" class="...">
 * }</pre>
 */
public class ArcResultIs extends GenericMatcher {

    private static final String SEALER = "sealer=";

    private Set<ArcResult> results;
    private Set<String> sealers;

    @Override
    public void init() throws MessagingException {
        String condition = getCondition();
        if (condition == null || condition.isBlank()) {
            throw new MessagingException("ArcResultIs needs a list of ARC results, for example ArcResultIs=pass "
                    + "or ArcResultIs=pass;sealer=example.com");
        }
        String[] parts = condition.split(";", -1);
        if (parts.length > 2 || (parts.length == 2 && !parts[1].trim().startsWith(SEALER))) {
            throw new MessagingException("ArcResultIs=" + condition + ": expected <result>[,<result>…][;sealer=<domain>[,<domain>…]]");
        }
        Set<ArcResult> parsed = EnumSet.noneOf(ArcResult.class);
        for (String word : parts[0].split(",")) {
            parsed.add(result(condition, word.trim()));
        }
        results = parsed;
        sealers = parts.length == 2
                ? Arrays.stream(parts[1].trim().substring(SEALER.length()).split(","))
                        .map(d -> d.trim().toLowerCase(Locale.ROOT))
                        .filter(d -> !d.isEmpty())
                        .collect(Collectors.toUnmodifiableSet())
                : Set.of();
        if (parts.length == 2 && sealers.isEmpty()) {
            throw new MessagingException("ArcResultIs=" + condition + ": sealer= needs at least one domain");
        }
    }

    @Override
    public Collection<MailAddress> match(Mail mail) {
        return ArcVerdict.read(mail)
                .filter(this::matches)
                .map(verdict -> mail.getRecipients())
                .orElse(List.of());
    }

    private boolean matches(ArcVerdict verdict) {
        if (!results.contains(verdict.result())) {
            return false;
        }
        return sealers.isEmpty() || verdict.newestHop().map(hop -> sealers.contains(hop.domain())).orElse(false);
    }

    private static ArcResult result(String condition, String word) throws MessagingException {
        for (ArcResult result : ArcResult.values()) {
            if (result.word().equalsIgnoreCase(word)) {
                return result;
            }
        }
        throw new MessagingException("ArcResultIs=" + condition + ": '" + word + "' is not an ARC result; expected one of "
                + Arrays.stream(ArcResult.values()).map(ArcResult::word).collect(Collectors.joining(", ")));
    }
}
