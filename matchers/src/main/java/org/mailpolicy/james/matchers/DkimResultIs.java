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

    private Set<DkimResult> results;
    private Set<String> domains;

    @Override
    public void init() throws MessagingException {
        String condition = getCondition();
        ResultCondition parsed = ResultCondition.parse("DkimResultIs", condition, "domain",
                "DkimResultIs needs a list of DKIM results, for example DkimResultIs=pass "
                + "or DkimResultIs=pass;domain=example.com");
        Set<DkimResult> words = EnumSet.noneOf(DkimResult.class);
        for (String word : parsed.results) {
            words.add(result(condition, word));
        }
        results = words;
        domains = parsed.domains;
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
