package org.mailpolicy.it;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.mailpolicy.it.harness.JamesServerExtension;

/** Rate limits counted in James's memory: the standard servers, shared with the other tests. */
class RateLimitIT extends AbstractRateLimitIT {

    @RegisterExtension
    static final JamesServerExtension james = StandardServers.create();

    @Override
    JamesServerExtension james() {
        return james;
    }
}
