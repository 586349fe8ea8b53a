package org.mailpolicy.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mailpolicy.it.harness.JamesServerExtension.USER;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mailpolicy.it.harness.JamesServerExtension;
import org.mailpolicy.it.harness.SmtpClient;

/** Rate limits counted in a real Redis ({@code ratelimit.store=redis}): the same behaviour, and the state is in Redis. */
class RedisRateLimitIT extends AbstractRateLimitIT {

    @RegisterExtension
    static final JamesServerExtension james = StandardServers.withRedisRateLimits();

    @Override
    JamesServerExtension james() {
        return james;
    }

    @Test
    void anAccountsCountersAreInRedis() throws Exception {
        try (SmtpClient smtp = authenticated(USER)) {
            assertThat(smtp.mailFrom(USER).code()).isEqualTo(250);
            assertThat(smtp.rcptTo("counted@example.net").code()).as("%s", smtp.transcript()).isEqualTo(250);
        }

        // RedisRateLimitStore's key: one hash per rule and key, one field per window and dimension.
        assertThat(james.redis().command("HLEN mailpolicy:rl:{submission|user=" + USER + "}"))
                .as("1m and 1d windows, messages and recipients each")
                .isEqualTo(":4");
    }
}
