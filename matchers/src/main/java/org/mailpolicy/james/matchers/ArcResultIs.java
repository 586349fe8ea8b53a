package org.mailpolicy.james.matchers;

import java.util.Collection;
import java.util.List;

import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMatcher;
import org.mailpolicy.arc.ArcResult;
import org.mailpolicy.james.ArcVerdict;
import org.mailpolicy.james.ResultCondition;

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

    private ResultCondition<ArcResult> condition;

    @Override
    public void init() throws MessagingException {
        try {
            condition = ResultCondition.parse(getCondition(), "ARC", ArcResult.class, ArcResult::word, "sealer");
        } catch (IllegalArgumentException e) {
            throw new MessagingException("ArcResultIs=" + getCondition() + ": " + e.getMessage(), e);
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
        if (!condition.accepts(verdict.result())) {
            return false;
        }
        return condition.domains().isEmpty() || verdict.newestHop().map(hop -> condition.coversDomain(hop.domain())).orElse(false);
    }
}
