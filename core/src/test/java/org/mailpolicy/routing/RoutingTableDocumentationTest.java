package org.mailpolicy.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The complete example of ROUTING-TABLE.md parses and routes as the page says. */
class RoutingTableDocumentationTest {

    private static final Path PAGE = Path.of("src/main/java/org/mailpolicy/routing/ROUTING-TABLE.md");
    private static NextHopResolver resolver;

    @BeforeAll
    static void readTheExample() throws IOException {
        List<String> blocks = new ArrayList<>();
        Matcher m = Pattern.compile("```\n(.*?)```", Pattern.DOTALL).matcher(Files.readString(PAGE, StandardCharsets.UTF_8));
        while (m.find()) {
            blocks.add(m.group(1));
        }
        RouteSecrets secrets = RouteSecrets.parse("routes.secrets", blocks.get(1));
        resolver = NextHopResolver.of(RoutingTable.parse("routes.conf", blocks.get(0), secrets));
    }

    @Test
    void gmailAndMicrosoftGoThroughTheReputableRelayWithFailover() {
        Route gmail = resolver.resolve("someone@gmail.com", "alice@example.org").route();
        Route outlook = resolver.resolve("someone@eu.outlook.com").route();

        assertThat(gmail).isEqualTo(outlook);
        assertThat(gmail.name()).hasValue("reputable");
        assertThat(gmail.relays()).extracting(RelayHost::toString).containsExactly("[smtp.relay.example]:587", "[smtp2.relay.example]:587");
        assertThat(gmail.tls()).isEqualTo(TlsPolicy.VERIFY);
        assertThat(gmail.credentials().map(Credentials::password)).hasValue("correct horse battery staple");
    }

    @Test
    void tenantSendersUseTheirOwnRelayAndEveryoneElseGoesDirect() {
        RouteDecision tenant = resolver.resolve("bob@elsewhere.test", "carol@tenant.example");
        RouteDecision other = resolver.resolve("bob@elsewhere.test", "alice@example.org");

        assertThat(tenant.route().name()).hasValue("tenant");
        assertThat(tenant.route().helo()).hasValue("out.tenant.example");
        assertThat(other.origin()).isEqualTo(RouteDecision.Origin.DEFAULT_ROUTE);
        assertThat(other.route().kind()).isEqualTo(RouteKind.DIRECT);
    }

    @Test
    void theOtherRouteKindsOfTheExample() {
        assertThat(resolver.resolve("x@sub.example.org").route().kind()).isEqualTo(RouteKind.LOCAL);
        assertThat(resolver.resolve("x@partner.example").route().mxDomain()).hasValue("gateway.partner.example");
        assertThat(resolver.resolve("x@spam-trap.example").route().refuseStatus()).hasValue("5.7.1");
        assertThat(resolver.resolve("CEO@example.com").route().holdRepository()).hasValue("memory://var/mail/outbound-hold/");
        assertThat(resolver.resolve("x@elsewhere.test", "<>").route().bindAddress()).hasValue("192.0.2.25");
    }
}
