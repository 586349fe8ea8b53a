package org.mailpolicy.james.mailets;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.apache.james.metrics.tests.RecordingMetricFactory;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.junit.jupiter.api.Test;
import org.mailpolicy.james.RateLimitEvaluation;
import org.mailpolicy.ratelimit.InMemoryRateLimitStore;
import org.mailpolicy.ratelimit.RateLimitRules;
import org.mailpolicy.ratelimit.RateLimiter;

class RateLimitTest {

    private final RecordingMetricFactory metrics = new RecordingMetricFactory();
    private final RateLimitRules rules = RateLimitRules.parse(Map.of(
            "ratelimit.rule.senders.key", "sender",
            "ratelimit.rule.senders.window.1h", "recipients:3"));
    private final RateLimiter limiter = new RateLimiter(rules, new InMemoryRateLimitStore());

    private RateLimit mailet(String exceededProcessor) throws Exception {
        RateLimit mailet = new RateLimit(limiter, rules, metrics);
        FakeMailetConfig.Builder config = FakeMailetConfig.builder().mailetName("RateLimit");
        if (exceededProcessor != null) {
            config.setProperty("exceededProcessor", exceededProcessor);
        }
        mailet.init(config.build());
        return mailet;
    }

    private static FakeMail mail(String... recipients) throws Exception {
        return FakeMail.builder().name("m").sender("app@example.com").recipients(recipients).state(Mail.DEFAULT).size(100).build();
    }

    @Test
    void allRecipientsAreCountedAtOnceAndMailOverTheLimitGoesToTheExceededProcessor() throws Exception {
        RateLimit mailet = mailet("rate-limited");
        FakeMail first = mail("a@example.net", "b@example.net");
        FakeMail second = mail("c@example.net", "d@example.net");

        mailet.service(first);
        mailet.service(second);

        assertThat(first.getState()).isEqualTo(Mail.DEFAULT);
        assertThat(first.getAttribute(RateLimitEvaluation.EXCEEDED)).isEmpty();
        assertThat(second.getState()).isEqualTo("rate-limited");
        assertThat(second.getAttribute(RateLimitEvaluation.EXCEEDED).orElseThrow().getValue().value().toString())
                .startsWith("451 4.7.1 Exceeded the rate limit senders: 3 recipients per 1h for sender=app@example.com");
        assertThat(metrics.countFor("mailpolicy_ratelimit_senders_limited")).isEqualTo(1);
    }

    @Test
    void withoutExceededProcessorTheMailStaysMarked() throws Exception {
        FakeMail mail = mail("a@example.net", "b@example.net", "c@example.net", "d@example.net");

        mailet(null).service(mail);

        assertThat(mail.getState()).isEqualTo(Mail.DEFAULT);
        assertThat(mail.getAttribute(RateLimitEvaluation.EXCEEDED)).isPresent();
    }

    @Test
    void mailTheHookCountedIsNotCountedAgain() throws Exception {
        FakeMail mail = mail("a@example.net", "b@example.net", "c@example.net", "d@example.net");
        mail.setAttribute(new Attribute(RateLimitEvaluation.COUNTED, AttributeValue.of(true)));

        mailet("rate-limited").service(mail);

        assertThat(mail.getState()).isEqualTo(Mail.DEFAULT);
        assertThat(metrics.countFor("mailpolicy_ratelimit_senders_checked")).isZero();
    }
}
