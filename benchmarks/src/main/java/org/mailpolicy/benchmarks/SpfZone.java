package org.mailpolicy.benchmarks;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.mailpolicy.dns.InMemoryResolver;

/**
 * One set of SPF records, fed to both engines so they evaluate the same thing: include chains,
 * macros with {@code exists}, {@code mx}, {@code a}, CIDR ranges, {@code redirect}, as found in
 * large senders' records.
 */
final class SpfZone {

    /** One check: client, MAIL FROM, HELO, and the RFC 7208 result both engines must give. */
    static final class Scenario {
        final String ip;
        final String mailFrom;
        final String helo;
        final String expected;

        Scenario(String ip, String mailFrom, String helo, String expected) {
            this.ip = ip;
            this.mailFrom = mailFrom;
            this.helo = helo;
            this.expected = expected;
        }

        InetAddress address() {
            try {
                return InetAddress.getByName(ip);
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    static final List<Scenario> SCENARIOS = List.of(
            new Scenario("192.0.2.77", "alice@example.com", "mail.example.com", "pass"),
            new Scenario("2001:db8::25", "alice@example.com", "mail.example.com", "pass"),
            new Scenario("203.0.113.11", "bob@mail.example.com", "mx2.example.com", "pass"),
            new Scenario("203.0.113.77", "carol@example.com", "out.example.net", "pass"),
            new Scenario("198.18.0.1", "dave@example.com", "spoof.example", "fail"),
            new Scenario("198.18.0.1", "erin@bulk.example.org", "spoof.example", "softfail"),
            new Scenario("198.51.100.9", "frank@sub.example.org", "relay.example.org", "pass"),
            new Scenario("198.18.0.2", "grace@sub.example.org", "relay.example.org", "softfail"));

    /** name -> type -> values; types TXT, A, AAAA, MX ("pref host"). */
    static final Map<String, Map<String, List<String>>> RECORDS = new HashMap<>();

    static {
        txt("example.com", "v=spf1 include:_spf.example.com include:_spf2.example.net a:web.example.com -all");
        // "mx" only where the client is an MX host: jSPF 1.0.3 answered "pass" for an "mx" mechanism
        // whatever the client, without looking up the MX hosts, when its DNS service answers
        // through getRecordsAsync; both engines agree when the client is one of the hosts.
        txt("mail.example.com", "v=spf1 mx:example.com a -all");
        txt("_spf.example.com", "v=spf1 ip4:192.0.2.0/24 ip4:198.51.100.0/26 ip6:2001:db8::/32 ~all");
        txt("_spf2.example.net", "v=spf1 exists:%{i}._spf.%{d} -all");
        record("203.0.113.77._spf._spf2.example.net", "A", "127.0.0.2");
        record("example.com", "MX", "10 mx1.example.com");
        record("example.com", "MX", "20 mx2.example.com");
        record("mx1.example.com", "A", "203.0.113.10");
        record("mx2.example.com", "A", "203.0.113.11");
        record("web.example.com", "A", "203.0.113.20");
        txt("bulk.example.org", "v=spf1 include:_netblocks.example.org include:_netblocks2.example.org ~all");
        txt("_netblocks.example.org", "v=spf1 ip4:10.0.0.0/8 ip4:172.16.0.0/12 ip6:2001:db8:1::/48 ?all");
        txt("_netblocks2.example.org", "v=spf1 ip4:100.64.0.0/10 a:%{l}.users.example.org -all");
        txt("sub.example.org", "v=spf1 redirect=_policy.example.org");
        txt("_policy.example.org", "v=spf1 ip4:198.51.100.0/24 ~all");
    }

    private SpfZone() {
    }

    private static void txt(String name, String value) {
        record(name, "TXT", value);
    }

    private static void record(String name, String type, String value) {
        RECORDS.computeIfAbsent(name.toLowerCase(Locale.ROOT), n -> new HashMap<>())
                .computeIfAbsent(type, t -> new ArrayList<>())
                .add(value);
    }

    static InMemoryResolver inMemoryResolver() {
        return inMemoryRecords().build();
    }

    /** The records, for a resolver that serves more besides. */
    static InMemoryResolver.Builder inMemoryRecords() {
        InMemoryResolver.Builder builder = InMemoryResolver.builder();
        RECORDS.forEach((name, types) -> types.forEach((type, values) -> values.forEach(value -> {
            switch (type) {
                case "TXT":
                    builder.txt(name, value);
                    break;
                case "MX":
                    String[] parts = value.split(" ");
                    builder.mx(name, Integer.parseInt(parts[0]), parts[1]);
                    break;
                default:
                    builder.address(name, address(value));
            }
        })));
        return builder;
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
