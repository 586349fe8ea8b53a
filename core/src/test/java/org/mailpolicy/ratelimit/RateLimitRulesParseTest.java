package org.mailpolicy.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The property format of RULES.md, and the errors an admin gets for each mistake. */
class RateLimitRulesParseTest {

    @Test
    void theExampleInRulesMdParsesToWhatItSays() throws IOException {
        String doc = Files.readString(Path.of("src/main/java/org/mailpolicy/ratelimit/RULES.md"), StandardCharsets.UTF_8);
        String example = doc.substring(doc.indexOf("```properties") + "```properties".length(), doc.indexOf("```", doc.indexOf("```properties") + 5));
        RateLimitRules rules = RateLimitRules.parse(new StringReader(example));

        assertThat(rules.rules()).extracting(RateLimitRule::name).containsExactly("fanout", "per-ip", "submission");
        RateLimitRule submission = rules.rule("submission").orElseThrow();
        assertThat(submission.key()).containsExactly(KeyPart.USER);
        assertThat(submission.windows()).containsExactlyInAnyOrder(
                new RateLimitWindow("1m", Duration.ofMinutes(1), Map.of(Dimension.MESSAGES, 10L, Dimension.RECIPIENTS, 50L, Dimension.BYTES, 10L << 20)),
                new RateLimitWindow("1d", Duration.ofDays(1), Map.of(Dimension.MESSAGES, 500L, Dimension.RECIPIENTS, 2000L)));
        assertThat(submission.action()).isEqualTo(RateLimitAction.TEMPFAIL);
        assertThat(submission.chargeMode()).isEqualTo(ChargeMode.LEAKY);
        assertThat(submission.failurePolicy()).isEqualTo(FailurePolicy.FAIL_OPEN);
        assertThat(submission.exemptUsers()).containsExactly("postmaster@example.com");
        assertThat(submission.exemptNetworks()).containsExactlyInAnyOrder("10.0.0.0/8", "2001:db8:100:0:0:0:0:0/48");
        assertThat(submission.exemptSenders()).containsExactlyInAnyOrder("@lists.example.com", "alerts@example.com");
        assertThat(submission.userOverrides()).isEqualTo(Map.of("boss@example.com",
                Map.of("1d", Map.of(Dimension.MESSAGES, 5000L, Dimension.RECIPIENTS, 20000L))));
        assertThat(submission.domainOverrides()).isEqualTo(Map.of("partner.example", Map.of("1d", Map.of(Dimension.MESSAGES, 2000L))));

        RateLimitRule perIp = rules.rule("per-ip").orElseThrow();
        assertThat(perIp.chargeMode()).isEqualTo(ChargeMode.STRICT);
        assertThat(perIp.failurePolicy()).isEqualTo(FailurePolicy.FAIL_CLOSED);
        assertThat(perIp.ipv6Prefix()).isEqualTo(64);

        RateLimitRule fanout = rules.rule("fanout").orElseThrow();
        assertThat(fanout.key()).containsExactly(KeyPart.SENDER, KeyPart.RECIPIENT_DOMAIN);
        assertThat(fanout.action()).isEqualTo(RateLimitAction.REJECT);
    }

    @Test
    void keysOutsideTheRulePrefixAreIgnored() {
        assertThat(RateLimitRules.parse(Map.of("spf.enabled", "true", "ratelimit.store", "redis")).rules()).isEmpty();
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
        "ratelimit.rule.r.key        | user+mailbox                 | ratelimit.rule.r.key                 | 'mailbox' is not a key part; accepted: user, ip, helo, sender, sender-domain, recipient, recipient-domain, global",
        "ratelimit.rule.r.key        | user+user                    | ratelimit.rule.r.key                 | user given twice",
        "ratelimit.rule.r.key        | global+ip                    | ratelimit.rule.r.key                 | global cannot be combined",
        "ratelimit.rule.r.window.1w  | messages:10                  | ratelimit.rule.r.window.1w           | write a number and s, m, h or d",
        "ratelimit.rule.r.window.0s  | messages:10                  | ratelimit.rule.r.window.0s           | between 1s and 366d",
        "ratelimit.rule.r.window.1m  | mails:10                     | ratelimit.rule.r.window.1m           | dimension one of messages, recipients, bytes",
        "ratelimit.rule.r.window.1m  | messages                     | ratelimit.rule.r.window.1m           | expected messages:<limit>",
        "ratelimit.rule.r.window.1m  | messages:10MB                | ratelimit.rule.r.window.1m           | write a whole number",
        "ratelimit.rule.r.window.1m  | bytes:10TB                   | ratelimit.rule.r.window.1m           | optionally with B, KB, MB or GB",
        "ratelimit.rule.r.window.1m  | messages:0                   | ratelimit.rule.r.window.1m           | must be between 1 and",
        "ratelimit.rule.r.window.1s  | recipients:1000001           | ratelimit.rule.r.window.1s           | more than one a microsecond, which a counter in µs cannot count; at most 1000000",
        "ratelimit.rule.r.override.user.a@b.example.1m | messages:60000001 | ratelimit.rule.r.*            | more than one a microsecond",
        "ratelimit.rule.r.window.1m  | messages:1,messages:2        | ratelimit.rule.r.window.1m           | messages given twice",
        "ratelimit.rule.r.window.1m  | ' , '                        | ratelimit.rule.r.window.1m           | empty; expected for example",
        "ratelimit.rule.r.action     | drop                         | ratelimit.rule.r.action              | accepted: tempfail, reject",
        "ratelimit.rule.r.mode       | lenient                      | ratelimit.rule.r.mode                | accepted: leaky, strict",
        "ratelimit.rule.r.on-failure | ignore                       | ratelimit.rule.r.on-failure          | accepted: fail-open, fail-closed",
        "ratelimit.rule.r.ipv6-prefix| 129                          | ratelimit.rule.r.ipv6-prefix         | accepted: 0 to 128",
        "ratelimit.rule.r.ipv4-prefix| /24                          | ratelimit.rule.r.ipv4-prefix         | accepted: 0 to 32",
        "ratelimit.rule.r.exempt.networks | 10.0.0.0/33             | ratelimit.rule.r.exempt.networks     | is not an IPv4 or IPv6 network",
        "ratelimit.rule.r.exempt.networks | mail.example.com        | ratelimit.rule.r.exempt.networks     | is not an IPv4 or IPv6 network",
        "ratelimit.rule.r.exempt.senders  | example.com             | ratelimit.rule.r.exempt.senders      | neither an address nor @domain",
        "ratelimit.rule.r.override.user.a@b.example.1h | messages:5 | ratelimit.rule.r.override.user.a@b.example.1h | window '1h' is not one of the rule's windows: 1m",
        "ratelimit.rule.r.override.user.1m | messages:5             | ratelimit.rule.r.override.user.1m    | expected override.user.<user>.<window>",
        "ratelimit.rule.r.burst      | 10                           | ratelimit.rule.r.burst               | unknown setting 'burst'; accepted: key, window.<duration>",
        "ratelimit.rule.r            | x                            | ratelimit.rule.r                     | expected ratelimit.rule.<name>.<setting>",
        "ratelimit.rule.r!.key       | user                         | ratelimit.rule.r!.key                | rule name 'r!'",
    })
    void eachMistakeNamesTheKeyAndWhatItAccepts(String key, String value, String reportedKey, String message) {
        Map<String, String> properties = new HashMap<>(Map.of(
                "ratelimit.rule.r.key", "user", "ratelimit.rule.r.window.1m", "messages:10"));
        properties.put(key, value);
        assertThatThrownBy(() -> RateLimitRules.parse(properties))
                .isInstanceOfSatisfying(RateLimitConfigException.class, e -> {
                    assertThat(e.key()).isEqualTo(reportedKey);
                    assertThat(e.getMessage()).startsWith(reportedKey + ": ").contains(message);
                });
    }

    @Test
    void aRuleWithoutKeyOrWindowIsRefused() {
        assertThatThrownBy(() -> RateLimitRules.parse(Map.of("ratelimit.rule.r.window.1m", "messages:1")))
                .hasMessageStartingWith("ratelimit.rule.r.key: missing; one or more of user, ip");
        assertThatThrownBy(() -> RateLimitRules.parse(Map.of("ratelimit.rule.r.key", "user")))
                .hasMessageStartingWith("ratelimit.rule.r.window.<duration>: missing");
    }

    @Test
    void sizesAre1024BasedAndCaseInsensitive() {
        RateLimitRules rules = RateLimitRules.parse(Map.of("ratelimit.rule.r.key", "global",
                "ratelimit.rule.r.window.1h", "bytes: 3 kb", "ratelimit.rule.r.window.1d", "bytes:2G"));
        assertThat(rules.rules().get(0).windows()).extracting(w -> w.limits().get(Dimension.BYTES)).containsExactlyInAnyOrder(3072L, 2L << 30);
    }

    @Test
    void rulesBuiltInCodeEqualTheirParsedForm() {
        RateLimitRule built = RateLimitRule.builder("r").key(KeyPart.USER, KeyPart.IP)
                .window(new RateLimitWindow("1m", Duration.ofMinutes(1), Map.of(Dimension.MESSAGES, 10L))).build();
        assertThat(RateLimitRules.parse(Map.of("ratelimit.rule.r.key", "user + ip", "ratelimit.rule.r.window.1m", "messages:10")))
                .isEqualTo(RateLimitRules.of(List.of(built)));
    }
}
