package org.mailpolicy.james.mailets;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.mailpolicy.routing.Route;
import org.mailpolicy.routing.RouteSecrets;
import org.mailpolicy.routing.RoutingTable;

/** The RemoteDelivery 3.8.1 parameters generated per route (ROUTING-TABLE.md "Routes" and "Options"). */
class RouteDeliveryParametersTest {

    private static final RouteSecrets SECRETS = RouteSecrets.parse("secrets", "relay = account@example.com:s3cret:pw\n");

    private static Route route(String line) {
        return RoutingTable.parse("t", "[default]\n" + line + "\n", SECRETS).routes().get(0);
    }

    @Test
    void relayListIsAFailoverListInTableOrderWithCredentials() {
        Map<String, String> p = RouteDeliveryParameters.of(route("relay:[b.example]:587, [192.0.2.1]:2525 auth=relay name=r"),
                "q", Map.of("maxRetries", "3"));
        assertThat(p).containsEntry("gateway", "b.example:587,192.0.2.1:2525")
                .containsEntry("loadBalancing", "false")
                .containsEntry("outgoing", "q")
                .containsEntry("gatewayUsername", "account@example.com")
                .containsEntry("gatewayPassword", "s3cret:pw")
                .containsEntry("maxRetries", "3")
                .doesNotContainKey("gatewayPort");
    }

    @Test
    void directAndMxRoutesHaveNoGatewaySoRemoteDeliveryLooksUpMx() {
        assertThat(RouteDeliveryParameters.of(route("direct"), "q", Map.of())).doesNotContainKeys("gateway", "gatewayUsername");
        assertThat(RouteDeliveryParameters.of(route("mx:gateway.partner.example"), "q", Map.of())).doesNotContainKey("gateway");
    }

    @Test
    void tlsNoneNeverStartsTls() {
        assertThat(RouteDeliveryParameters.of(route("direct tls=none"), "q", Map.of()))
                .containsEntry("startTLS", "false").doesNotContainKey("mail.smtp.starttls.required");
    }

    @Test
    void tlsMayStartsTlsWithAnyCertificateButDoesNotRequireIt() {
        assertThat(RouteDeliveryParameters.of(route("direct tls=may"), "q", Map.of()))
                .containsEntry("startTLS", "true").containsEntry("mail.smtp.ssl.trust", "*")
                .containsEntry("verifyServerIdentity", "false").doesNotContainKey("mail.smtp.starttls.required");
    }

    @Test
    void tlsEncryptRequiresTlsWithAnyCertificate() {
        assertThat(RouteDeliveryParameters.of(route("direct tls=encrypt"), "q", Map.of()))
                .containsEntry("startTLS", "true").containsEntry("mail.smtp.starttls.required", "true")
                .containsEntry("mail.smtp.ssl.trust", "*").containsEntry("verifyServerIdentity", "false");
    }

    @Test
    void tlsVerifyRequiresTlsATrustedCertificateAndTheHostName() {
        assertThat(RouteDeliveryParameters.of(route("direct tls=verify"), "q", Map.of()))
                .containsEntry("startTLS", "true").containsEntry("mail.smtp.starttls.required", "true")
                .containsEntry("verifyServerIdentity", "true").doesNotContainKey("mail.smtp.ssl.trust");
    }

    @Test
    void heloAndBindAddress() {
        assertThat(RouteDeliveryParameters.of(route("direct helo=out.example.com bind=192.0.2.25"), "q", Map.of()))
                .containsEntry("heloName", "out.example.com").containsEntry("bind", "192.0.2.25");
    }

    @Test
    void namedRoutesHaveTheirNameAsQueueAndUnnamedOnesADistinctDigest() {
        assertThat(RouteDeliveryParameters.queueName("outgoing-route-", route("direct name=bulk"))).isEqualTo("outgoing-route-bulk");
        String plain = RouteDeliveryParameters.queueName("outgoing-route-", route("direct"));
        String verify = RouteDeliveryParameters.queueName("outgoing-route-", route("direct tls=verify"));
        assertThat(plain).matches("outgoing-route-direct-[0-9a-f]{10}");
        assertThat(verify).isNotEqualTo(plain);
        assertThat(RouteDeliveryParameters.queueName("outgoing-route-", route("direct"))).isEqualTo(plain);
    }

    @Test
    void theGeneratedConfigNamesParametersButNeverShowsThePassword() {
        RouteMailetConfig config = new RouteMailetConfig("RemoteDelivery-q",
                RouteDeliveryParameters.of(route("relay:[b.example]:587 auth=relay"), "q", Map.of()), null);
        assertThat(config.toString()).contains("gatewayPassword").doesNotContain("s3cret");
        assertThat(route("relay:[b.example]:587 auth=relay").toString()).doesNotContain("s3cret");
    }
}
