package org.mailpolicy.authres;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzes the Authentication-Results parser: it must never throw, and whatever it accepts must
 * survive a write and a parse unchanged (the writer's quoting is what makes our headers safe).
 */
class AuthenticationResultsFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void parse(FuzzedDataProvider data) {
        String value = data.consumeRemainingAsString();
        AuthenticationResults.authservIdOf(value);
        AuthenticationResults.parse(value).ifPresent(parsed -> {
            String written;
            try {
                written = parsed.toHeaderValue();
            } catch (IllegalArgumentException notAKeyword) {
                return;
            }
            assertThat(AuthenticationResults.parse(written)).contains(parsed);
        });
    }
}
