package org.mailpolicy.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.mailpolicy.it.harness.JamesServerExtension;

/** {@code java -jar cli/target/mailpolicy.jar spf|dkim|arc} as an admin runs it, against the test NSD. */
class CliIT {

    @RegisterExtension
    static final JamesServerExtension james = StandardServers.create();

    @Test
    void spfJsonAgainstARealDnsServer() throws Exception {
        Result pass = run("spf", "--ip", "127.0.0.1", "--mail-from", "a@example.com", "--helo", "mx.example.com", "--json");
        assertThat(pass.exitCode).isZero();
        assertThat(pass.out).contains("\"result\" : \"pass\"", "\"mechanism\" : \"ip4:127.0.0.1\"", "\"dnsLookups\" : 0");

        Result servfail = run("spf", "--ip", "127.0.0.1", "--mail-from", "a@broken.example", "--json");
        assertThat(servfail.exitCode).as("exit 0 whatever the result").isZero();
        assertThat(servfail.out).contains("\"result\" : \"temperror\"", "SERVFAIL");
    }

    @Test
    void humanOutputAndBadArguments() throws Exception {
        Result fail = run("spf", "--ip", "127.0.0.1", "--mail-from", "a@fail.example");
        assertThat(fail.exitCode).isZero();
        assertThat(fail.out).startsWith("spf=fail smtp.mailfrom=fail.example").contains("mechanism:    -all");

        Result bad = run("spf", "--ip", "not-an-address", "--mail-from", "a@example.com");
        assertThat(bad.exitCode).isEqualTo(2);
        assertThat(bad.err).contains("--ip must be an IPv4 or IPv6 address");
    }

    private static final class Result {
        final int exitCode;
        final String out;
        final String err;

        Result(int exitCode, String out, String err) {
            this.exitCode = exitCode;
            this.out = out;
            this.err = err;
        }
    }

    @Test
    void dkimKeygenSignAndVerifyAsAnAdminChainsThem(@TempDir Path dir) throws Exception {
        Result keygen = exec(new byte[0], "dkim", "keygen", "--algorithm", "ed25519", "--domain", "example.org",
                "--selector", "s1", "--out", dir.toString());
        assertThat(keygen.exitCode).as(keygen.err).isZero();
        Path keyFile = dir.resolve("example.org").resolve("s1.key");
        assertThat(keygen.out).contains("publish:     s1._domainkey.example.org. IN TXT \"v=DKIM1; k=ed25519; p=");
        assertThat(Files.getPosixFilePermissions(keyFile)).isEqualTo(PosixFilePermissions.fromString("rw-------"));

        // example.com's key is published in the test NSD (StandardServers)
        Path rsaKey = dir.resolve("example.com.key");
        Files.writeString(rsaKey, StandardServers.DKIM_KEY.privateKeyPem());
        byte[] message = "From: a@example.com\r\nTo: b@example.org\r\nSubject: cli\r\n\r\nHi.\r\n".getBytes(StandardCharsets.US_ASCII);
        Result signed = exec(message, "dkim", "sign", "--domain", "example.com", "--selector", StandardServers.DKIM_SELECTOR,
                "--key", rsaKey.toString());
        assertThat(signed.exitCode).as(signed.err).isZero();
        assertThat(signed.out).startsWith("DKIM-Signature: v=1; a=rsa-sha256;");

        Result pass = exec(signed.out.getBytes(StandardCharsets.US_ASCII), "dkim", "verify", "--json", "--dns", "127.0.0.1:" + james.dnsPort());
        assertThat(pass.exitCode).as(pass.err).isZero();
        assertThat(pass.out).contains("\"signatures\" : [", "\"result\" : \"pass\"", "\"domain\" : \"example.com\"",
                "\"selector\" : \"" + StandardServers.DKIM_SELECTOR + "\"", "\"algorithm\" : \"rsa-sha256\"", "\"keyBits\" : 2048");

        Result fail = exec(signed.out.replace("Hi.", "Bye.").getBytes(StandardCharsets.US_ASCII), "dkim", "verify",
                "--dns", "127.0.0.1:" + james.dnsPort());
        assertThat(fail.out).startsWith("dkim=fail header.d=example.com").contains("reason: body hash did not verify");
    }

    @Test
    void arcSealThenVerifyAgainstARealDnsServer(@TempDir Path dir) throws Exception {
        // ARC keys are DKIM keys: example.com's is published in the test NSD (StandardServers).
        Path key = dir.resolve("example.com.key");
        Files.writeString(key, StandardServers.DKIM_KEY.privateKeyPem());
        byte[] message = ("Authentication-Results: mx.example.com; spf=pass smtp.mailfrom=example.org\r\n"
                + "From: a@example.org\r\nTo: list@example.com\r\nSubject: arc\r\n\r\nForwarded.\r\n").getBytes(StandardCharsets.US_ASCII);
        String dns = "127.0.0.1:" + james.dnsPort();

        Result sealed = exec(message, "arc", "seal", "--domain", "example.com", "--selector", StandardServers.DKIM_SELECTOR,
                "--key", key.toString(), "--authserv-id", "mx.example.com", "--dns", dns);
        assertThat(sealed.exitCode).as(sealed.err).isZero();
        assertThat(sealed.out).startsWith("ARC-Seal: a=rsa-sha256;").contains("cv=none",
                "ARC-Authentication-Results: i=1;\r\n mx.example.com;\r\n spf=pass smtp.mailfrom=example.org");

        Result pass = exec(sealed.out.getBytes(StandardCharsets.US_ASCII), "arc", "verify", "--json", "--dns", dns);
        assertThat(pass.exitCode).as(pass.err).isZero();
        assertThat(pass.out).contains("\"result\" : \"pass\"", "\"instances\" : 1", "\"oldestPass\" : 1",
                "\"domain\" : \"example.com\"", "\"selector\" : \"" + StandardServers.DKIM_SELECTOR + "\"");

        Result fail = exec(sealed.out.replace("Forwarded.", "Changed.").getBytes(StandardCharsets.US_ASCII), "arc", "verify", "--dns", dns);
        assertThat(fail.out).startsWith("arc=fail (1 ARC sets)").contains("reason: ARC-Message-Signature i=1: body hash did not verify");

        Result none = exec(message, "arc", "verify", "--dns", dns);
        assertThat(none.out.strip()).isEqualTo("arc=none");
    }

    private static Result run(String... args) throws IOException, InterruptedException {
        List<String> withDns = new ArrayList<>(List.of(args));
        withDns.addAll(List.of("--dns", "127.0.0.1:" + james.dnsPort()));
        return exec(new byte[0], withDns.toArray(new String[0]));
    }

    private static Result exec(byte[] input, String... args) throws IOException, InterruptedException {
        Path jar = Paths.get(System.getProperty("mailpolicy.cli.jar"));
        List<String> command = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).start();
        try (var stdin = process.getOutputStream()) {
            stdin.write(input);
        }
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("mailpolicy did not finish within 60 s");
        }
        return new Result(process.exitValue(),
                new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }
}
