package org.mailpolicy.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

import org.mailpolicy.dkim.DkimKeyGenerator;
import org.mailpolicy.dkim.DkimSignatureResult;
import org.mailpolicy.dkim.DkimSigner;
import org.mailpolicy.dkim.DkimVerification;
import org.mailpolicy.dkim.DkimVerifier;
import org.mailpolicy.dkim.DkimVerifierOptions;
import org.mailpolicy.dkim.GeneratedDkimKey;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code mailpolicy dkim verify|sign|keygen}: the DKIM engine as DkimHook and DkimVerify use it. */
@Command(name = "dkim", mixinStandardHelpOptions = true,
        description = "DKIM (RFC 6376, RFC 8463): verify or sign a message read from standard input, or make a key.",
        subcommands = {DkimCommand.Verify.class, DkimCommand.Sign.class, DkimCommand.Keygen.class})
final class DkimCommand {

    static byte[] readStdin() {
        try (InputStream in = System.in) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the message from standard input", e);
        }
    }

    private static void print(CommandSpec spec, String text) {
        PrintWriter out = spec.commandLine().getOut();
        out.println(text);
        out.flush();
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Verifies every DKIM-Signature of the message on standard input. Exits 0 whatever the result.")
    static final class Verify implements Callable<Integer> {

        @Spec
        private CommandSpec spec;

        @Option(names = "--json", description = "Print one JSON object with a `signatures` array.")
        private boolean json;

        @Option(names = "--allow-rsa-sha1", description = "Verify rsa-sha1 signatures instead of answering policy (RFC 8301).")
        private boolean allowRsaSha1;

        @Option(names = "--honour-length-tag", description = "Verify l= signatures over their signed part instead of answering policy.")
        private boolean honourLengthTag;

        @Mixin
        private DnsOptions dns;

        @Override
        public Integer call() {
            DkimVerifier verifier = new DkimVerifier(dns.resolver(), DkimVerifierOptions.builder()
                    .allowRsaSha1(allowRsaSha1).honourLengthTag(honourLengthTag).build());
            DkimVerification verification = verifier.verify(readStdin()).join();
            print(spec, json ? JsonOutput.write(fields(verification)) : human(verification));
            return 0;
        }

        static Map<String, Object> fields(DkimVerification verification) {
            List<Map<String, Object>> signatures = new ArrayList<>();
            for (DkimSignatureResult s : verification.signatures()) {
                Map<String, Object> fields = new LinkedHashMap<>();
                fields.put("result", s.result().word());
                fields.put("domain", s.domain().orElse(null));
                fields.put("identity", s.identity().orElse(null));
                fields.put("selector", s.selector().orElse(null));
                fields.put("algorithm", s.algorithm().orElse(null));
                fields.put("keyBits", s.keyBits());
                fields.put("bPrefix", s.bPrefix());
                fields.put("reason", s.reason());
                fields.put("testing", s.testing());
                signatures.add(fields);
            }
            Map<String, Object> object = new LinkedHashMap<>();
            object.put("signatures", signatures);
            return object;
        }

        private static String human(DkimVerification verification) {
            if (!verification.isSigned()) {
                return "dkim=none (no DKIM-Signature)";
            }
            StringBuilder out = new StringBuilder();
            for (DkimSignatureResult s : verification.signatures()) {
                if (out.length() > 0) {
                    out.append('\n');
                }
                out.append("dkim=").append(s.result().word())
                        .append(" header.d=").append(s.domain().orElse("?"))
                        .append(" header.s=").append(s.selector().orElse("?"))
                        .append(" header.a=").append(s.algorithm().orElse("?"));
                if (s.keyBits() > 0) {
                    out.append(" (").append(s.keyBits()).append(" bits)");
                }
                if (!s.reason().isEmpty()) {
                    out.append("\n  reason: ").append(s.reason());
                }
            }
            return out.toString();
        }
    }

    @Command(name = "sign", mixinStandardHelpOptions = true,
            description = "Signs the message on standard input (relaxed/relaxed) and writes it, signed, to standard output.")
    static final class Sign implements Callable<Integer> {

        @Spec
        private CommandSpec spec;

        @Mixin
        private SigningKeyOptions signing;

        @Override
        public Integer call() throws IOException {
            DkimSigner signer = signing.signer(spec, (domain, selector, key) -> DkimSigner.builder(domain).key(selector, key).build());
            System.out.write(signer.signedMessage(readStdin()));
            System.out.flush();
            return 0;
        }
    }

    @Command(name = "keygen", mixinStandardHelpOptions = true,
            description = "Makes a key pair: writes the private key (PKCS#8 PEM, mode 0600) and prints the DNS TXT record to publish.")
    static final class Keygen implements Callable<Integer> {

        @Spec
        private CommandSpec spec;

        @Option(names = "--algorithm", defaultValue = "rsa", paramLabel = "rsa|ed25519",
                description = "Key type (default: ${DEFAULT-VALUE}).")
        private String algorithm;

        @Option(names = "--bits", defaultValue = "2048", paramLabel = "N", description = "RSA key size (default: ${DEFAULT-VALUE}).")
        private int bits;

        @Option(names = "--domain", required = true, paramLabel = "D", description = "The signing domain.")
        private String domain;

        @Option(names = "--selector", required = true, paramLabel = "S", description = "The selector.")
        private String selector;

        @Option(names = "--out", required = true, paramLabel = "DIR",
                description = "Key directory; the key goes to DIR/<domain>/<selector>.key, the layout the DkimSign mailet reads.")
        private Path out;

        @Option(names = "--json", description = "Print one JSON object with the key file, the record name and its value.")
        private boolean json;

        @Override
        public Integer call() throws IOException {
            GeneratedDkimKey key;
            switch (algorithm) {
                case "rsa":
                    if (bits < 1024 || bits > 8192) {
                        // RFC 8301 §3.2: verifiers refuse RSA keys under 1024 bits.
                        throw new ParameterException(spec.commandLine(), "--bits must be between 1024 and 8192, got " + bits);
                    }
                    key = DkimKeyGenerator.rsa(bits);
                    break;
                case "ed25519":
                    key = DkimKeyGenerator.ed25519();
                    break;
                default:
                    throw new ParameterException(spec.commandLine(), "--algorithm must be rsa or ed25519, got " + algorithm);
            }
            Path file = out.resolve(domain).resolve(selector + ".key");
            Files.createDirectories(file.getParent());
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(Set.copyOf(PosixFilePermissions.fromString("rw-------"))));
            Files.writeString(file, key.privateKeyPem(), StandardCharsets.US_ASCII);
            String name = selector + "._domainkey." + domain;
            if (json) {
                Map<String, Object> object = new LinkedHashMap<>();
                object.put("keyFile", file.toString());
                object.put("recordName", name);
                object.put("recordValue", key.dnsRecord());
                print(spec, JsonOutput.write(object));
            } else {
                print(spec, "private key: " + file + "\npublish:     " + name + ". IN TXT \"" + key.dnsRecord() + "\"");
            }
            return 0;
        }
    }
}
