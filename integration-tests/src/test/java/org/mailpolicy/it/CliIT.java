package org.mailpolicy.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.mailpolicy.it.harness.JamesServerExtension;
import org.mailpolicy.it.harness.MailPolicyCli;

/** {@code java -jar cli/target/mailpolicy.jar spf|dkim|dmarc|arc} as an admin runs it, against the test NSD. */
class CliIT {

    @RegisterExtension
    static final JamesServerExtension james = StandardServers.create();

    @Test
    void spfJsonAgainstARealDnsServer() throws Exception {
        MailPolicyCli.Result pass = run("spf", "--ip", "127.0.0.1", "--mail-from", "a@example.com", "--helo", "mx.example.com", "--json");
        assertThat(pass.exitCode).isZero();
        assertThat(pass.out).contains("\"result\" : \"pass\"", "\"mechanism\" : \"ip4:127.0.0.1\"", "\"dnsLookups\" : 0");

        MailPolicyCli.Result servfail = run("spf", "--ip", "127.0.0.1", "--mail-from", "a@broken.example", "--json");
        assertThat(servfail.exitCode).as("exit 0 whatever the result").isZero();
        assertThat(servfail.out).contains("\"result\" : \"temperror\"", "SERVFAIL");
    }

    @Test
    void humanOutputAndBadArguments() throws Exception {
        MailPolicyCli.Result fail = run("spf", "--ip", "127.0.0.1", "--mail-from", "a@fail.example");
        assertThat(fail.exitCode).isZero();
        assertThat(fail.out).startsWith("spf=fail smtp.mailfrom=fail.example").contains("mechanism:    -all");

        MailPolicyCli.Result bad = run("spf", "--ip", "not-an-address", "--mail-from", "a@example.com");
        assertThat(bad.exitCode).isEqualTo(2);
        assertThat(bad.err).contains("--ip must be an IPv4 or IPv6 address");
    }

    @Test
    void dkimKeygenSignAndVerifyAsAnAdminChainsThem(@TempDir Path dir) throws Exception {
        MailPolicyCli.Result keygen = MailPolicyCli.run("dkim", "keygen", "--algorithm", "ed25519", "--domain", "example.org",
                "--selector", "s1", "--out", dir.toString());
        assertThat(keygen.exitCode).as(keygen.err).isZero();
        Path keyFile = dir.resolve("example.org").resolve("s1.key");
        assertThat(keygen.out).contains("publish:     s1._domainkey.example.org. IN TXT \"v=DKIM1; k=ed25519; p=");
        assertThat(Files.getPosixFilePermissions(keyFile)).isEqualTo(PosixFilePermissions.fromString("rw-------"));

        // example.com's key is published in the test NSD (StandardServers)
        Path rsaKey = dir.resolve("example.com.key");
        Files.writeString(rsaKey, StandardServers.DKIM_KEY.privateKeyPem());
        byte[] message = "From: a@example.com\r\nTo: b@example.org\r\nSubject: cli\r\n\r\nHi.\r\n".getBytes(StandardCharsets.US_ASCII);
        MailPolicyCli.Result signed = MailPolicyCli.run(message, "dkim", "sign", "--domain", "example.com", "--selector", StandardServers.DKIM_SELECTOR,
                "--key", rsaKey.toString());
        assertThat(signed.exitCode).as(signed.err).isZero();
        assertThat(signed.out).startsWith("DKIM-Signature: v=1; a=rsa-sha256;");

        MailPolicyCli.Result pass = MailPolicyCli.run(signed.out.getBytes(StandardCharsets.US_ASCII), "dkim", "verify", "--json", "--dns", "127.0.0.1:" + james.dnsPort());
        assertThat(pass.exitCode).as(pass.err).isZero();
        assertThat(pass.out).contains("\"signatures\" : [", "\"result\" : \"pass\"", "\"domain\" : \"example.com\"",
                "\"selector\" : \"" + StandardServers.DKIM_SELECTOR + "\"", "\"algorithm\" : \"rsa-sha256\"", "\"keyBits\" : 2048");

        MailPolicyCli.Result fail = MailPolicyCli.run(signed.out.replace("Hi.", "Bye.").getBytes(StandardCharsets.US_ASCII), "dkim", "verify",
                "--dns", "127.0.0.1:" + james.dnsPort());
        assertThat(fail.out).startsWith("dkim=fail header.d=example.com").contains("reason: body hash did not verify");
    }

    @Test
    void dmarcJsonEvaluatesSpfDkimAndDmarcTogether() throws Exception {
        byte[] reject = "From: ceo@reject.example\r\nSubject: cli\r\n\r\nHi.\r\n".getBytes(StandardCharsets.US_ASCII);
        MailPolicyCli.Result fail = MailPolicyCli.run(reject, "dmarc", "--ip", "127.0.0.1", "--mail-from", "a@example.com", "--helo", "mx.example.com", "--json",
                "--dns", "127.0.0.1:" + james.dnsPort());
        assertThat(fail.exitCode).as(fail.err).isZero();
        assertThat(fail.out).contains("\"result\" : \"fail\"", "\"disposition\" : \"reject\"", "\"policy\" : \"reject\"",
                "\"policyDomain\" : \"reject.example\"", "\"spf\" : {", "\"aligned\" : false", "\"alignment\" : {", "\"override\" : null");

        byte[] aligned = "From: a@example.com\r\nSubject: cli\r\n\r\nHi.\r\n".getBytes(StandardCharsets.US_ASCII);
        MailPolicyCli.Result pass = MailPolicyCli.run(aligned, "dmarc", "--ip", "127.0.0.1", "--mail-from", "a@example.com", "--helo", "mx.example.com",
                "--dns", "127.0.0.1:" + james.dnsPort());
        assertThat(pass.out).startsWith("dmarc=pass header.from=example.com policy.dmarc=none").contains("(aligned)");
    }

    @Test
    void arcSealThenVerifyAgainstARealDnsServer(@TempDir Path dir) throws Exception {
        // ARC keys are DKIM keys: example.com's is published in the test NSD (StandardServers).
        Path key = dir.resolve("example.com.key");
        Files.writeString(key, StandardServers.DKIM_KEY.privateKeyPem());
        byte[] message = ("Authentication-Results: mx.example.com; spf=pass smtp.mailfrom=example.org\r\n"
                + "From: a@example.org\r\nTo: list@example.com\r\nSubject: arc\r\n\r\nForwarded.\r\n").getBytes(StandardCharsets.US_ASCII);
        String dns = "127.0.0.1:" + james.dnsPort();

        MailPolicyCli.Result sealed = MailPolicyCli.run(message, "arc", "seal", "--domain", "example.com", "--selector", StandardServers.DKIM_SELECTOR,
                "--key", key.toString(), "--authserv-id", "mx.example.com", "--dns", dns);
        assertThat(sealed.exitCode).as(sealed.err).isZero();
        assertThat(sealed.out).startsWith("ARC-Seal: a=rsa-sha256;").contains("cv=none",
                "ARC-Authentication-Results: i=1;\r\n mx.example.com;\r\n spf=pass smtp.mailfrom=example.org");

        MailPolicyCli.Result pass = MailPolicyCli.run(sealed.out.getBytes(StandardCharsets.US_ASCII), "arc", "verify", "--json", "--dns", dns);
        assertThat(pass.exitCode).as(pass.err).isZero();
        assertThat(pass.out).contains("\"result\" : \"pass\"", "\"instances\" : 1", "\"oldestPass\" : 1",
                "\"domain\" : \"example.com\"", "\"selector\" : \"" + StandardServers.DKIM_SELECTOR + "\"");

        MailPolicyCli.Result fail = MailPolicyCli.run(sealed.out.replace("Forwarded.", "Changed.").getBytes(StandardCharsets.US_ASCII), "arc", "verify", "--dns", dns);
        assertThat(fail.out).startsWith("arc=fail (1 ARC sets)").contains("reason: ARC-Message-Signature i=1: body hash did not verify");

        MailPolicyCli.Result none = MailPolicyCli.run(message, "arc", "verify", "--dns", dns);
        assertThat(none.out.strip()).isEqualTo("arc=none");
    }

    private static MailPolicyCli.Result run(String... args) throws IOException, InterruptedException {
        List<String> withDns = new ArrayList<>(List.of(args));
        withDns.addAll(List.of("--dns", "127.0.0.1:" + james.dnsPort()));
        return MailPolicyCli.run(withDns.toArray(new String[0]));
    }
}
