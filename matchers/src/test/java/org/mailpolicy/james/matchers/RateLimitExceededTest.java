package org.mailpolicy.james.matchers;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMatcherConfig;
import org.junit.jupiter.api.Test;
import org.mailpolicy.james.RateLimitEvaluation;

class RateLimitExceededTest {

    private static RateLimitExceeded matcher() throws Exception {
        RateLimitExceeded matcher = new RateLimitExceeded();
        matcher.init(FakeMatcherConfig.builder().matcherName("RateLimitExceeded").build());
        return matcher;
    }

    @Test
    void matchesEveryRecipientOfMailOverALimit() throws Exception {
        FakeMail mail = FakeMail.builder().name("m").recipients("a@example.net", "b@example.net").build();
        mail.setAttribute(new Attribute(RateLimitEvaluation.EXCEEDED, AttributeValue.of("451 4.7.1 Exceeded the rate limit x")));

        assertThat(matcher().match(mail)).containsExactly(new MailAddress("a@example.net"), new MailAddress("b@example.net"));
    }

    @Test
    void mailWithinItsLimitsDoesNotMatch() throws Exception {
        FakeMail mail = FakeMail.builder().name("m").recipients("a@example.net").build();

        assertThat(matcher().match(mail)).isEmpty();
    }
}
