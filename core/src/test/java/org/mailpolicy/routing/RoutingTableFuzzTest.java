package org.mailpolicy.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * The table and secrets parsers and the resolver on arbitrary input: a bad file is a
 * {@link RoutingTableException} naming lines that exist, never another exception; every route
 * that parses reads back from its canonical spec; every address gets a decision. Seeds, many of
 * them malformed on purpose, are in {@code RoutingTableFuzzTestInputs/<method>/}.
 */
class RoutingTableFuzzTest {

    private static final RouteSecrets SECRETS = RouteSecrets.parse("fuzz-secrets", "relay = user:pass\ntenant = t@example.com:pw\n");
    private static final RoutingTable TABLE = RoutingTable.parse("fuzz-table",
            "[recipient]\nuser+ext@example.com local\nexample.com relay:[a.example]:587, b.example tls=verify auth=relay\n"
                    + ".example.com mx:example.net\nbücher.example error:5.7.1 no\n*  hold\n"
                    + "[sender]\n@tenant.example relay:[t.example] auth=tenant\n<> direct\n[default]\nrelay:[smart.example]\n",
            SECRETS);

    @FuzzTest(maxDuration = "10s")
    void parseTable(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        RoutingTable table;
        try {
            table = RoutingTable.parse("fuzz", text, SECRETS);
        } catch (RoutingTableException e) {
            int lines = text.split("\r?\n|\r", -1).length;
            assertThat(e.problems()).isNotEmpty()
                    .allSatisfy(p -> assertThat(p.line()).isBetween(1, lines))
                    .allSatisfy(p -> assertThat(p.reason()).isNotBlank());
            return;
        }
        for (Route route : table.routes()) {
            Route again = RoutingTable.parse("again", "[default]\n" + route.spec(), SECRETS).routes().get(0);
            assertThat(again.spec()).isEqualTo(route.spec());
        }
        assertThat(NextHopResolver.of(table).resolve("user+x@a.b.example.com", "s@tenant.example").explanation()).isNotBlank();
    }

    @FuzzTest(maxDuration = "10s")
    void parseSecrets(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        try {
            RouteSecrets.parse("fuzz-secrets", text);
        } catch (RoutingTableException e) {
            assertThat(e.problems()).isNotEmpty();
        }
    }

    /** The input is a recipient, a newline, and a sender; without a newline the sender is not given. */
    @FuzzTest(maxDuration = "10s")
    void resolve(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        int newline = text.indexOf('\n');
        NextHopResolver resolver = NextHopResolver.of(TABLE).withRecipientDelimiter("+-");
        RouteDecision decision = newline < 0
                ? resolver.resolve(text)
                : resolver.resolve(text.substring(0, newline), text.substring(newline + 1));
        assertThat(decision.explanation()).isNotBlank();
        assertThat(decision.recipientKeysTried()).isNotEmpty();
        assertThat(decision.toMap()).containsKeys("route", "origin", "explanation");
    }
}
