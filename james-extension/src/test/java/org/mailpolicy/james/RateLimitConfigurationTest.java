package org.mailpolicy.james;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.commons.configuration2.PropertiesConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailpolicy.ratelimit.Dimension;
import org.mailpolicy.ratelimit.InMemoryRateLimitStore;
import org.mailpolicy.ratelimit.RateLimitRule;
import org.mailpolicy.ratelimit.RedisRateLimitStore;

class RateLimitConfigurationTest {

    @TempDir
    Path dir;

    private static PropertiesConfiguration properties(String text) throws Exception {
        return TestProperties.of(text);
    }

    private static File noFiles(String name) {
        throw new AssertionError("no rules file expected, asked for " + name);
    }

    @Test
    void rulesInMailpolicyPropertiesKeepTheirCommaSeparatedLimits() throws Exception {
        RateLimitConfiguration configuration = RateLimitConfiguration.from(properties(
                "authservId=mx.test\n"
                        + "ratelimit.rule.submission.key=user\n"
                        + "ratelimit.rule.submission.window.1m=messages:10, recipients:50\n"
                        + "ratelimit.rule.submission.exempt.users=a@example.com, b@example.com\n"));

        RateLimitRule rule = configuration.rules(RateLimitConfigurationTest::noFiles).current().rule("submission").orElseThrow();

        assertThat(rule.windows().get(0).limits()).containsEntry(Dimension.MESSAGES, 10L).containsEntry(Dimension.RECIPIENTS, 50L);
        assertThat(rule.exemptUsers()).containsExactlyInAnyOrder("a@example.com", "b@example.com");
    }

    @Test
    void noRulesMeansNothingIsLimitedAndTheStoreIsInMemory() throws Exception {
        RateLimitConfiguration configuration = RateLimitConfiguration.from(properties("authservId=mx.test\n"));

        assertThat(configuration.rules(RateLimitConfigurationTest::noFiles).current().rules()).isEmpty();
        assertThat(configuration.store()).isInstanceOf(InMemoryRateLimitStore.class);
    }

    @Test
    void aRulesFileIsResolvedLikeJamesFilesAndRead() throws Exception {
        Path file = dir.resolve("ratelimit.properties");
        Files.writeString(file, "ratelimit.rule.per-ip.key=ip\nratelimit.rule.per-ip.window.1h=messages:100\n", StandardCharsets.UTF_8);
        RateLimitConfiguration configuration = RateLimitConfiguration.from(properties("ratelimit.rulesFile=file://conf/ratelimit.properties\n"));

        assertThat(configuration.rules(name -> name.equals("file://conf/ratelimit.properties") ? file.toFile() : noFiles(name))
                .current().rule("per-ip")).isPresent();
    }

    @Test
    void aBadRuleNamesTheFileAndTheKey() throws Exception {
        RateLimitConfiguration configuration = RateLimitConfiguration.from(properties(
                "ratelimit.rule.x.key=user\nratelimit.rule.x.window.1m=mails:10\n"));

        assertThatThrownBy(() -> configuration.rules(RateLimitConfigurationTest::noFiles))
                .hasMessageStartingWith("mailpolicy.properties: ratelimit.rule.x.window.1m");
    }

    @Test
    void aBadRulesFileNamesItAndTheKey() throws Exception {
        Path file = dir.resolve("ratelimit.properties");
        Files.writeString(file, "ratelimit.rule.x.key=nobody\nratelimit.rule.x.window.1m=messages:1\n", StandardCharsets.UTF_8);
        RateLimitConfiguration configuration = RateLimitConfiguration.from(properties("ratelimit.rulesFile=" + file + "\n"));

        assertThatThrownBy(() -> configuration.rules(name -> new File(name)))
                .hasMessageContaining("rate-limit rules file " + file)
                .hasMessageContaining("ratelimit.rule.x.key");
    }

    @Test
    void aMissingRulesFileFailsStartUp() throws Exception {
        RateLimitConfiguration configuration = RateLimitConfiguration.from(properties("ratelimit.rulesFile=/nonexistent/rules\n"));

        assertThatThrownBy(() -> configuration.rules(name -> new File(name)))
                .hasMessageStartingWith("mailpolicy.properties: ratelimit.rulesFile=/nonexistent/rules is not valid; expected a readable rules file");
    }

    @Test
    void rulesInBothPlacesAreRefused() {
        assertThatThrownBy(() -> RateLimitConfiguration.from(properties(
                "ratelimit.rulesFile=conf/rl.properties\nratelimit.rule.x.key=user\n")))
                .hasMessageContaining("ratelimit.rulesFile")
                .hasMessageContaining("not both");
    }

    @Test
    void anUnknownStoreNamesTheAcceptedValues() {
        assertThatThrownBy(() -> RateLimitConfiguration.from(properties("ratelimit.store=memcached\n")))
                .hasMessage("mailpolicy.properties: ratelimit.store=memcached is not valid; expected memory or redis");
    }

    @Test
    void redisNeedsAUri() {
        assertThatThrownBy(() -> RateLimitConfiguration.from(properties("ratelimit.store=redis\n")))
                .hasMessageContaining("ratelimit.redis.uri");
    }

    @Test
    void redisTimeoutDefaultsTo50ms() throws Exception {
        RateLimitConfiguration configuration = RateLimitConfiguration.from(properties(
                "ratelimit.store=redis\nratelimit.redis.uri=redis://127.0.0.1:1\n"));

        assertThat(configuration.redisTimeout()).isEqualTo(RedisRateLimitStore.DEFAULT_TIMEOUT);
        assertThat(configuration.storeType()).isEqualTo(RateLimitConfiguration.Store.REDIS);
    }

    @Test
    void aBadRedisTimeoutNamesTheKey() {
        assertThatThrownBy(() -> RateLimitConfiguration.from(properties(
                "ratelimit.store=redis\nratelimit.redis.uri=redis://127.0.0.1:1\nratelimit.redis.timeout=fast\n")))
                .hasMessageContaining("ratelimit.redis.timeout=fast")
                .hasMessageContaining("a duration");
    }

    @Test
    void severalRedisUrisOnlyForACluster() {
        assertThatThrownBy(() -> RateLimitConfiguration.from(properties(
                "ratelimit.store=redis\nratelimit.redis.uri=redis://a:1, redis://b:1\n")))
                .hasMessageContaining("ratelimit.redis.cluster=true");
    }
}
