package org.mailpolicy.it;

import org.mailpolicy.it.harness.JamesServerExtension;
import org.mailpolicy.it.harness.Zone;

/**
 * The configuration most test classes use. Built the same way each time, so every class that
 * uses it shares one running James, NSD and Redis (see JamesServerExtension).
 */
final class StandardServers {

    static final Zone EXAMPLE_COM = Zone.primary("example.com",
            "@ TXT \"v=spf1 ip4:127.0.0.1 -all\"",
            "@ MX 10 mx.example.com.",
            "mx A 127.0.0.2",
            "mx AAAA 2001:db8::2");
    static final Zone REVERSE_127 = Zone.primary("127.in-addr.arpa",
            "2.0.0 PTR mx.example.com.");
    static final Zone BROKEN = Zone.servfail("broken.example");

    private StandardServers() {
    }

    static JamesServerExtension create() {
        return JamesServerExtension.builder()
                .zone(EXAMPLE_COM)
                .zone(REVERSE_127)
                .zone(BROKEN)
                .withRedis()
                .build();
    }
}
