package org.mailpolicy.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mailpolicy.it.harness.JamesServerExtension;

/** {@code java -jar cli/target/mailpolicy.jar spf} as an admin runs it, against the test NSD. */
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

    private static Result run(String... args) throws IOException, InterruptedException {
        Path jar = Paths.get(System.getProperty("mailpolicy.cli.jar"));
        List<String> command = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString()));
        command.addAll(List.of(args));
        command.addAll(List.of("--dns", "127.0.0.1:" + james.dnsPort()));
        Process process = new ProcessBuilder(command).start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("mailpolicy did not finish within 60 s");
        }
        return new Result(process.exitValue(),
                new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }
}
