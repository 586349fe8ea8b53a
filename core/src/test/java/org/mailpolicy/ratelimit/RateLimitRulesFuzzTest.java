package org.mailpolicy.ratelimit;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;

/**
 * The rule parser never fails with anything but a {@link RateLimitConfigException}, whatever the
 * file holds. In a plain build the seeds in {@code RateLimitRulesFuzzTestInputs/parse} run as a
 * regression test; {@code JAZZER_FUZZ=1} fuzzes.
 */
class RateLimitRulesFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void parse(byte[] input) throws IOException {
        try {
            RateLimitRules rules = RateLimitRules.parse(new StringReader(new String(input, StandardCharsets.UTF_8)));
            rules.rules().forEach(rule -> rule.keysFor(RateLimitRequest.builder().user("u@example.com").sender("s@example.com")
                    .recipient("r@example.net").clientIp(RateLimiterTest.ip("2001:db8::1")).build()));
        } catch (RateLimitConfigException expected) {
            if (!expected.getMessage().startsWith(expected.key() + ": ")) {
                throw new AssertionError("the message must name the key: " + expected.getMessage());
            }
        }
    }
}
