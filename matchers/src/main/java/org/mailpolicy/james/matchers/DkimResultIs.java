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
import org.mailpolicy.dkim.DkimResult;
import org.mailpolicy.james.DkimVerdict;

/**
 * Matches every recipient when a DKIM signature of the mail ({@code mailpolicy.dkim}, written by
 * {@code DkimHook} or {@code DkimVerify}) has one of the listed results; with {@code ;domain=},
 * only signatures whose {@code d=} is one of the listed domains count. {@code none} matches an
 * unsigned message (and, with {@code domain=}, a message with no signature of those domains).
 *
 * <pre>{@code
 * <mailet match="org.mailpolicy.james.matchers.DkimResultIs=fail,permerror" class="ToRepository">
 * <mailet match="org.mailpolicy.james.matchers.DkimResultIs=pass;domain=example.com,example.org" class="...">
 * }</pre>
 */
public class DkimResultIs extends GenericMatcher {

    private static final String DOMAIN = "domain=";

    private Set<DkimResult> results;
    private Set<String> domains;

    @Override
    public void init() throws MessagingException {
        String condition = getCondition();
        if (condition == null || condition.isBlank()) {
            throw new MessagingException("DkimResultIs needs a list of DKIM results, for example DkimResultIs=pass "
                    + "or DkimResultIs=pass;domain=example.com");
        }
        String[] parts = condition.split(";", -1);
        if (parts.length > 2 || (parts.length == 2 && !parts[1].trim().startsWith(DOMAIN))) {
            throw new MessagingException("DkimResultIs=" + condition + ": expected <result>[,<result>…][;domain=<domain>[,<domain>…]]");
        }
        Set<DkimResult> parsed = EnumSet.noneOf(DkimResult.class);
        for (String word : parts[0].split(",")) {
            parsed.add(result(condition, word.trim()));
        }
        results = parsed;
        domains = parts.length == 2
                ? Arrays.stream(parts[1].trim().substring(DOMAIN.length()).split(","))
                        .map(d -> d.trim().toLowerCase(Locale.ROOT))
                        .filter(d -> !d.isEmpty())
                        .collect(Collectors.toUnmodifiableSet())
                : Set.of();
        if (parts.length == 2 && domains.isEmpty()) {
            throw new MessagingException("DkimResultIs=" + condition + ": domain= needs at least one domain");
        }
    }

    @Override
    public Collection<MailAddress> match(Mail mail) {
        return DkimVerdict.read(mail)
                .filter(this::matches)
                .map(verdict -> mail.getRecipients())
                .orElse(List.of());
    }

    private boolean matches(DkimVerdict verdict) {
        List<DkimVerdict.Signature> considered = verdict.signatures().stream()
                .filter(s -> domains.isEmpty() || domains.contains(s.domain().toLowerCase(Locale.ROOT)))
                .collect(Collectors.toList());
        if (considered.isEmpty()) {
            // RFC 8601 §2.7.1: no (relevant) signature is the result none.
            return results.contains(DkimResult.NONE);
        }
        return considered.stream().anyMatch(s -> results.contains(s.result()));
    }

    private static DkimResult result(String condition, String word) throws MessagingException {
        for (DkimResult result : DkimResult.values()) {
            if (result.word().equalsIgnoreCase(word)) {
                return result;
            }
        }
        throw new MessagingException("DkimResultIs=" + condition + ": '" + word + "' is not a DKIM result; expected one of "
                + Arrays.stream(DkimResult.values()).map(DkimResult::word).collect(Collectors.joining(", ")));
    }
}
