package org.mailpolicy.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The table file format of ROUTING-TABLE.md: route kinds, options, layout, and the error for each mistake. */
class RoutingTableParserTest {

    private static final RouteSecrets SECRETS = RouteSecrets.parse("test-secrets", "relay = relay-user:relay-pw\n");

    static Stream<Arguments> routes() {
        return Stream.of(
                Arguments.of("direct MX delivery", "direct", RouteKind.DIRECT, "direct tls=may"),
                Arguments.of("MX override, name folded to an A-label", "mx:MX.Bücher.example.", RouteKind.MX,
                        "mx:mx.xn--bcher-kva.example tls=may"),
                Arguments.of("relay list without MX lookups, tried in order", "relay:[a.example]:587, [b.example]:587",
                        RouteKind.RELAY, "relay:[a.example]:587, [b.example]:587 tls=may"),
                Arguments.of("relay list written without spaces", "relay:[a.example]:587,[b.example]",
                        RouteKind.RELAY, "relay:[a.example]:587, [b.example]:25 tls=may"),
                Arguments.of("relay through the MX hosts of a name (Postfix relayhost without brackets)", "relay:relay.example",
                        RouteKind.RELAY, "relay:relay.example tls=may"),
                Arguments.of("relay by MX with a port", "relay:relay.example:2525", RouteKind.RELAY, "relay:relay.example:2525 tls=may"),
                Arguments.of("IPv4 relay", "relay:[192.0.2.1]", RouteKind.RELAY, "relay:[192.0.2.1]:25 tls=may"),
                Arguments.of("IPv6 relay, Postfix ipv6: prefix", "relay:[IPv6:2001:DB8::1]:587", RouteKind.RELAY,
                        "relay:[2001:db8::1]:587 tls=may"),
                Arguments.of("IPv6 relay without prefix", "relay:[2001:db8::1]", RouteKind.RELAY, "relay:[2001:db8::1]:25 tls=may"),
                Arguments.of("local delivery", "local", RouteKind.LOCAL, "local"),
                Arguments.of("refuse with a status code", "error:5.7.1 Mail to this domain is not accepted", RouteKind.REFUSE,
                        "error:5.7.1 Mail to this domain is not accepted"),
                Arguments.of("refuse without a status code bounces 5.0.0", "error:Go away", RouteKind.REFUSE, "error:5.0.0 Go away"),
                Arguments.of("hold in the default repository", "hold", RouteKind.HOLD, "hold:hold"),
                Arguments.of("hold in a named repository", "hold:memory://var/mail/hold/", RouteKind.HOLD,
                        "hold:memory://var/mail/hold/"),
                Arguments.of("route words are case-insensitive", "RELAY:[a.example]", RouteKind.RELAY, "relay:[a.example]:25 tls=may"),
                Arguments.of("every SMTP option", "relay:[a.example]:587 tls=verify auth=relay helo=Out.Example.ORG bind=192.0.2.10 name=main",
                        RouteKind.RELAY, "relay:[a.example]:587 tls=verify auth=relay helo=out.example.org bind=192.0.2.10"),
                Arguments.of("TLS policy none", "direct tls=none", RouteKind.DIRECT, "direct tls=none"),
                Arguments.of("TLS policy may", "mx:example.net TLS=MAY", RouteKind.MX, "mx:example.net tls=may"),
                Arguments.of("IPv6 bind address", "direct bind=2001:DB8::25", RouteKind.DIRECT, "direct tls=may bind=2001:db8::25"),
                Arguments.of("a name on a non-SMTP route", "hold name=quarantine", RouteKind.HOLD, "hold:hold"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("routes")
    void readsEveryRouteKind(String name, String spec, RouteKind kind, String canonical) {
        Route route = only("[recipient]\nexample.com " + spec);

        assertThat(route.kind()).isEqualTo(kind);
        assertThat(route.spec()).isEqualTo(canonical);
    }

    @Test
    void keepsEachOptionApart() {
        Route route = only("[default]\nrelay:[a.example]:587, b.example tls=verify auth=relay helo=out.example.org bind=192.0.2.10 name=main");

        assertThat(route.relays()).containsExactly(new RelayHost("a.example", 587, false), new RelayHost("b.example", 25, true));
        assertThat(route.tls()).isEqualTo(TlsPolicy.VERIFY);
        assertThat(route.credentials().map(Credentials::user)).hasValue("relay-user");
        assertThat(route.helo()).hasValue("out.example.org");
        assertThat(route.bindAddress()).hasValue("192.0.2.10");
        assertThat(route.name()).hasValue("main");
    }

    @Test
    void readsTheRefuseStatusAndText() {
        Route route = only("[recipient]\nexample.com error:5.1.01 No  such  domain");

        assertThat(route.refuseStatus()).hasValue("5.1.1");
        assertThat(route.refuseText()).hasValue("No such domain");
    }

    @Test
    void joinsContinuationLinesAndSkipsCommentsBlankLinesAndCrLf() {
        RoutingTable table = RoutingTable.parse("t", String.join("\r\n",
                "# comment",
                "",
                "[Recipient]",
                "example.com relay:[a.example]:587,",
                "   # a comment inside an entry",
                "\t[b.example]:587",
                "    tls=encrypt",
                "   ",
                "other.example error:5.7.1 text # not a comment"), SECRETS);

        RouteDecision d = NextHopResolver.of(table).resolve("x@example.com");
        assertThat(d.line()).hasValue(4);
        assertThat(d.lineText()).hasValue("example.com relay:[a.example]:587, [b.example]:587 tls=encrypt");
        assertThat(d.route().relays()).hasSize(2);
        assertThat(NextHopResolver.of(table).resolve("x@other.example").route().refuseText()).hasValue("text # not a comment");
    }

    @Test
    void sharesOneRouteBetweenKeysWithTheSameName() {
        RoutingTable table = RoutingTable.parse("t", String.join("\n",
                "[recipient]",
                "gmail.com      relay:[relay.example]:587 tls=verify name=reputable",
                "outlook.com    relay:[relay.example]:587 tls=verify name=reputable",
                "[default]",
                "direct"), SECRETS);

        assertThat(table.routes()).extracting(Route::toString)
                .containsExactly("relay:[relay.example]:587 tls=verify name=reputable", "direct tls=may");
        assertThat(table.recipientEntries()).isEqualTo(2);
        assertThat(table.senderEntries()).isZero();
    }

    static Stream<Arguments> mistakes() {
        return Stream.of(
                Arguments.of("Postfix transport syntax is not a route", "[recipient]\nexample.com smtp:[relay.example]:587", 2,
                        "unknown route `smtp:[relay.example]:587`; accepted: direct, mx:DOMAIN, relay:[HOST]:PORT"),
                Arguments.of("an entry before any section", "example.com local", 1,
                        "entry before any section; start with one of [recipient], [sender], [default]"),
                Arguments.of("an unknown section", "[transport]", 1, "`[transport]` is not a section; accepted: [recipient], [sender], [default]"),
                Arguments.of("a continuation line with nothing to continue", "  example.com local\n[recipient]", 1,
                        "continues the entry above it, and there is none"),
                Arguments.of("a continuation line after a section header", "[recipient]\n  local", 2, "there is none"),
                Arguments.of("a key without a route", "[recipient]\nexample.com", 2, "`example.com` has no route; accepted: direct"),
                Arguments.of("options without a route", "[recipient]\nexample.com tls=verify", 2, "missing route; accepted: direct"),
                Arguments.of("the same key twice", "[recipient]\nexample.com local\nEXAMPLE.com. direct", 3,
                        "key `example.com` is already on line 2 of [recipient]"),
                Arguments.of("@domain in [recipient]", "[recipient]\n@example.com local", 2,
                        "sender-table form; in [recipient] write example.com (that domain only) or .example.com (its subdomains)"),
                Arguments.of("a lone dot", "[recipient]\n. local", 2, "`.` alone is not a key"),
                Arguments.of("an invalid domain", "[recipient]\nunder_score.example local", 2,
                        "`under_score.example` is not a valid domain name"),
                Arguments.of("an empty label", "[recipient]\na..example local", 2, "not a valid domain name"),
                Arguments.of("a bare domain in [sender]", "[sender]\nexample.com direct", 2,
                        "`example.com` never matches a sender; write @example.com"),
                Arguments.of(".domain in [sender]", "[sender]\n.example.com direct", 2,
                        "sender keys do not match parent domains"),
                Arguments.of("* in [sender]", "[sender]\n* direct", 2, "[sender] has no `*`: put the route for all other mail in [default]"),
                Arguments.of("a key in [default]", "[default]\n* direct", 2, "[default] entries have no key: write the route alone"),
                Arguments.of("two default routes", "[default]\ndirect\nlocal", 3, "[default] holds one route, already given on line 2"),
                Arguments.of("an unknown TLS policy", "[default]\ndirect tls=maybe", 2,
                        "tls=maybe is not a TLS policy; accepted: none, may, encrypt, verify"),
                Arguments.of("an unknown option", "[default]\ndirect tsl=verify", 2,
                        "unknown option `tsl=`; accepted: name=NAME, auth=SECRET, tls=none|may|encrypt|verify, helo=HOSTNAME, bind=IP"),
                Arguments.of("an option given twice", "[default]\ndirect tls=may tls=verify", 2, "option tls= is given twice"),
                Arguments.of("auth naming a missing secret", "[default]\ndirect auth=nobody", 2,
                        "auth=nobody: no secret named `nobody` in test-secrets"),
                Arguments.of("auth over plain text", "[default]\nrelay:[a.example] auth=relay tls=none", 2,
                        "auth= with tls=none would send the password in clear"),
                Arguments.of("TLS on a local route", "[default]\nlocal tls=verify", 2,
                        "tls= applies to SMTP routes (direct, mx:, relay:), not to local"),
                Arguments.of("an invalid route name", "[default]\ndirect name=a/b", 2, "name=a/b: a name is 1 to 64 letters"),
                Arguments.of("a HELO name that is not a host name", "[default]\ndirect helo=bad_name", 2, "not a valid domain name"),
                Arguments.of("a bind address that is not an IP", "[default]\ndirect bind=out.example", 2,
                        "bind=out.example is not an IP address"),
                Arguments.of("a name on two different routes", "[recipient]\na.example direct name=x\nb.example local name=x", 3,
                        "name=x is already the name of a different route on line 2 (direct tls=may)"),
                Arguments.of("direct with an argument", "[default]\ndirect:example.net", 2,
                        "direct takes no argument; for the MX hosts of another domain write mx:DOMAIN"),
                Arguments.of("mx without a domain", "[default]\nmx:", 2, "mx: needs a domain"),
                Arguments.of("relay without hosts", "[default]\nrelay:", 2, "relay: needs at least one host"),
                Arguments.of("an empty relay in the list", "[default]\nrelay:[a.example],,[b.example]", 2, "empty host in relay list"),
                Arguments.of("an unclosed bracket", "[default]\nrelay:[a.example:587", 2, "has no closing ]"),
                Arguments.of("port 0", "[default]\nrelay:[a.example]:0", 2, "the port must be `:` and a number from 1 to 65535"),
                Arguments.of("port 65536", "[default]\nrelay:[a.example]:65536", 2, "a number from 1 to 65535"),
                Arguments.of("junk after the bracket", "[default]\nrelay:[a.example]587", 2, "the port must be `:`"),
                Arguments.of("an IPv4 address without brackets", "[default]\nrelay:192.0.2.1:25", 2,
                        "write an IP address in brackets, e.g. [192.0.2.1]"),
                Arguments.of("an IPv6 address without brackets", "[default]\nrelay:2001:db8::1", 2, "write IPv6 addresses in brackets"),
                Arguments.of("a refuse route with a 4xx code", "[default]\nerror:4.7.1 later", 2,
                        "error: bounces, so its status code must be 5.X.Y (RFC 3463), not 4.X.Y; to keep mail, use hold"),
                Arguments.of("a refuse route without text", "[default]\nerror:", 2, "error: needs the text of the bounce"),
                Arguments.of("a refuse route with only a code", "[default]\nerror:5.7.1", 2, "error: needs a text after the status code"),
                Arguments.of("a hold repository with spaces", "[default]\nhold:two words", 2,
                        "hold: takes one repository name or URL without spaces"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mistakes")
    void namesTheLineAndTheAcceptedForms(String name, String text, int line, String reason) {
        RoutingTableException e = catchThrowableOfType(() -> RoutingTable.parse("routes.conf", text, SECRETS),
                RoutingTableException.class);

        assertThat(e).as("parse error").isNotNull();
        assertThat(e.source()).isEqualTo("routes.conf");
        assertThat(e.problems()).hasSize(1);
        assertThat(e.problems().get(0).line()).isEqualTo(line);
        assertThat(e.problems().get(0).reason()).contains(reason);
        assertThat(e.getMessage()).startsWith("routes.conf: line " + line + ": ");
    }

    @Test
    void reportsEveryBadLineAtOnce() {
        RoutingTableException e = catchThrowableOfType(() -> RoutingTable.parse("routes.conf", String.join("\n",
                "[recipient]",
                "a.example smtp:",
                "b.example local",
                "c.example relay:[x.example]:0",
                "[sender]",
                "d.example direct"), SECRETS), RoutingTableException.class);

        assertThat(e.problems()).extracting(RoutingTableException.Problem::line).containsExactly(2, 4, 6);
    }

    private static Route only(String text) {
        return RoutingTable.parse("t", text, SECRETS).routes().get(0);
    }
}
