package org.mailpolicy.james.mailets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.apache.james.dnsservice.api.DNSService;
import org.apache.james.dnsservice.api.TemporaryResolutionException;
import org.junit.jupiter.api.Test;

/** The DNS view of one route's RemoteDelivery (ROUTING-TABLE.md "Routes": mx:DOMAIN and relays without brackets). */
class RouteDnsServiceTest {

    private static final Map<String, List<String>> MX = Map.of(
            "relay.example", List.of("mx1.relay.example", "mx2.relay.example"),
            "gateway.partner.example", List.of("in.partner.example"));
    private static final Map<String, String> A = Map.of(
            "mx1.relay.example", "192.0.2.1", "mx2.relay.example", "192.0.2.2", "relay.example", "192.0.2.9",
            "in.partner.example", "192.0.2.3");

    private static DNSService james() {
        return (DNSService) Proxy.newProxyInstance(DNSService.class.getClassLoader(), new Class<?>[] {DNSService.class},
                (proxy, method, args) -> {
                    String name = (String) args[0];
                    switch (method.getName()) {
                        case "findMXRecords":
                            if (name.equals("broken.example")) {
                                throw new TemporaryResolutionException("SERVFAIL");
                            }
                            return MX.getOrDefault(name, List.of());
                        case "getAllByName":
                            if (!A.containsKey(name)) {
                                throw new UnknownHostException(name);
                            }
                            return List.of(InetAddress.getByName(A.get(name)));
                        case "getByName":
                            return InetAddress.getByName(A.get(name));
                        default:
                            throw new UnsupportedOperationException(method.getName());
                    }
                });
    }

    @Test
    void anMxRouteAnswersTheMxHostsOfItsDomainForEveryRecipientDomain() throws Exception {
        RouteDnsService dns = new RouteDnsService(james(), Optional.of("gateway.partner.example"), Set.of());
        assertThat(dns.findMXRecords("partner.example")).containsExactly("in.partner.example");
        assertThat(dns.findMXRecords("other.example")).containsExactly("in.partner.example");
    }

    @Test
    void aRelayWithoutBracketsResolvesToTheAddressesOfItsMxHostsInMxOrder() throws Exception {
        RouteDnsService dns = new RouteDnsService(james(), Optional.empty(), Set.of("relay.example"));
        assertThat(dns.getAllByName("relay.example")).extracting(InetAddress::getHostAddress).containsExactly("192.0.2.1", "192.0.2.2");
        assertThat(dns.getByName("relay.example").getHostAddress()).isEqualTo("192.0.2.1");
    }

    @Test
    void otherNamesAndRoutesAskJamesUnchanged() throws Exception {
        RouteDnsService dns = new RouteDnsService(james(), Optional.empty(), Set.of());
        assertThat(dns.getAllByName("relay.example")).extracting(InetAddress::getHostAddress).containsExactly("192.0.2.9");
        assertThat(dns.findMXRecords("relay.example")).containsExactly("mx1.relay.example", "mx2.relay.example");
    }

    @Test
    void aTemporaryMxFailureOfARelayIsAnUnknownHostAsForAnyGatewayName() {
        RouteDnsService dns = new RouteDnsService(james(), Optional.empty(), Set.of("broken.example"));
        assertThatThrownBy(() -> dns.getAllByName("broken.example")).isInstanceOf(UnknownHostException.class)
                .hasMessageContaining("temporary failure");
    }
}
