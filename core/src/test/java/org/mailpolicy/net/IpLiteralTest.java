package org.mailpolicy.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet4Address;
import java.net.Inet6Address;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IpLiteralTest {

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource(delimiter = '|', value = {
            "192.0.2.1|192.0.2.1",
            "2001:DB8::1|2001:db8:0:0:0:0:0:1",
            "::|0:0:0:0:0:0:0:0",
            "::ffff:192.0.2.1|192.0.2.1",
            "2001:db8::192.0.2.1|2001:db8:0:0:0:0:c000:201"})
    void addressesInTheirTextForms(String text, String address) {
        assertThat(IpLiteral.parseAddress(text)).get().extracting(a -> a.getHostAddress()).isEqualTo(address);
    }

    @ParameterizedTest(name = "[{index}] '{0}'")
    @ValueSource(strings = {"", "999.1.1.1", "192.0.2", "192.0.2.1.5", "1..2.3", "192.0.2.01", "example.com", "1e100.net",
            "fe80::1%eth0", "2001:db8:::1", "[192.0.2.1]", " 192.0.2.1", "2001:db8::g"})
    void anythingElseIsNotAnAddressAndNeverAskedOfDns(String text) {
        assertThat(IpLiteral.parseAddress(text)).isEmpty();
    }

    @ParameterizedTest(name = "[{index}] '{0}'")
    @ValueSource(strings = {"[2001:db8::1]", " 2001:db8::1 ", "[192.0.2.1]"})
    void parseAcceptsBracketsAndSpaceAroundTheAddress(String text) {
        assertThat(IpLiteral.parse(text)).get().isInstanceOfAny(Inet4Address.class, Inet6Address.class);
        assertThat(IpLiteral.parse(null)).isEmpty();
    }
}
