package org.mailpolicy.dmarc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.mailpolicy.dns.InMemoryResolver;
import org.mailpolicy.spf.SpfIdentity;
import org.mailpolicy.spf.SpfResult;
import org.mailpolicy.spf.SpfResultCode;
import org.yaml.snakeyaml.Yaml;

/**
 * One named case per DMARC rule (RFC 9989 tree walk, psd, np, t, missing p, strict and relaxed
 * alignment for SPF and DKIM, author-domain edge cases, local overrides, RFC 7489 mode), read from
 * {@code dmarc-rules.yml}. Each case names the section it checks.
 */
class DmarcRulesTest {

    @TestFactory
    Stream<DynamicTest> rules() throws IOException {
        List<Map<String, Object>> cases;
        try (InputStream in = getClass().getResourceAsStream("dmarc-rules.yml")) {
            cases = new Yaml().load(in);
        }
        return cases.stream().map(c -> DynamicTest.dynamicTest((String) c.get("name"), () -> run(c)));
    }

    @SuppressWarnings("unchecked")
    private static void run(Map<String, Object> c) throws Exception {
        InMemoryResolver.Builder zone = InMemoryResolver.builder();
        ((Map<String, Object>) c.getOrDefault("txt", Map.of())).forEach((name, value) -> {
            for (Object text : value instanceof List ? (List<Object>) value : List.of(value)) {
                zone.txt(name, (String) text);
            }
        });
        ((List<String>) c.getOrDefault("exists", List.of())).forEach(zone::exists);
        ((List<String>) c.getOrDefault("tempfail", List.of())).forEach(name -> zone.tempfail(name, "SERVFAIL"));
        QueryLog resolver = new QueryLog(zone.build());

        DmarcOptions.Builder options = DmarcOptions.builder()
                .mode(DmarcMode.fromWord((String) c.getOrDefault("mode", "rfc9989")));
        Map<String, Object> o = (Map<String, Object>) c.getOrDefault("options", Map.of());
        ((List<String>) o.getOrDefault("trustedForwarders", List.of())).forEach(options::trustedForwarder);
        ((List<String>) o.getOrDefault("trustedArcSealers", List.of())).forEach(options::trustedArcSealer);
        ((List<String>) o.getOrDefault("mailingLists", List.of())).forEach(options::mailingList);
        ((List<String>) o.getOrDefault("allowedFromDomains", List.of())).forEach(options::allowedFromDomain);
        ((List<String>) o.getOrDefault("allowedSenders", List.of())).forEach(options::allowedSender);
        if (o.containsKey("sample")) {
            int sample = (Integer) o.get("sample");
            options.sampler(() -> sample);
        }

        String message = c.get("from") + "\r\nSubject: test\r\n\r\nbody\r\n";
        DmarcInput.Builder input = DmarcInput.builder(message.getBytes(StandardCharsets.UTF_8));
        String mailFrom = (String) c.get("mailFrom");
        input.mailFrom(mailFrom);
        if (c.containsKey("spf")) {
            String[] spf = ((String) c.get("spf")).split(" ");
            boolean helo = spf[1].equals("helo");
            String domain = spf[spf.length - 1];
            input.spf(SpfResult.builder(SpfResultCode.fromKeyword(spf[0]), helo ? SpfIdentity.HELO : SpfIdentity.MAILFROM, domain,
                    helo ? "postmaster@" + domain : mailFrom == null ? "bounce@" + domain : mailFrom).build());
        }
        ((List<String>) c.getOrDefault("dkim", List.of())).forEach(input::dkimPass);
        if (c.containsKey("client")) {
            input.clientAddress(InetAddress.getByName((String) c.get("client")));
        }
        if (c.containsKey("arc")) {
            String[] arc = ((String) c.get("arc")).split(" ");
            input.arc(ArcChainInput.of(ArcChainInput.ChainValidation.valueOf(arc[0].toUpperCase()),
                    List.of(arc).subList(1, arc.length)));
        }

        DmarcResult result = new DmarcEvaluator(resolver, options.build()).evaluate(input.build()).get();

        Map<String, Object> expect = (Map<String, Object>) c.get("expect");
        assertThat(result.code().keyword()).as("result of %s", result).isEqualTo(expect.get("result"));
        if (expect.containsKey("published")) {
            assertThat(result.publishedPolicy().map(DmarcPolicy::word)).as("published policy").contains((String) expect.get("published"));
        }
        if (expect.containsKey("applied")) {
            assertThat(result.appliedPolicy().map(DmarcPolicy::word)).as("applied policy").contains((String) expect.get("applied"));
        }
        if (expect.containsKey("disposition")) {
            assertThat(result.disposition().word()).as("disposition").isEqualTo(expect.get("disposition"));
        }
        if (expect.containsKey("policyDomain")) {
            assertThat(result.policyDomain()).as("policy domain").contains((String) expect.get("policyDomain"));
        }
        if (expect.containsKey("orgDomain")) {
            assertThat(result.organizationalDomain()).as("organizational domain").contains((String) expect.get("orgDomain"));
        }
        if (expect.containsKey("spfAligned")) {
            assertThat(result.alignedSpfDomain()).as("aligned SPF domain").contains((String) expect.get("spfAligned"));
        }
        if (expect.containsKey("dkimAligned")) {
            assertThat(result.alignedDkimDomains()).as("aligned DKIM domains").isEqualTo(expect.get("dkimAligned"));
        }
        if (expect.containsKey("override")) {
            assertThat(result.override().map(ov -> ov.reason().word() + (ov.detail().isEmpty() ? "" : " " + ov.detail())).orElse(""))
                    .as("override").isEqualTo(expect.get("override"));
        }
        if (expect.containsKey("queries")) {
            assertThat(resolver.dmarcQueries()).as("_dmarc queries").isEqualTo(expect.get("queries"));
        }
    }

    /** Records the names of the TXT queries, to check the walk's order and its cap. */
    static final class QueryLog implements org.mailpolicy.dns.Resolver {
        private final org.mailpolicy.dns.Resolver delegate;
        private final List<String> txt = new ArrayList<>();

        QueryLog(org.mailpolicy.dns.Resolver delegate) {
            this.delegate = delegate;
        }

        synchronized List<String> dmarcQueries() {
            return txt.stream().filter(n -> n.startsWith("_dmarc.")).collect(Collectors.toList());
        }

        @Override
        public java.util.concurrent.CompletableFuture<org.mailpolicy.dns.DnsAnswer<String>> txt(String name) {
            synchronized (this) {
                txt.add(name);
            }
            return delegate.txt(name);
        }

        @Override
        public java.util.concurrent.CompletableFuture<org.mailpolicy.dns.DnsAnswer<InetAddress>> a(String name) {
            return delegate.a(name);
        }

        @Override
        public java.util.concurrent.CompletableFuture<org.mailpolicy.dns.DnsAnswer<InetAddress>> aaaa(String name) {
            return delegate.aaaa(name);
        }

        @Override
        public java.util.concurrent.CompletableFuture<org.mailpolicy.dns.DnsAnswer<org.mailpolicy.dns.MxRecord>> mx(String name) {
            return delegate.mx(name);
        }

        @Override
        public java.util.concurrent.CompletableFuture<org.mailpolicy.dns.DnsAnswer<String>> ptr(String name) {
            return delegate.ptr(name);
        }
    }
}
