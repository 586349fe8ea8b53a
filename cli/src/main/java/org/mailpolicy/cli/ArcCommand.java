package org.mailpolicy.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.mailpolicy.arc.ArcHop;
import org.mailpolicy.arc.ArcSeal;
import org.mailpolicy.arc.ArcSealer;
import org.mailpolicy.arc.ArcVerification;
import org.mailpolicy.arc.ArcVerifier;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mailpolicy arc verify|seal}: the ARC engine (RFC 8617) as the James plugins use it. */
@Command(name = "arc", mixinStandardHelpOptions = true,
        description = "ARC (RFC 8617): verify the chain of the message on standard input, or add our ARC set to it.",
        subcommands = {ArcCommand.Verify.class, ArcCommand.Seal.class})
final class ArcCommand {

    private static byte[] readStdin() {
        try (InputStream in = System.in) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the message from standard input", e);
        }
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Verifies the ARC chain of the message on standard input. Exits 0 whatever the result.")
    static final class Verify implements Callable<Integer> {

        @Spec
        private CommandSpec spec;

        @Option(names = "--json", description = "Print one JSON object with the result and a `hops` array.")
        private boolean json;

        @Mixin
        private DnsOptions dns;

        @Override
        public Integer call() {
            ArcVerification verification = new ArcVerifier(dns.resolver()).verify(readStdin()).join();
            PrintWriter out = spec.commandLine().getOut();
            out.println(json ? JsonOutput.write(fields(verification)) : human(verification));
            out.flush();
            return 0;
        }

        static Map<String, Object> fields(ArcVerification verification) {
            List<Map<String, Object>> hops = new ArrayList<>();
            for (ArcHop hop : verification.hops()) {
                Map<String, Object> fields = new LinkedHashMap<>();
                fields.put("instance", hop.instance());
                fields.put("domain", hop.sealerDomain());
                fields.put("selector", hop.selector());
                fields.put("algorithm", hop.algorithm());
                fields.put("cv", hop.recordedChainValidation() == null ? null : hop.recordedChainValidation().word());
                fields.put("sealVerified", hop.sealVerified());
                fields.put("messageSignatureVerified", hop.messageSignatureVerified());
                fields.put("authenticationResults", hop.authenticationResults());
                hops.add(fields);
            }
            Map<String, Object> object = new LinkedHashMap<>();
            object.put("result", verification.result().word());
            object.put("reason", verification.reason());
            object.put("instances", verification.instances());
            object.put("oldestPass", verification.oldestPass());
            object.put("temporary", verification.temporary());
            object.put("hops", hops);
            return object;
        }

        private static String human(ArcVerification verification) {
            StringBuilder out = new StringBuilder("arc=").append(verification.result().word());
            if (verification.instances() > 0) {
                out.append(" (").append(verification.instances()).append(" ARC sets");
                if (verification.oldestPass() > 0) {
                    out.append(", oldest-pass=").append(verification.oldestPass());
                }
                out.append(')');
            }
            for (ArcHop hop : verification.hops()) {
                out.append("\n  i=").append(hop.instance()).append(" d=").append(hop.sealerDomain()).append(" s=").append(hop.selector())
                        .append(" a=").append(hop.algorithm()).append(" cv=").append(hop.recordedChainValidation())
                        .append(" seal ").append(hop.sealVerified() ? "verified" : "not verified")
                        .append(", message signature ").append(hop.messageSignatureVerified() ? "verified" : "not verified");
            }
            if (!verification.reason().isEmpty()) {
                out.append("\n  reason: ").append(verification.reason());
            }
            return out.toString();
        }
    }

    @Command(name = "seal", mixinStandardHelpOptions = true,
            description = {"Verifies the chain of the message on standard input, adds our ARC set (relaxed/relaxed) and writes the message to standard output.",
                    "A chain whose newest seal says cv=fail, or that has 50 sets, gets none: the message is written unchanged and the reason goes to standard error."})
    static final class Seal implements Callable<Integer> {

        @Spec
        private CommandSpec spec;

        @Mixin
        private SigningKeyOptions signing;

        @Option(names = "--authserv-id", required = true, paramLabel = "ID", description = "Our authserv-id (RFC 8601), first in the ARC-Authentication-Results.")
        private String authservId;

        @Option(names = "--auth-results", paramLabel = "TEXT",
                description = "The results to record, e.g. 'spf=pass smtp.mailfrom=example.com; dkim=pass header.d=example.com'. "
                        + "Default: the results of the message's Authentication-Results fields of --authserv-id.")
        private String authResults;

        @Mixin
        private DnsOptions dns;

        @Override
        public Integer call() throws IOException {
            ArcSealer sealer = signing.signer(spec, (domain, selector, key) -> ArcSealer.builder(domain).key(selector, key).build());
            byte[] message = readStdin();
            String results = authResults == null ? ArcSealer.authenticationResultsOf(message, authservId) : authservId + "; " + authResults;
            ArcSeal seal = sealer.seal(message, results, new ArcVerifier(dns.resolver())).join();
            if (!seal.isSealed()) {
                PrintWriter err = spec.commandLine().getErr();
                err.println("not sealed: " + seal.reason());
                err.flush();
            }
            System.out.write(seal.prependTo(message));
            System.out.flush();
            return 0;
        }
    }
}
