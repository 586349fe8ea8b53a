package org.mailpolicy.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The secrets file, and that a password never shows in a string an admin or a log could see. */
class RouteSecretsTest {

    private static final String PASSWORD = "s3cr3t:with=odd#chars";
    private static final RouteSecrets SECRETS = RouteSecrets.parse("secrets.conf", String.join("\n",
            "# name = user:password",
            "tenant = tenant@example.com:" + PASSWORD,
            "relay=relay-user:other-pw"));
    private static final RoutingTable TABLE = RoutingTable.parse("routes.conf", String.join("\n",
            "[sender]",
            "@tenant.example relay:[relay.tenant.example]:587 tls=verify auth=tenant name=tenant"), SECRETS);

    @Test
    void splitsAtTheFirstEqualsSignAndTheFirstColonAfterIt() {
        Credentials c = SECRETS.get("tenant").orElseThrow();

        assertThat(c.user()).isEqualTo("tenant@example.com");
        assertThat(c.password()).isEqualTo(PASSWORD);
        assertThat(SECRETS.get("relay").map(Credentials::password)).hasValue("other-pw");
    }

    @Test
    void aRouteCarriesTheCredentialsItNames() {
        RouteDecision d = NextHopResolver.of(TABLE).resolve("bob@example.org", "alice@tenant.example");

        assertThat(d.route().credentials().map(Credentials::password)).hasValue(PASSWORD);
    }

    @Test
    void thePasswordIsInNoStringOrJsonView() {
        RouteDecision d = NextHopResolver.of(TABLE).resolve("bob@example.org", "alice@tenant.example");
        Route route = d.route();

        List<String> shown = List.of(
                route.credentials().orElseThrow().toString(), route.toString(), route.spec(), route.toMap().toString(),
                d.toString(), d.explanation(), d.lineText().orElseThrow(), d.toMap().toString(),
                SECRETS.toString(), TABLE.toString(), TABLE.routes().toString());

        assertThat(shown).allSatisfy(s -> assertThat(s).doesNotContain(PASSWORD).doesNotContain("s3cr3t"));
        assertThat(route.toString()).contains("auth=tenant");
    }

    @Test
    void errorsNameTheLineButNeverQuoteIt() {
        RoutingTableException e = catchThrowableOfType(() -> RouteSecrets.parse("secrets.conf", String.join("\n",
                "ok = user:pw",
                "tenant tenant@example.com s3cr3t-no-equals",
                "nocolon = s3cr3t-no-colon",
                "empty = user:",
                "ok = other:s3cr3t-duplicate")), RoutingTableException.class);

        assertThat(e.problems()).extracting(RoutingTableException.Problem::line).containsExactly(2, 3, 4, 5);
        assertThat(e.problems().get(0).reason()).contains("expected `name = user:password`");
        assertThat(e.problems().get(3).reason()).isEqualTo("secret `ok` is already defined on line 1");
        assertThat(e.getMessage()).doesNotContain("s3cr3t").doesNotContain("tenant@example.com");
    }
}
