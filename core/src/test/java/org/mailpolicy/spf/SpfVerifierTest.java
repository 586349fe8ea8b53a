package org.mailpolicy.spf;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;

import org.junit.jupiter.api.Test;
import org.mailpolicy.dns.InMemoryResolver;

class SpfVerifierTest {

    private static final String LONG_LOCAL_PART = "x".repeat(70);

    @Test
    void rfc7208Section7_3AMacroExpandingToAnInvalidNameIsNoMatchNotATemporaryError() throws Exception {
        // a production resolver refuses to send such a name and answers TEMPFAIL; the engine must not ask
        InMemoryResolver resolver = InMemoryResolver.builder()
                .txt("example.com", "v=spf1 a:%{l}.users.example.com exists:%{l}.e.example.com ip4:192.0.2.0/24 -all")
                .tempfail(LONG_LOCAL_PART + ".users.example.com", "invalid name")
                .tempfail(LONG_LOCAL_PART + ".e.example.com", "invalid name")
                .build();
        SpfVerifier verifier = new SpfVerifier(resolver, SpfOptions.defaults());

        SpfResult inRange = verifier.verifyMailFrom(InetAddress.getByName("192.0.2.5"), "h.example.com",
                LONG_LOCAL_PART + "@example.com").join();
        SpfResult outside = verifier.verifyMailFrom(InetAddress.getByName("198.51.100.5"), "h.example.com",
                LONG_LOCAL_PART + "@example.com").join();

        assertThat(inRange.code()).isEqualTo(SpfResultCode.PASS);
        assertThat(outside.code()).isEqualTo(SpfResultCode.FAIL);
        assertThat(resolver.queryCount()).as("only the two TXT lookups").isEqualTo(2);
    }
}
