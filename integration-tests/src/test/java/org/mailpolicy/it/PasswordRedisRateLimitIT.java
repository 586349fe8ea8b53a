package org.mailpolicy.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mailpolicy.it.harness.JamesServerExtension.USER;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mailpolicy.it.harness.JamesServerExtension;
import org.mailpolicy.it.harness.SmtpClient;

/**
 * Rate limits counted in a Redis that requires a password ({@code requirepass}), given in
 * {@code ratelimit.redis.uri}: the same behaviour, so James authenticated (a refused AUTH would
 * make the fail-open sample rule accept everything and the limit tests fail).
 */
class PasswordRedisRateLimitIT extends AbstractRateLimitIT {

    @RegisterExtension
    static final JamesServerExtension james = StandardServers.withPasswordProtectedRedis();

    @Override
    JamesServerExtension james() {
        return james;
    }

    @Test
    void theCountersAreInThePasswordProtectedRedis() throws Exception {
        try (SmtpClient smtp = authenticated(USER)) {
            assertThat(smtp.mailFrom(USER).code()).isEqualTo(250);
            assertThat(smtp.rcptTo("counted@example.net").code()).as("%s", smtp.transcript()).isEqualTo(250);
        }
        assertThat(james.redis().command("EXISTS mailpolicy:rl:{submission|user=" + USER + "}")).isEqualTo(":1");
    }
}
