package org.mailpolicy.it;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.mailpolicy.it.harness.JamesServerExtension;

/**
 * Rate limits counted in a Redis that requires a password ({@code requirepass}), given in
 * {@code ratelimit.redis.uri}: the same behaviour, which shows James authenticated, since a
 * refused AUTH would make the fail-open sample rule accept every recipient.
 */
class PasswordRedisRateLimitIT extends AbstractRateLimitIT {

    @RegisterExtension
    static final JamesServerExtension james = StandardServers.withPasswordProtectedRedis();

    @Override
    JamesServerExtension james() {
        return james;
    }
}
