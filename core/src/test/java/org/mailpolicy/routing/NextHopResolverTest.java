package org.mailpolicy.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Lookup order and precedence, one named case per rule. Postfix references: transport(5)
 * "TABLE SEARCH ORDER" for recipients, postconf(5) sender_dependent_relayhost_maps and
 * empty_address_relayhost_maps_lookup_key for senders, parent_domain_matches_transport_maps
 * (off) for plain domains.
 */
class NextHopResolverTest {

    private static final RoutingTable TABLE = table(
            "# Routing table for the lookup tests",                                                  // 1
            "[recipient]",                                                                            // 2
            "user+news@example.com   hold:news-hold",                                                 // 3
            "user@example.com        local",                                                          // 4
            "example.com             relay:[relay.example.net]:587 tls=verify name=main",             // 5
            ".example.com            mx:mx.example.net",                                              // 6
            ".org                    error:5.7.1 No mail to .org here",                               // 7
            "bücher.example          relay:[idn-relay.example]",                                      // 8
            ".xn--mnchen-3ya.example relay:[munich-relay.example]",                                   // 9
            "[sender]",                                                                               // 10
            "alice@tenant.example    relay:[alice-relay.example]:25",                                 // 11
            "@tenant.example         relay:[tenant-relay.example]:587, [tenant-backup.example]:587",  // 12
            "                        tls=encrypt auth=tenant name=tenant",                            // 13
            "<>                      relay:[bounce-relay.example]",                                   // 14
            "[default]",                                                                              // 15
            "relay:[smarthost.example]");                                                             // 16

    private static final RoutingTable WILDCARD = table(
            "[recipient]",                                // 1
            ".example.com  mx:mx.example.net",            // 2
            "example.com   local",                        // 3
            "*             relay:[catchall.example]",     // 4
            "[sender]",                                   // 5
            "@tenant.example relay:[tenant-relay.example]"); // 6

    private static final RoutingTable SUBDOMAINS_ONLY = table(
            "[recipient]",                                // 1
            ".example.net  relay:[sub-relay.example]");   // 2

    private static final NextHopResolver RESOLVER = NextHopResolver.of(TABLE);

    static Stream<Case> cases() {
        return Stream.of(
                // transport(5): user+extension@domain is tried first ...
                recipientCase("user+ext@domain matches its own entry first", "user+news@example.com", "user+news@example.com", 3),
                // ... then user@domain ...
                recipientCase("user+ext@domain falls back to user@domain", "user+other@example.com", "user@example.com", 4),
                recipientCase("user@domain comes before domain", "user@example.com", "user@example.com", 4),
                // ... then domain ...
                recipientCase("domain matches other users of that domain", "bob@example.com", "example.com", 5),
                recipientCase("domains compare case-insensitively", "bob@EXAMPLE.Com", "example.com", 5),
                recipientCase("local parts compare case-insensitively (postmap folds keys)", "USER@Example.com", "user@example.com", 4),
                recipientCase("a trailing dot on the domain is ignored", "bob@example.com.", "example.com", 5),
                recipientCase("an address in angle brackets is looked up without them", "<bob@example.com>", "example.com", 5),
                // ... then .parent for each parent domain (parent_domain_matches_transport_maps off):
                recipientCase("a plain domain entry does not match a subdomain; .domain does", "bob@sub.example.com", ".example.com", 6),
                recipientCase("every parent domain is tried, nearest first", "bob@a.b.sub.example.com", ".example.com", 6),
                recipientCase("the walk reaches the top-level domain", "bob@foo.org", ".org", 7),
                decided(".domain does not match the domain itself", NextHopResolver.of(SUBDOMAINS_ONLY),
                        "bob@example.net", null, RouteDecision.Origin.BUILT_IN, null, 0),
                recipientCase("a U-label in the table matches an A-label address", "x@xn--bcher-kva.example", "xn--bcher-kva.example", 8),
                recipientCase("an A-label in the table matches a U-label address (any case)", "x@Sub.MÜNCHEN.example",
                        ".xn--mnchen-3ya.example", 9),
                // ... and * last.
                decided("* matches only after every parent domain", NextHopResolver.of(WILDCARD),
                        "bob@deep.sub.example.com", null, RouteDecision.Origin.RECIPIENT_ENTRY, ".example.com", 2),
                decided("* matches any other recipient", NextHopResolver.of(WILDCARD),
                        "bob@other.test", null, RouteDecision.Origin.RECIPIENT_ENTRY, "*", 4),
                decided("* in [recipient] comes before sender entries", NextHopResolver.of(WILDCARD),
                        "bob@other.test", "x@tenant.example", RouteDecision.Origin.RECIPIENT_ENTRY, "*", 4),
                decided("a recipient without a domain is looked up by * only", NextHopResolver.of(WILDCARD),
                        "postmaster", null, RouteDecision.Origin.RECIPIENT_ENTRY, "*", 4),

                // Recipient delimiter (recipient_delimiter).
                decided("the recipient delimiter is configurable", RESOLVER.withRecipientDelimiter("-"),
                        "user-other@example.com", null, RouteDecision.Origin.RECIPIENT_ENTRY, "user@example.com", 4),
                decided("with several delimiters the first one in the address splits", RESOLVER.withRecipientDelimiter("+-"),
                        "user-a+b@example.com", null, RouteDecision.Origin.RECIPIENT_ENTRY, "user@example.com", 4),
                decided("an empty delimiter turns extension lookups off", RESOLVER.withRecipientDelimiter(""),
                        "user+other@example.com", null, RouteDecision.Origin.RECIPIENT_ENTRY, "example.com", 5),
                decided("a local part starting with the delimiter has no extension", RESOLVER,
                        "+user@example.com", null, RouteDecision.Origin.RECIPIENT_ENTRY, "example.com", 5),

                // Precedence: recipient, sender, default, plain MX.
                decided("a recipient entry wins over a sender entry", RESOLVER,
                        "bob@example.com", "alice@tenant.example", RouteDecision.Origin.RECIPIENT_ENTRY, "example.com", 5),
                decided("the sender address is tried first", RESOLVER,
                        "bob@elsewhere.test", "alice@tenant.example", RouteDecision.Origin.SENDER_ENTRY, "alice@tenant.example", 11),
                decided("then the sender's @domain", RESOLVER,
                        "bob@elsewhere.test", "carol@Tenant.Example", RouteDecision.Origin.SENDER_ENTRY, "@tenant.example", 12),
                decided("sender @domain does not match subdomains (no parent walk)", RESOLVER,
                        "bob@elsewhere.test", "carol@eu.tenant.example", RouteDecision.Origin.DEFAULT_ROUTE, null, 16),
                decided("sender user+ext does not fall back to user", RESOLVER,
                        "bob@elsewhere.test", "alice+x@tenant.example", RouteDecision.Origin.SENDER_ENTRY, "@tenant.example", 12),
                decided("the null sender \"\" is looked up as <>", RESOLVER,
                        "bob@elsewhere.test", "", RouteDecision.Origin.SENDER_ENTRY, "<>", 14),
                decided("the null sender <> is looked up as <>", RESOLVER,
                        "bob@elsewhere.test", "<>", RouteDecision.Origin.SENDER_ENTRY, "<>", 14),
                decided("without a sender, sender entries are not consulted", RESOLVER,
                        "bob@elsewhere.test", null, RouteDecision.Origin.DEFAULT_ROUTE, null, 16),
                decided("the default route when no entry matches", RESOLVER,
                        "bob@elsewhere.test", "someone@other.test", RouteDecision.Origin.DEFAULT_ROUTE, null, 16),
                decided("plain MX delivery when there is no default route", NextHopResolver.of(SUBDOMAINS_ONLY),
                        "bob@elsewhere.test", "x@tenant.example", RouteDecision.Origin.BUILT_IN, null, 0),
                decided("an empty table delivers to the MX hosts", NextHopResolver.of(RoutingTable.empty()),
                        "bob@example.com", "x@example.com", RouteDecision.Origin.BUILT_IN, null, 0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void choosesTheEntryPostfixWould(Case c) {
        RouteDecision d = c.sender == null ? c.resolver.resolve(c.recipient) : c.resolver.resolve(c.recipient, c.sender);

        assertThat(d.origin()).as("origin").isEqualTo(c.origin);
        assertThat(d.matchedKey().orElse(null)).as("matched key").isEqualTo(c.key);
        assertThat(d.line().orElse(0)).as("line").isEqualTo(c.line);
        if (c.origin == RouteDecision.Origin.BUILT_IN) {
            assertThat(d.route().kind()).isEqualTo(RouteKind.DIRECT);
            assertThat(d.lineText()).isEmpty();
        }
    }

    @Test
    void recordsEveryKeyTriedInPostfixOrder() {
        RouteDecision d = NextHopResolver.of(WILDCARD).resolve("User+Tag@a.b.Example.ORG", "s@x.test");

        assertThat(d.recipientKeysTried()).containsExactly(
                "user+tag@a.b.example.org", "user@a.b.example.org", "a.b.example.org", ".b.example.org", ".example.org", ".org", "*");
        assertThat(d.senderKeysTried()).isEmpty();
    }

    @Test
    void explainsASenderDecisionWithTheLineThatChoseIt() {
        RouteDecision d = RESOLVER.resolve("bob@elsewhere.test", "carol@tenant.example");

        assertThat(d.lineText()).hasValue("@tenant.example         relay:[tenant-relay.example]:587, [tenant-backup.example]:587"
                + " tls=encrypt auth=tenant name=tenant");
        assertThat(d.senderKeysTried()).containsExactly("carol@tenant.example", "@tenant.example");
        assertThat(d.explanation())
                .contains("no [recipient] entry for bob@elsewhere.test (tried bob@elsewhere.test, elsewhere.test, .test, *)")
                .contains("sender carol@tenant.example matched `@tenant.example` in [sender] on line 12 of lookup-test")
                .contains("relay:[tenant-relay.example]:587, [tenant-backup.example]:587 tls=encrypt auth=tenant");
        assertThat(d.route().relays()).extracting(RelayHost::toString)
                .containsExactly("[tenant-relay.example]:587", "[tenant-backup.example]:587");
        assertThat(d.route().tls()).isEqualTo(TlsPolicy.ENCRYPT);
        assertThat(d.route().name()).hasValue("tenant");
    }

    @Test
    void explainsWhyTheWildcardShadowsSenderEntries() {
        RouteDecision d = NextHopResolver.of(WILDCARD).resolve("bob@other.test", "x@tenant.example");

        assertThat(d.explanation()).contains("matched `*`").contains("the * entry comes before sender entries and the default route");
    }

    @Test
    void explainsTheBuiltInRoute() {
        RouteDecision d = NextHopResolver.of(SUBDOMAINS_ONLY).resolve("bob@example.net");

        assertThat(d.explanation()).contains("no sender given").contains("no [default] route")
                .contains("MX hosts of the recipient's domain");
    }

    @Test
    void offersAJsonFriendlyView() {
        Map<String, Object> json = RESOLVER.resolve("bob@elsewhere.test", "carol@tenant.example").toMap();

        assertThat(json).containsEntry("origin", "sender").containsEntry("line", 12).containsEntry("matchedKey", "@tenant.example")
                .containsEntry("sender", "carol@tenant.example");
        assertJsonFriendly(json);
        @SuppressWarnings("unchecked")
        Map<String, Object> route = (Map<String, Object>) json.get("route");
        assertThat(route).containsEntry("kind", "relay").containsEntry("tls", "encrypt").containsEntry("auth", "tenant")
                .containsEntry("name", "tenant");
        assertThat(route.get("relays")).isEqualTo(List.of(
                Map.of("host", "tenant-relay.example", "port", 587, "mxLookup", false),
                Map.of("host", "tenant-backup.example", "port", 587, "mxLookup", false)));
    }

    @Test
    void refusesADelimiterThatCannotSplitALocalPart() {
        assertThatThrownBy(() -> RESOLVER.withRecipientDelimiter("@"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("recipient delimiter").hasMessageContaining("accepted");
    }

    private static void assertJsonFriendly(Object value) {
        if (value instanceof Map) {
            ((Map<?, ?>) value).forEach((k, v) -> {
                assertThat(k).isInstanceOf(String.class);
                assertJsonFriendly(v);
            });
        } else if (value instanceof List) {
            ((List<?>) value).forEach(NextHopResolverTest::assertJsonFriendly);
        } else {
            assertThat(value).isInstanceOfAny(String.class, Integer.class, Boolean.class);
        }
    }

    static RoutingTable table(String... lines) {
        return RoutingTable.parse("lookup-test", String.join("\n", lines),
                RouteSecrets.parse("secrets", "tenant = tenant-user:tenant-secret-pw"));
    }

    private static Case recipientCase(String name, String recipient, String key, int line) {
        return decided(name, RESOLVER, recipient, null, RouteDecision.Origin.RECIPIENT_ENTRY, key, line);
    }

    private static Case decided(String name, NextHopResolver resolver, String recipient, String sender,
            RouteDecision.Origin origin, String key, int line) {
        return new Case(name, resolver, recipient, sender, origin, key, line);
    }

    static final class Case {
        final String name;
        final NextHopResolver resolver;
        final String recipient;
        final String sender;
        final RouteDecision.Origin origin;
        final String key;
        final int line;

        Case(String name, NextHopResolver resolver, String recipient, String sender, RouteDecision.Origin origin, String key, int line) {
            this.name = name;
            this.resolver = resolver;
            this.recipient = recipient;
            this.sender = sender;
            this.origin = origin;
            this.key = key;
            this.line = line;
        }

        @Override
        public String toString() {
            return name;
        }
    }
}
