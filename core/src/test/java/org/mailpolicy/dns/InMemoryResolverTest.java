package org.mailpolicy.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class InMemoryResolverTest {

    private final InMemoryResolver resolver = InMemoryResolver.builder()
            .txt("Example.COM.", "v=spf1 -all")
            .a("example.com", address("192.0.2.1"))
            .mx("example.com", 10, "mx.example.com.")
            .exists("empty.example.com")
            .tempfail("broken.example.com", "SERVFAIL")
            .build();

    @Test
    void answersRecordsCaseInsensitivelyWithOrWithoutTrailingDot() {
        assertThat(resolver.txt("example.com").join().records()).containsExactly("v=spf1 -all");
        assertThat(resolver.mx("EXAMPLE.com.").join().records()).containsExactly(new MxRecord(10, "mx.example.com"));
    }

    @Test
    void keepsNxdomainNodataAndTempfailApart() {
        assertThat(resolver.txt("missing.example.com").join().status()).isEqualTo(DnsStatus.NXDOMAIN);
        assertThat(resolver.aaaa("example.com").join().status()).isEqualTo(DnsStatus.NODATA);
        assertThat(resolver.txt("empty.example.com").join().status()).isEqualTo(DnsStatus.NODATA);
        DnsAnswer<String> failed = resolver.txt("broken.example.com").join();
        assertThat(failed.status().isTemporary()).isTrue();
        assertThat(failed.reason()).isEqualTo("SERVFAIL");
    }

    @Test
    void followsCnameChainsAndFailsOnLoops() {
        InMemoryResolver aliases = InMemoryResolver.builder()
                .cname("www.example.com", "web.example.com")
                .cname("web.example.com", "host.example.net")
                .a("host.example.net", address("192.0.2.7"))
                .cname("loop1.example", "loop2.example")
                .cname("loop2.example", "loop1.example")
                .build();

        assertThat(aliases.a("WWW.example.com").join().records()).containsExactly(address("192.0.2.7"));
        assertThat(aliases.txt("www.example.com").join().status()).isEqualTo(DnsStatus.NODATA);
        assertThat(aliases.a("loop1.example").join().status()).isEqualTo(DnsStatus.TEMPFAIL);
    }

    @Test
    void countsQueries() {
        resolver.a("example.com").join();
        resolver.a("other.example").join();
        assertThat(resolver.queryCount()).isEqualTo(2);
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
