package org.mailpolicy.cli;

import java.io.PrintWriter;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.mailpolicy.authres.MethodResults;
import org.mailpolicy.dkim.DkimSignatureResult;
import org.mailpolicy.dkim.DkimVerification;
import org.mailpolicy.dkim.DkimVerifier;
import org.mailpolicy.dkim.DkimVerifierOptions;
import org.mailpolicy.dmarc.DmarcEvaluator;
import org.mailpolicy.dmarc.DmarcInput;
import org.mailpolicy.dmarc.DmarcMode;
import org.mailpolicy.dmarc.DmarcOptions;
import org.mailpolicy.dmarc.DmarcPolicy;
import org.mailpolicy.dmarc.DmarcRecord;
import org.mailpolicy.dmarc.DmarcResult;
import org.mailpolicy.dmarc.PublicSuffixList;
import org.mailpolicy.dns.Resolver;
import org.mailpolicy.spf.SpfOptions;
import org.mailpolicy.spf.SpfResult;
import org.mailpolicy.spf.SpfVerifier;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code mailpolicy dmarc}: SPF, DKIM and DMARC on one message, as AuthHook evaluates them at the end of DATA. */
@Command(name = "dmarc", mixinStandardHelpOptions = true,
        description = "Evaluates SPF, DKIM and DMARC (RFC 9989, or RFC 7489) for the message on standard input. Exits 0 whatever the result.")
final class DmarcCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--mode", paramLabel = "MODE", defaultValue = "rfc9989", description = "rfc9989 (default) or rfc7489.")
    private String mode;

    @Option(names = "--psl", paramLabel = "FILE", description = "A Public Suffix List for rfc7489 mode (default: the one shipped).")
    private Path publicSuffixList;

    @Option(names = "--json", description = "Print one JSON object.")
    private boolean json;

    @Mixin
    private ClientOptions client;

    @Mixin
    private DnsOptions dns;

    @Override
    public Integer call() {
        InetAddress address = client.checkedAddress(spec);
        DmarcOptions.Builder options = DmarcOptions.builder();
        try {
            options.mode(DmarcMode.fromWord(mode));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--mode: " + e.getMessage());
        }
        if (publicSuffixList != null) {
            options.publicSuffixList(PublicSuffixList.load(publicSuffixList));
        }
        byte[] message = DkimCommand.readStdin();
        Resolver resolver = dns.resolver();
        SpfResult spf = new SpfVerifier(resolver, SpfOptions.builder().timeout(Duration.ofSeconds(20)).build())
                .verifyMailFrom(address, client.helo, client.mailFrom).join();
        DkimVerification dkim = new DkimVerifier(resolver, DkimVerifierOptions.defaults()).verify(message).join();
        DmarcResult dmarc = new DmarcEvaluator(resolver, options.build()).evaluate(DmarcInput.builder(message)
                .spf(spf).dkim(dkim).clientAddress(address).mailFrom(client.mailFrom).build()).join();
        PrintWriter out = spec.commandLine().getOut();
        out.println(json ? JsonOutput.write(fields(dmarc, spf, dkim)) : human(dmarc, spf, dkim));
        out.flush();
        return 0;
    }

    static Map<String, Object> fields(DmarcResult dmarc, SpfResult spf, DkimVerification dkim) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("result", dmarc.code().keyword());
        fields.put("disposition", dmarc.disposition().word());
        fields.put("policy", dmarc.publishedPolicy().map(DmarcPolicy::word).orElse(null));
        fields.put("appliedPolicy", dmarc.appliedPolicy().map(DmarcPolicy::word).orElse(null));
        fields.put("fromDomain", dmarc.fromDomain().isEmpty() ? null : dmarc.fromDomain());
        fields.put("policyDomain", dmarc.policyDomain().orElse(null));
        fields.put("organizationalDomain", dmarc.organizationalDomain().orElse(null));
        fields.put("record", dmarc.record().map(DmarcRecord::text).orElse(null));
        fields.put("mode", dmarc.mode().word());
        Map<String, Object> spfFields = SpfCommand.fields(spf);
        spfFields.put("aligned", dmarc.alignedSpfDomain().isPresent());
        fields.put("spf", spfFields);
        List<Map<String, Object>> signatures = new ArrayList<>();
        for (DkimSignatureResult s : dkim.signatures()) {
            Map<String, Object> signature = new LinkedHashMap<>();
            signature.put("result", s.result().word());
            signature.put("domain", s.domain().orElse(null));
            signature.put("selector", s.selector().orElse(null));
            signature.put("aligned", s.domain().map(d -> dmarc.alignedDkimDomains().contains(d)).orElse(false));
            signatures.add(signature);
        }
        fields.put("dkim", signatures);
        Map<String, Object> alignment = new LinkedHashMap<>();
        alignment.put("spf", dmarc.record().map(r -> r.spfAlignment().word()).orElse(null));
        alignment.put("dkim", dmarc.record().map(r -> r.dkimAlignment().word()).orElse(null));
        alignment.put("spfDomain", dmarc.alignedSpfDomain().orElse(null));
        alignment.put("dkimDomains", dmarc.alignedDkimDomains());
        fields.put("alignment", alignment);
        fields.put("override", dmarc.override().map(o -> {
            Map<String, Object> override = new LinkedHashMap<>();
            override.put("reason", o.reason().word());
            override.put("detail", o.detail());
            return (Object) override;
        }).orElse(null));
        fields.put("problem", dmarc.problem().orElse(null));
        return fields;
    }

    private static String human(DmarcResult dmarc, SpfResult spf, DkimVerification dkim) {
        StringBuilder out = new StringBuilder();
        out.append("dmarc=").append(dmarc.code().keyword());
        MethodResults.dmarc(dmarc).properties().forEach(p -> out.append(' ').append(p));
        out.append('\n');
        out.append("  disposition:  ").append(dmarc.disposition().word()).append('\n');
        dmarc.policyDomain().ifPresent(d -> out.append("  policy from:  _dmarc.").append(d).append('\n'));
        dmarc.record().ifPresent(r -> out.append("  record:       ").append(r.text()).append('\n'));
        out.append("  spf:          ").append(spf.code().keyword()).append(' ').append(spf.identity().property()).append('=')
                .append(spf.domain()).append(dmarc.spfAligned() ? " (aligned)" : "").append('\n');
        if (!dkim.isSigned()) {
            out.append("  dkim:         none\n");
        }
        for (DkimSignatureResult s : dkim.signatures()) {
            out.append("  dkim:         ").append(s.result().word()).append(" d=").append(s.domain().orElse("?"))
                    .append(s.domain().map(d -> dmarc.alignedDkimDomains().contains(d)).orElse(false) ? " (aligned)" : "").append('\n');
        }
        dmarc.override().ifPresent(o -> out.append("  override:     ").append(o).append('\n'));
        dmarc.problem().ifPresent(p -> out.append("  problem:      ").append(p).append('\n'));
        return out.toString().stripTrailing();
    }
}
