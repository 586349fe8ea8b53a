package org.mailpolicy.it.dmarc;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.mailpolicy.dmarc.DmarcEvaluator;
import org.mailpolicy.dmarc.DmarcInput;
import org.mailpolicy.dmarc.DmarcMode;
import org.mailpolicy.dmarc.DmarcOptions;
import org.mailpolicy.dmarc.DmarcResult;
import org.mailpolicy.dns.DnsResolverConfig;
import org.mailpolicy.dns.DnsjavaResolver;
import org.mailpolicy.it.harness.NsdServer;
import org.mailpolicy.it.harness.Zone;
import org.mailpolicy.spf.SpfIdentity;
import org.mailpolicy.spf.SpfResult;

/**
 * Cross-check of our DMARC engine with an independent implementation from Debian, Mail::DMARC
 * (libmail-dmarc-perl, RFC 7489), over the generated {@link DmarcScenarios}. Both look the policies
 * up in the same NSD; both get the same SPF and DKIM verdicts. Our engine runs in RFC 7489 mode,
 * where it must agree with the peer, and in RFC 9989 mode, where it must agree wherever the two
 * RFCs agree. Each case where the verdicts differ is listed in the scenario with its reason and
 * the verdict our engine must give, and the peer must really differ there; the counts are printed.
 */
class DmarcPeerIT {

    private static final List<DmarcScenario> SCENARIOS = DmarcScenarios.all();
    private static NsdServer nsd;
    private static DnsjavaResolver resolver;
    private static Map<String, MailDmarcPeer.Verdict> peer;
    private static final Map<DmarcMode, Map<String, Integer>> COUNTS = new EnumMap<>(DmarcMode.class);

    @BeforeAll
    static void startDnsAndRunThePeer() throws Exception {
        String version = MailDmarcPeer.version();
        Path work = Files.createTempDirectory(Files.createDirectories(Path.of(System.getProperty("mailpolicy.it.work.dir",
                "target/it-work"))), "dmarc-peer-");
        nsd = NsdServer.start(zones(), work.resolve("nsd"));
        resolver = new DnsjavaResolver(DnsResolverConfig.builder()
                .servers(List.of(new InetSocketAddress("127.0.0.1", nsd.port()))).timeout(Duration.ofSeconds(2)).build());
        peer = MailDmarcPeer.run(SCENARIOS, nsd.port(), work);
        System.out.println("Mail::DMARC " + version + ": " + peer.size() + " verdicts for " + SCENARIOS.size() + " scenarios");
    }

    @AfterAll
    static void printCountsAndStop() {
        COUNTS.forEach((mode, counts) -> System.out.println("DMARC cross-check with Mail::DMARC, our engine in " + mode.word()
                + " mode, " + SCENARIOS.size() + " scenarios: " + counts));
        if (nsd != null) {
            nsd.close();
        }
    }

    @TestFactory
    Stream<DynamicTest> rfc7489ModeAgreesWithMailDmarc() {
        return SCENARIOS.stream().map(s -> DynamicTest.dynamicTest(s.toString(), () -> check(s, DmarcMode.RFC7489, s.rfc7489)));
    }

    @TestFactory
    Stream<DynamicTest> rfc9989ModeAgreesWithMailDmarcWhereTheRfcsAgree() {
        return SCENARIOS.stream().map(s -> DynamicTest.dynamicTest(s.toString(), () -> check(s, DmarcMode.RFC9989, s.rfc9989)));
    }

    private static void check(DmarcScenario s, DmarcMode mode, DmarcScenario.Expectation expected) throws Exception {
        MailDmarcPeer.Verdict theirs = peer.get(s.id);
        assertThat(theirs).as("Mail::DMARC's verdict on %s", s.id).isNotNull();
        DmarcResult ours = evaluate(s, mode);
        String oursWords = ours.code().keyword() + "/" + ours.disposition().word();
        String theirsWords = theirs.result + "/" + theirs.disposition;
        String context = s + ": ours " + ours + ", Mail::DMARC " + theirsWords
                + (theirs.reason.isEmpty() ? "" : " (" + theirs.reason + ")");
        if (expected.agrees()) {
            count(mode, "agree");
            count(mode, "agree on " + oursWords);
            assertThat(oursWords).as(context).isEqualTo(theirsWords);
        } else {
            count(mode, expected.difference.name().toLowerCase(Locale.ROOT));
            assertThat(oursWords).as(context + "; expected of us because " + expected.reason)
                    .isEqualTo(expected.result.keyword() + "/" + expected.disposition.word());
            assertThat(theirsWords).as(context + "; listed as a difference: " + expected.reason).isNotEqualTo(oursWords);
        }
    }

    private static DmarcResult evaluate(DmarcScenario s, DmarcMode mode) throws Exception {
        DmarcOptions options = DmarcOptions.builder().mode(mode).sampler(() -> s.sample).build();
        boolean nullSender = s.mailFromDomain == null;
        SpfResult spf = SpfResult.builder(s.spf, nullSender ? SpfIdentity.HELO : SpfIdentity.MAILFROM, s.spfDomain(),
                (nullSender ? "postmaster@" : "bounce@") + s.spfDomain()).build();
        DmarcInput.Builder input = DmarcInput.builder(s.message()).spf(spf)
                .mailFrom(nullSender ? null : "bounce@" + s.mailFromDomain);
        s.dkim.stream().filter(signature -> signature.pass).forEach(signature -> input.dkimPass(signature.domain));
        return new DmarcEvaluator(resolver, options).evaluate(input.build()).get(30, TimeUnit.SECONDS);
    }

    private static synchronized void count(DmarcMode mode, String outcome) {
        COUNTS.computeIfAbsent(mode, m -> new TreeMap<>()).merge(outcome, 1, Integer::sum);
    }

    /** Every scenario's records, in zones com, net and uk; org answers SERVFAIL. */
    private static List<Zone> zones() {
        Map<String, List<String>> lines = new LinkedHashMap<>();
        for (String origin : List.of("com", "net", "uk")) {
            lines.put(origin, new ArrayList<>());
        }
        for (DmarcScenario s : SCENARIOS) {
            for (String[] txt : s.txtRecords) {
                add(lines, txt[0], "TXT \"" + txt[1].replace("\"", "\\\"") + "\"");
            }
            for (String name : s.addressRecords) {
                add(lines, name, "A 192.0.2.1");
            }
        }
        List<Zone> zones = new ArrayList<>();
        lines.forEach((origin, records) -> zones.add(Zone.primary(origin, records.toArray(String[]::new))));
        zones.add(Zone.servfail("org"));
        return zones;
    }

    private static void add(Map<String, List<String>> lines, String name, String data) {
        String origin = name.substring(name.lastIndexOf('.') + 1);
        List<String> zone = lines.get(origin);
        if (zone == null) {
            throw new IllegalStateException("no test zone for " + name);
        }
        zone.add(name.substring(0, name.length() - origin.length() - 1) + " " + data);
    }
}
