package org.mailpolicy.james.matchers;

import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
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

    private Set<ArcResult> results;
    private Set<String> sealers;

    @Override
    public void init() throws MessagingException {
        String condition = getCondition();
        ResultCondition parsed = ResultCondition.parse("ArcResultIs", condition, "sealer",
                "ArcResultIs needs a list of ARC results, for example ArcResultIs=pass "
                + "or ArcResultIs=pass;sealer=example.com");
        Set<ArcResult> words = EnumSet.noneOf(ArcResult.class);
        for (String word : parsed.results) {
            words.add(result(condition, word));
        }
        results = words;
        sealers = parsed.domains;
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
