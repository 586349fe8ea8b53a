package org.mailpolicy.arc;

import org.mailpolicy.interop.ExternalCommand;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailpolicy.dkim.DkimKeyGenerator;
import org.mailpolicy.dkim.GeneratedDkimKey;
import org.mailpolicy.dns.InMemoryResolver;

/**
 * ARC interoperability with dkimpy, an independent implementation (Debian package python3-dkim,
 * with python3-authres, through /usr/bin/python3 and dkimpy_arc.py): chains we seal dkimpy validates, chains dkimpy seals we
 * validate, mixed chains validate in both, and a changed body fails in both.
 */
class ArcDkimPyInteropTest {

    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final Clock T = Clock.fixed(Instant.ofEpochSecond(1_700_000_000L), ZoneOffset.UTC);
    private static final String MESSAGE = "Authentication-Results: mx.lists.example.org; spf=pass smtp.mailfrom=example.com\r\n"
            + "From: Joe <joe@example.com>\r\nTo: list@lists.example.org\r\nSubject: interop  test\r\n"
            + "Date: Mon, 23 Nov 2026 08:00:00 +0000\r\nMessage-ID: <arc-interop@example.com>\r\n\r\nHello  there \r\n\r\n";

    private static GeneratedDkimKey listKey;
    private static GeneratedDkimKey forwarderKey;
    private static Path script;

    @TempDir
    Path dir;

    @BeforeAll
    static void setUp(@TempDir Path shared) throws Exception {
        assertTrue(Files.isExecutable(PYTHON) && ExternalCommand.run(List.of(PYTHON.toString(), "-c", "import dkim, authres; dkim.arc_verify")).exitCode == 0,
                "the interoperability peer is missing (./run-tests.sh installs it): /usr/bin/python3 with the dkim and authres modules (Debian python3-dkim, python3-authres) is not installed");
        listKey = DkimKeyGenerator.rsa(2048);
        forwarderKey = DkimKeyGenerator.rsa(2048);
        script = shared.resolve("dkimpy_arc.py");
        try (InputStream in = ArcDkimPyInteropTest.class.getResourceAsStream("dkimpy_arc.py")) {
            Files.copy(in, script);
        }
    }

    private static Map<String, String> records() {
        return Map.of("list._domainkey.lists.example.org", listKey.dnsRecord(),
                "fwd._domainkey.forwarder.example.net", forwarderKey.dnsRecord());
    }

    /** Ours, over the keys made in {@link #setUp}. */
    private static ArcVerifier ours() {
        InMemoryResolver.Builder dns = InMemoryResolver.builder();
        records().forEach(dns::txt);
        return new ArcVerifier(dns.build());
    }

    private static byte[] ourSeal(GeneratedDkimKey key, String domain, String selector, byte[] message, String authResults) {
        ArcSealer sealer = ArcSealer.builder(domain).key(selector, key.key()).clock(T).build();
        ArcSeal seal = sealer.seal(message, authResults, ours()).join();
        assertThat(seal.isSealed()).as(seal.reason()).isTrue();
        return seal.prependTo(message);
    }

    @Test
    void dkimpyValidatesOurOneAndTwoHopChains() throws Exception {
        byte[] once = ourSeal(listKey, "lists.example.org", "list", MESSAGE.getBytes(StandardCharsets.UTF_8), "mx.lists.example.org; spf=pass");
        byte[] twice = ourSeal(forwarderKey, "forwarder.example.net", "fwd", once, "mx.forwarder.example.net; arc=pass");

        assertThat(dkimpyVerify(once)).isEqualTo("pass");
        assertThat(dkimpyVerify(twice)).isEqualTo("pass");
        assertThat(dkimpyVerify(new String(twice, StandardCharsets.UTF_8).replace("Hello", "Hallo").getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("fail");
    }

    @Test
    void weValidateDkimpyChainsAndSealOnTopOfThem() throws Exception {
        byte[] dkimpyOnce = dkimpySeal(listKey, "list", "lists.example.org", "mx.lists.example.org", MESSAGE.getBytes(StandardCharsets.UTF_8));
        ArcVerification first = ours().verify(dkimpyOnce).join();
        assertThat(first.result()).as(first.toString()).isEqualTo(ArcResult.PASS);
        assertThat(first.hops()).extracting(ArcHop::sealerDomain).containsExactly("lists.example.org");

        byte[] mixed = ourSeal(forwarderKey, "forwarder.example.net", "fwd", dkimpyOnce, "mx.forwarder.example.net; arc=pass");
        assertThat(ours().verify(mixed).join().result()).isEqualTo(ArcResult.PASS);
        assertThat(dkimpyVerify(mixed)).isEqualTo("pass");

        byte[] changed = new String(dkimpyOnce, StandardCharsets.UTF_8).replace("Hello", "Hallo").getBytes(StandardCharsets.UTF_8);
        ArcVerification broken = ours().verify(changed).join();
        assertThat(broken.result()).isEqualTo(ArcResult.FAIL);
        assertThat(broken.reason()).isEqualTo("ARC-Message-Signature i=1: body hash did not verify");
    }

    @Test
    void weValidateAChainDkimpySealedTwice() throws Exception {
        byte[] once = dkimpySeal(listKey, "list", "lists.example.org", "mx.lists.example.org", MESSAGE.getBytes(StandardCharsets.UTF_8));
        // dkimpy takes the new seal's cv= from the arc= its own ADMD recorded.
        byte[] withVerdict = ("Authentication-Results: mx.forwarder.example.net; arc=pass\r\n" + new String(once, StandardCharsets.UTF_8))
                .getBytes(StandardCharsets.UTF_8);
        byte[] twice = dkimpySeal(forwarderKey, "fwd", "forwarder.example.net", "mx.forwarder.example.net", withVerdict);

        ArcVerification v = ours().verify(twice).join();

        assertThat(v.result()).as(v.toString()).isEqualTo(ArcResult.PASS);
        assertThat(v.oldestPass()).isEqualTo(1);
        assertThat(v.hops()).extracting(ArcHop::sealerDomain).containsExactly("lists.example.org", "forwarder.example.net");
    }

    private String dkimpyVerify(byte[] message) throws Exception {
        Path messageFile = Files.write(dir.resolve("message.eml"), message);
        Path recordsFile = Files.writeString(dir.resolve("records.json"), records().entrySet().stream()
                .map(e -> "\"" + e.getKey() + "\":\"" + e.getValue() + "\"").collect(Collectors.joining(",", "{", "}")));
        ExternalCommand result = ExternalCommand.run(List.of(PYTHON.toString(), script.toString(), "verify", messageFile.toString(), recordsFile.toString()));
        assertThat(result.exitCode).as(result.stderr).isZero();
        return result.stdout.strip();
    }

    private byte[] dkimpySeal(GeneratedDkimKey key, String selector, String domain, String srvId, byte[] message) throws Exception {
        Path messageFile = Files.write(dir.resolve("unsealed.eml"), message);
        Path keyFile = Files.writeString(dir.resolve(selector + ".pem"), key.privateKeyPem());
        ExternalCommand result = ExternalCommand.run(List.of(PYTHON.toString(), script.toString(), "seal", messageFile.toString(), keyFile.toString(), selector, domain, srvId));
        assertThat(result.exitCode).as(result.stderr).isZero();
        assertThat(result.stdout).startsWith("ARC-Seal:");
        return result.stdout.getBytes(StandardCharsets.UTF_8);
    }
}
