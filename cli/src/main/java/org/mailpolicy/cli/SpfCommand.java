package org.mailpolicy.cli;

import java.io.PrintWriter;
import java.net.InetAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import org.mailpolicy.spf.SpfOptions;
import org.mailpolicy.spf.SpfResult;
import org.mailpolicy.spf.SpfVerifier;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mailpolicy spf}: RFC 7208 check_host() for a client, as SpfHook would do it at MAIL FROM. */
@Command(name = "spf", mixinStandardHelpOptions = true,
        description = "Evaluates SPF (RFC 7208) for a client IP, MAIL FROM and HELO. Exits 0 whatever the result.")
final class SpfCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--receiver", paramLabel = "NAME", defaultValue = "unknown", description = "This host's name, for the %%{r} macro.")
    private String receiver;

    @Option(names = "--json", description = "Print one JSON object.")
    private boolean json;

    @Mixin
    private ClientOptions client;

    @Mixin
    private DnsOptions dns;

    @Override
    public Integer call() {
        InetAddress address = client.checkedAddress(spec);
        SpfVerifier verifier = new SpfVerifier(dns.resolver(),
                SpfOptions.builder().receivingHost(receiver).timeout(Duration.ofSeconds(20)).build());
        SpfResult result = verifier.verifyMailFrom(address, client.helo, client.mailFrom).join();
        PrintWriter out = spec.commandLine().getOut();
        out.println(json ? JsonOutput.write(fields(result)) : human(result));
        out.flush();
        return 0;
    }

    static Map<String, Object> fields(SpfResult result) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("result", result.code().keyword());
        fields.put("identity", result.identity().property().substring("smtp.".length()));
        fields.put("domain", result.domain());
        fields.put("sender", result.sender());
        fields.put("mechanism", result.mechanism().orElse(null));
        fields.put("explanation", result.explanation().orElse(null));
        fields.put("problem", result.problem().orElse(null));
        fields.put("dnsLookups", result.dnsLookups());
        fields.put("voidLookups", result.voidLookups());
        return fields;
    }

    private static String human(SpfResult result) {
        StringBuilder out = new StringBuilder();
        out.append("spf=").append(result.code().keyword())
                .append(' ').append(result.identity().property()).append('=').append(result.domain()).append('\n');
        out.append("  sender:       ").append(result.sender()).append('\n');
        out.append("  mechanism:    ").append(result.mechanism().orElse("(none matched)")).append('\n');
        result.explanation().ifPresent(text -> out.append("  explanation:  ").append(text).append('\n'));
        result.problem().ifPresent(text -> out.append("  problem:      ").append(text).append('\n'));
        out.append("  DNS lookups:  ").append(result.dnsLookups()).append(" (void: ").append(result.voidLookups()).append(')');
        return out.toString();
    }
}
