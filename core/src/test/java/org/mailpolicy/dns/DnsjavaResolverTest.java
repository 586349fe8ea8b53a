package org.mailpolicy.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mailpolicy.dns.TestDnsServer.answer;
import static org.mailpolicy.dns.TestDnsServer.name;
import static org.mailpolicy.dns.TestDnsServer.rcode;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

class DnsjavaResolverTest {

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private TestDnsServer server;

    @BeforeEach
    void start() throws Exception {
        server = new TestDnsServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private DnsjavaResolver resolver(InetSocketAddress... servers) {
        return new DnsjavaResolver(DnsResolverConfig.builder()
                .servers(List.of(servers))
                .timeout(Duration.ofMillis(300))
                .nanoClock(nanos::get)
                .build());
    }

    private static SOARecord soa(long ttl, long minimum) {
        return new SOARecord(name("example.com"), DClass.IN, ttl, name("ns.example.com"), name("admin.example.com"),
                1, 3600, 600, 86400, minimum);
    }

    @Test
    void joinsTheStringsOfEachTxtRecord() {
        server.on("example.com", Type.TXT, answer(
                new TXTRecord(name("example.com"), DClass.IN, 300, List.of("v=spf1 ip4:192.0.2.0/24", " -all")),
                new TXTRecord(name("example.com"), DClass.IN, 300, "other")));

        assertThat(resolver(server.address()).txt("example.com").join().records())
                .containsExactly("v=spf1 ip4:192.0.2.0/24 -all", "other");
    }

    @Test
    void keepsNxdomainNodataAndServfailApart() {
        server.on("gone.example.com", Type.A, rcode(Rcode.NXDOMAIN, soa(300, 60)));
        server.on("example.com", Type.AAAA, rcode(Rcode.NOERROR, soa(300, 60)));
        server.on("broken.example.com", Type.TXT, rcode(Rcode.SERVFAIL));
        DnsjavaResolver resolver = resolver(server.address());

        assertThat(resolver.a("gone.example.com").join().status()).isEqualTo(DnsStatus.NXDOMAIN);
        assertThat(resolver.aaaa("example.com").join().status()).isEqualTo(DnsStatus.NODATA);
        DnsAnswer<String> failed = resolver.txt("broken.example.com").join();
        assertThat(failed.status()).isEqualTo(DnsStatus.TEMPFAIL);
        assertThat(failed.reason()).contains("SERVFAIL");
    }

    @Test
    void followsCnamesInTheAnswerAndSortsMx() throws Exception {
        server.on("www.example.com", Type.A, answer(
                new CNAMERecord(name("www.example.com"), DClass.IN, 300, name("host.example.net")),
                new ARecord(name("host.example.net"), DClass.IN, 300, InetAddress.getByName("192.0.2.8")),
                new ARecord(name("unrelated.example.net"), DClass.IN, 300, InetAddress.getByName("192.0.2.9"))));
        server.on("example.com", Type.MX, answer(
                new MXRecord(name("example.com"), DClass.IN, 300, 20, name("MX2.example.com")),
                new MXRecord(name("example.com"), DClass.IN, 300, 10, name("mx1.example.com"))));
        DnsjavaResolver resolver = resolver(server.address());

        assertThat(resolver.a("www.example.com").join().records()).containsExactly(InetAddress.getByName("192.0.2.8"));
        assertThat(resolver.mx("example.com").join().records())
                .containsExactly(new MxRecord(10, "mx1.example.com"), new MxRecord(20, "mx2.example.com"));
    }

    @Test
    void retriesOverTcpWhenTheUdpAnswerIsTruncated() {
        server.truncateUdp();
        server.on("big.example.com", Type.TXT, answer(new TXTRecord(name("big.example.com"), DClass.IN, 300, "x".repeat(200))));

        assertThat(resolver(server.address()).txt("big.example.com").join().records()).containsExactly("x".repeat(200));
        assertThat(server.tcpQueries()).isEqualTo(1);
    }

    @Test
    void aSilentServerTimesOutWithinTheTimeoutAndTheNextServerAnswers() throws Exception {
        try (TestDnsServer second = new TestDnsServer()) {
            server.on("example.com", Type.A, TestDnsServer.SILENT);
            second.on("example.com", Type.A, answer(new ARecord(name("example.com"), DClass.IN, 300, InetAddress.getByName("192.0.2.1"))));

            DnsAnswer<InetAddress> answer = resolver(server.address(), second.address()).a("example.com").join();

            assertThat(answer.records()).containsExactly(InetAddress.getByName("192.0.2.1"));
        }
    }

    @Test
    void aTimeoutIsTempfailAndArrivesWithinTheConfiguredBound() throws Exception {
        server.on("example.com", Type.TXT, TestDnsServer.SILENT);

        CompletableFuture<DnsAnswer<String>> answer = resolver(server.address()).txt("example.com");

        // a correctness bound: 300 ms timeout plus the resolver's 250 ms grace, with room for a slow machine
        DnsAnswer<String> result = answer.get(3, TimeUnit.SECONDS);
        assertThat(result.status()).isEqualTo(DnsStatus.TEMPFAIL);
        assertThat(result.reason()).contains("timeout");
    }

    @Test
    void cachesPositiveAnswersForTheirTtlAndNegativeOnesPerRfc2308() throws Exception {
        server.on("example.com", Type.A, answer(new ARecord(name("example.com"), DClass.IN, 60, InetAddress.getByName("192.0.2.1"))));
        server.on("gone.example.com", Type.A, rcode(Rcode.NXDOMAIN, soa(3600, 30)));
        DnsjavaResolver resolver = resolver(server.address());

        resolver.a("example.com").join();
        resolver.a("example.com").join();
        resolver.a("gone.example.com").join();
        resolver.a("gone.example.com").join();
        assertThat(server.udpQueries()).isEqualTo(2);

        nanos.addAndGet(TimeUnit.SECONDS.toNanos(31));
        resolver.a("gone.example.com").join();
        resolver.a("example.com").join();
        assertThat(server.udpQueries()).as("negative entry expired after SOA minimum 30 s, positive still fresh").isEqualTo(3);

        nanos.addAndGet(TimeUnit.SECONDS.toNanos(30));
        resolver.a("example.com").join();
        assertThat(server.udpQueries()).isEqualTo(4);
    }

    @Test
    void rfc6891QueriesOfferA1232ByteUdpPayloadAndLargerUdpAnswersAreRead() {
        java.util.concurrent.atomic.AtomicInteger offered = new java.util.concurrent.atomic.AtomicInteger();
        TestDnsServer.Reply longTxt = answer(new TXTRecord(name("long.example.com"), DClass.IN, 300,
                List.of("a".repeat(250), "b".repeat(250), "c".repeat(250), "d".repeat(200))));
        server.on("long.example.com", Type.TXT, query -> {
            offered.set(query.getOPT() == null ? 0 : query.getOPT().getPayloadSize());
            return longTxt.apply(query);
        });

        assertThat(resolver(server.address()).txt("long.example.com").join().records().get(0)).hasSize(950);
        assertThat(offered.get()).isEqualTo(1232);
        assertThat(server.tcpQueries()).as("answered over UDP, no TCP retry needed").isZero();
    }

    @Test
    void anAnswerToAnotherQuestionIsNotBelieved() throws Exception {
        server.on("asked.example.com", Type.A, query -> {
            org.xbill.DNS.Message forged = new org.xbill.DNS.Message(query.getHeader().getID());
            forged.getHeader().setFlag(org.xbill.DNS.Flags.QR);
            forged.addRecord(org.xbill.DNS.Record.newRecord(name("other.example.com"), Type.A, DClass.IN), org.xbill.DNS.Section.QUESTION);
            try {
                forged.addRecord(new ARecord(name("asked.example.com"), DClass.IN, 300, InetAddress.getByName("203.0.113.66")),
                        org.xbill.DNS.Section.ANSWER);
            } catch (java.net.UnknownHostException e) {
                throw new IllegalStateException(e);
            }
            return forged;
        });

        DnsAnswer<InetAddress> answer = resolver(server.address()).a("asked.example.com").join();

        assertThat(answer.status()).isEqualTo(DnsStatus.TEMPFAIL);
    }

    @Test
    void tempfailIsNeverCached() {
        server.on("broken.example.com", Type.TXT, rcode(Rcode.SERVFAIL));
        DnsjavaResolver resolver = resolver(server.address());

        resolver.txt("broken.example.com").join();
        resolver.txt("broken.example.com").join();

        assertThat(server.udpQueries()).isEqualTo(2);
    }

    @Test
    void concurrentIdenticalLookupsShareOneQuery() throws Exception {
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        server.on("slow.example.com", Type.A, query -> {
            try {
                release.await(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return answer(new ARecord(name("slow.example.com"), DClass.IN, 60, InetAddress.getLoopbackAddress())).apply(query);
        });
        DnsjavaResolver resolver = resolver(server.address());

        CompletableFuture<DnsAnswer<InetAddress>> first = resolver.a("slow.example.com");
        CompletableFuture<DnsAnswer<InetAddress>> second = resolver.a("SLOW.example.com.");
        release.countDown();

        assertThat(first.join().records()).isEqualTo(second.join().records()).hasSize(1);
        assertThat(server.udpQueries()).isEqualTo(1);
    }

    @Test
    void serverStringsAreParsedOrRejectedWithTheAcceptedForms() {
        assertThat(DnsResolverConfig.parseServers("127.0.0.1:5353, [::1]:53, 192.0.2.53, 2001:db8::53"))
                .extracting(a -> a.getAddress().getHostAddress() + "/" + a.getPort())
                .containsExactly("127.0.0.1/5353", "0:0:0:0:0:0:0:1/53", "192.0.2.53/53", "2001:db8:0:0:0:0:0:53/53");
        assertThat(DnsResolverConfig.parseServers(" ")).isEmpty();
        assertThatThrownBy(() -> DnsResolverConfig.parseServers("dns.example.com:53"))
                .hasMessageContaining("dns.example.com:53").hasMessageContaining("[2001:db8::53]:5353");
        assertThatThrownBy(() -> DnsResolverConfig.parseServers("127.0.0.1:99999")).isInstanceOf(IllegalArgumentException.class);
    }
}
