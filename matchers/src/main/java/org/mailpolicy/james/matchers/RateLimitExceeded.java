package org.mailpolicy.james.matchers;

import java.util.Collection;
import java.util.List;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMatcher;
import org.mailpolicy.james.RateLimitEvaluation;

/**
 * Matches every recipient of mail the {@code RateLimit} mailet found over a limit (attribute
 * {@code mailpolicy.ratelimit.exceeded}).
 *
 * <pre>{@code <mailet match="org.mailpolicy.james.matchers.RateLimitExceeded" class="ToProcessor">}</pre>
 */
public class RateLimitExceeded extends GenericMatcher {

    @Override
    public Collection<MailAddress> match(Mail mail) {
        return mail.getAttribute(RateLimitEvaluation.EXCEEDED).isPresent() ? mail.getRecipients() : List.of();
    }
}
