package org.mailpolicy.james.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.metrics.tests.RecordingMetricFactory;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.apache.mailet.base.test.FakeMail;
import org.junit.jupiter.api.Test;
import org.mailpolicy.james.RateLimitEvaluation;
import org.mailpolicy.ratelimit.GcraOutcome;
import org.mailpolicy.ratelimit.GcraUpdate;
import org.mailpolicy.ratelimit.InMemoryRateLimitStore;
import org.mailpolicy.ratelimit.LimitedBucket;
import org.mailpolicy.ratelimit.RateLimitRules;
import org.mailpolicy.ratelimit.RateLimitStore;
import org.mailpolicy.ratelimit.RateLimitStoreException;
import org.mailpolicy.ratelimit.RateLimiter;
import org.mailpolicy.ratelimit.StoredBucket;

class RateLimitHookTest {

    private static final String ALICE = "alice@example.com";

    private final RecordingMetricFactory metrics = new RecordingMetricFactory();

    private RateLimitHook hook(RateLimitStore store, String... keyValues) {
        Map<String, String> properties = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            properties.put(keyValues[i], keyValues[i + 1]);
        }
        RateLimitRules rules = RateLimitRules.parse(properties);
        return new RateLimitHook(new RateLimiter(rules, store), rules, metrics);
    }

    private RateLimitHook hook(String... keyValues) {
        return hook(new InMemoryRateLimitStore(), keyValues);
    }

    @Test
    void theRecipientOverTheLimitGets451_4_7_1NamingTheLimitAndWhenToRetry() throws Exception {
        RateLimitHook hook = hook("ratelimit.rule.burst.key", "user", "ratelimit.rule.burst.window.1m", "recipients:2");
        FakeSession session = new FakeSession("192.0.2.1", "client.example.org", false, ALICE);

        assertThat(rcpt(hook, session, "a@example.net")).isEqualTo(HookResult.DECLINED);
        assertThat(rcpt(hook, session, "b@example.net")).isEqualTo(HookResult.DECLINED);
        HookResult third = rcpt(hook, session, "c@example.net");

        assertThat(third.getResult()).isEqualTo(HookReturnCode.denySoft());
        assertThat(third.getSmtpRetCode()).isEqualTo("451");
        assertThat(third.getSmtpDescription())
                .isEqualTo("4.7.1 Exceeded the rate limit burst: 2 recipients per 1m for user=alice@example.com; try again in 30 s");
        assertThat(metrics.countFor("mailpolicy_ratelimit_burst_checked")).isEqualTo(3);
        assertThat(metrics.countFor("mailpolicy_ratelimit_burst_allowed")).isEqualTo(2);
        assertThat(metrics.countFor("mailpolicy_ratelimit_burst_limited")).isEqualTo(1);
        assertThat(metrics.executionTimesFor("mailpolicy_ratelimit")).hasSize(3);
        assertThat(metrics.executionTimesFor("mailpolicy_ratelimit_burst_latency")).as("per rule").hasSize(3);
    }

    @Test
    void aMessageIsCountedOnceWhateverItsRecipients() throws Exception {
        RateLimitHook hook = hook("ratelimit.rule.msgs.key", "user", "ratelimit.rule.msgs.window.1h", "messages:1");
        FakeSession session = new FakeSession("192.0.2.1", "client.example.org", false, ALICE);

        assertThat(rcpt(hook, session, "a@example.net")).isEqualTo(HookResult.DECLINED);
        assertThat(rcpt(hook, session, "b@example.net")).isEqualTo(HookResult.DECLINED);
        FakeMail mail = mail(100);
        assertThat(hook.onMessage(session, mail)).isEqualTo(HookResult.DECLINED);
        assertThat(mail.getAttribute(RateLimitEvaluation.COUNTED)).as("the RateLimit mailet leaves it alone").isPresent();

        session.newTransaction();
        assertThat(rcpt(hook, session, "a@example.net").getSmtpRetCode()).isEqualTo("451");
    }

    @Test
    void aRefusedFirstRecipientLeavesTheMessageToTheNextOne() throws Exception {
        RateLimitHook hook = hook("ratelimit.rule.fanout.key", "recipient-domain", "ratelimit.rule.fanout.window.1h", "recipients:1",
                "ratelimit.rule.msgs.key", "user", "ratelimit.rule.msgs.window.1h", "messages:1");
        FakeSession session = new FakeSession("192.0.2.1", "client.example.org", false, ALICE);
        assertThat(rcpt(hook, session, "a@full.example")).isEqualTo(HookResult.DECLINED);
        session.newTransaction();

        assertThat(rcpt(hook, session, "b@full.example").getSmtpRetCode()).as("domain spent, message not charged").isEqualTo("451");
        assertThat(rcpt(hook, session, "c@other.example").getSmtpRetCode()).as("messages:1 already used by the first transaction").isEqualTo("451");
    }

    @Test
    void unauthenticatedSessionsAreNotCountedByAUserRule() throws Exception {
        RateLimitHook hook = hook("ratelimit.rule.burst.key", "user", "ratelimit.rule.burst.window.1m", "recipients:1");
        FakeSession session = new FakeSession("192.0.2.1", "client.example.org", false, null);

        for (int i = 0; i < 3; i++) {
            assertThat(rcpt(hook, session, "a@example.net")).isEqualTo(HookResult.DECLINED);
        }
        assertThat(metrics.countFor("mailpolicy_ratelimit_burst_checked")).isZero();
    }

    @Test
    void bytesAreChargedAtTheEndOfData() throws Exception {
        RateLimitHook hook = hook("ratelimit.rule.volume.key", "user", "ratelimit.rule.volume.window.1h", "bytes:1KB");
        FakeSession session = new FakeSession("192.0.2.1", "client.example.org", false, ALICE);

        rcpt(hook, session, "a@example.net");
        assertThat(hook.onMessage(session, mail(600))).isEqualTo(HookResult.DECLINED);
        session.newTransaction();
        assertThat(rcpt(hook, session, "a@example.net")).as("the rest of the bytes fit a recipient").isEqualTo(HookResult.DECLINED);
        HookResult data = hook.onMessage(session, mail(600));

        assertThat(data.getSmtpRetCode()).isEqualTo("451");
        assertThat(data.getSmtpDescription()).startsWith("4.7.1 Exceeded the rate limit volume: 1024 bytes per 1h");
        assertThat(metrics.countFor("mailpolicy_ratelimit_volume_limited")).isEqualTo(1);
    }

    @Test
    void aMessageLargerThanTheWholeWindowIsRefusedForGood() throws Exception {
        RateLimitHook hook = hook("ratelimit.rule.volume.key", "user", "ratelimit.rule.volume.window.1h", "bytes:1KB");
        FakeSession session = new FakeSession("192.0.2.1", "client.example.org", false, ALICE);
        rcpt(hook, session, "a@example.net");

        HookResult data = hook.onMessage(session, mail(5000));

        assertThat(data.getResult()).isEqualTo(HookReturnCode.deny());
        assertThat(data.getSmtpRetCode()).isEqualTo("552");
        assertThat(data.getSmtpDescription()).startsWith("5.3.4 Message exceeds the rate limit volume");
    }

    @Test
    void rejectActionAnswers550_5_7_1() throws Exception {
        RateLimitHook hook = hook("ratelimit.rule.burst.key", "user", "ratelimit.rule.burst.window.1m", "recipients:1",
                "ratelimit.rule.burst.action", "reject");
        FakeSession session = new FakeSession("192.0.2.1", "client.example.org", false, ALICE);
        rcpt(hook, session, "a@example.net");

        HookResult second = rcpt(hook, session, "b@example.net");

        assertThat(second.getResult()).isEqualTo(HookReturnCode.deny());
        assertThat(second.getSmtpDescription()).isEqualTo("5.7.1 Exceeded the rate limit burst: 1 recipients per 1m for user=alice@example.com");
    }

    @Test
    void aStoreFailureFailsOpenByDefaultAndIsCounted() throws Exception {
        RateLimitHook hook = hook(new UnreachableStore(), "ratelimit.rule.burst.key", "user", "ratelimit.rule.burst.window.1m", "recipients:1");
        FakeSession session = new FakeSession("192.0.2.1", "client.example.org", false, ALICE);

        assertThat(rcpt(hook, session, "a@example.net")).isEqualTo(HookResult.DECLINED);
        assertThat(rcpt(hook, session, "b@example.net")).isEqualTo(HookResult.DECLINED);
        assertThat(metrics.countFor("mailpolicy_ratelimit_burst_store_errors")).isEqualTo(2);
    }

    @Test
    void aStoreFailureOfAFailClosedRuleAnswers451_4_3_0() throws Exception {
        RateLimitHook hook = hook(new UnreachableStore(), "ratelimit.rule.burst.key", "user", "ratelimit.rule.burst.window.1m", "recipients:1",
                "ratelimit.rule.burst.on-failure", "fail-closed");

        HookResult result = rcpt(hook, new FakeSession("192.0.2.1", "client.example.org", false, ALICE), "a@example.net");

        assertThat(result.getResult()).isEqualTo(HookReturnCode.denySoft());
        assertThat(result.getSmtpRetCode()).isEqualTo("451");
        assertThat(result.getSmtpDescription()).startsWith("4.3.0 ");
        assertThat(metrics.countFor("mailpolicy_ratelimit_burst_store_errors")).isEqualTo(1);
    }

    @Test
    void mailWithoutRecipientsCountedIsLeftAlone() throws Exception {
        RateLimitHook hook = hook("ratelimit.rule.volume.key", "user", "ratelimit.rule.volume.window.1h", "bytes:1KB");

        assertThat(hook.onMessage(new FakeSession("192.0.2.1", "client.example.org", false, null), mail(5000))).isEqualTo(HookResult.DECLINED);
    }

    private static HookResult rcpt(RateLimitHook hook, FakeSession session, String recipient) throws Exception {
        return hook.doRcpt(session, MaybeSender.of(new MailAddress(session.user() == null ? "someone@example.org" : session.user())),
                new MailAddress(recipient));
    }

    private static FakeMail mail(long size) throws Exception {
        return FakeMail.builder().name("m").size(size).build();
    }

    /** A store whose server does not answer, as RedisRateLimitStore reports a timeout. */
    private static final class UnreachableStore implements RateLimitStore {
        @Override
        public GcraOutcome apply(GcraUpdate update) {
            throw new RateLimitStoreException("timed out after 50 ms", null);
        }

        @Override
        public Optional<StoredBucket> read(String bucket) {
            throw new RateLimitStoreException("timed out after 50 ms", null);
        }

        @Override
        public boolean reset(String bucket) {
            throw new RateLimitStoreException("timed out after 50 ms", null);
        }

        @Override
        public List<LimitedBucket> mostLimited(int limit) {
            throw new RateLimitStoreException("timed out after 50 ms", null);
        }
    }
}
