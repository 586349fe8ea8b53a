package org.mailpolicy.net;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CidrTest {

    @Test
    void aNetworkContainsTheAddressesOfItsPrefixOnly() {
        Cidr v4 = Cidr.parse(" 192.0.2.77/24 ").orElseThrow();
        assertThat(v4).hasToString("192.0.2.0/24");
        assertThat(v4.contains(IpLiteral.parseAddress("192.0.2.1").orElseThrow())).isTrue();
        assertThat(v4.contains(IpLiteral.parseAddress("192.0.3.1").orElseThrow())).isFalse();
        assertThat(v4.contains(IpLiteral.parseAddress("2001:db8::1").orElseThrow())).isFalse();
        Cidr v6 = Cidr.parse("2001:db8::/32").orElseThrow();
        assertThat(v6.contains(IpLiteral.parseAddress("2001:db8:ffff::1").orElseThrow())).isTrue();
        assertThat(Cidr.parse("198.51.100.7").orElseThrow()).hasToString("198.51.100.7/32");
    }

    @ParameterizedTest(name = "[{index}] ''{0}''")
    @ValueSource(strings = {"", "192.0.2.0/33", "2001:db8::/129", "192.0.2.0/", "192.0.2.0/-1", "192.0.2.0/2 4",
            "example.com/24", "192.0.2.0/0024", "fe80::1%eth0/64"})
    void malformedNetworksAreRefused(String text) {
        assertThat(Cidr.parse(text)).isEmpty();
    }

    @Test
    void aggregationKeepsThePrefixAsAKey() {
        assertThat(Cidr.aggregate(IpLiteral.parseAddress("2001:db8:1:2:3:4:5:6").orElseThrow(), 32, 64))
                .isEqualTo("2001:db8:1:2:0:0:0:0/64");
        assertThat(Cidr.aggregate(IpLiteral.parseAddress("192.0.2.9").orElseThrow(), 32, 64)).isEqualTo("192.0.2.9");
    }
}
