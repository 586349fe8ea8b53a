package org.mailpolicy.dkim;

import org.mailpolicy.interop.ExternalCommand;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mailpolicy.dns.InMemoryResolver;

/**
 * Interoperability with dkimpy, an independent implementation (Debian package python3-dkim, run
 * through /usr/bin/python3 and dkimpy_interop.py): what we sign dkimpy verifies, what dkimpy signs
 * we verify, and a tampered message fails in both.
 */
class DkimPyInteropTest {

    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final String MESSAGE = "From: Joe <joe@example.com>\r\nTo: sue@example.net\r\nSubject: interop  test\r\n"
            + "Date: Mon, 23 Nov 2026 08:00:00 +0000\r\nMessage-ID: <interop@example.com>\r\n\r\nHello  there \r\n\r\n";

    private static GeneratedDkimKey rsa1024;
    private static GeneratedDkimKey rsa2048;
    private static GeneratedDkimKey ed25519;
    private static Path script;

    @TempDir
    Path dir;

    @BeforeAll
    static void setUp(@TempDir Path shared) throws Exception {
        assertTrue(Files.isExecutable(PYTHON) && ExternalCommand.run(List.of(PYTHON.toString(), "-c", "import dkim, nacl")).exitCode == 0,
                "the interoperability peer is missing (./run-tests.sh installs it): /usr/bin/python3 with the dkim and nacl modules (Debian python3-dkim, python3-nacl) is not installed");
        rsa1024 = DkimKeyGenerator.rsa(1024);
        rsa2048 = DkimKeyGenerator.rsa(2048);
        ed25519 = DkimKeyGenerator.ed25519();
        script = shared.resolve("dkimpy_interop.py");
        try (InputStream in = DkimPyInteropTest.class.getResourceAsStream("dkimpy_interop.py")) {
            Files.copy(in, script);
        }
    }

    private static Map<String, String> records() {
        return Map.of("rsa1024._domainkey.example.com", rsa1024.dnsRecord(),
                "rsa2048._domainkey.example.com", rsa2048.dnsRecord(),
                "ed._domainkey.example.com", ed25519.dnsRecord());
    }

    static Stream<Arguments> ourSigners() {
        return Stream.of(
                Arguments.of("RSA 2048 relaxed/relaxed", DkimSigner.builder("example.com").key("rsa2048", rsa2048.key())),
                Arguments.of("RSA 1024 simple/simple", DkimSigner.builder("example.com").key("rsa1024", rsa1024.key())
                        .canonicalization(Canonicalization.SIMPLE, Canonicalization.SIMPLE)),
                Arguments.of("Ed25519 relaxed/relaxed", DkimSigner.builder("example.com").key("ed", ed25519.key())),
                Arguments.of("dual RSA 2048 + Ed25519", DkimSigner.builder("example.com").key("rsa2048", rsa2048.key()).key("ed", ed25519.key())));
    }

    @ParameterizedTest(name = "ours signs, dkimpy verifies: {0}")
    @MethodSource("ourSigners")
    void dkimpyVerifiesOurSignatures(String name, DkimSigner.Builder signer) throws Exception {
        byte[] signed = signer.build().signedMessage(MESSAGE.getBytes(StandardCharsets.UTF_8));

        assertThat(dkimpyVerify(signed)).as(new String(signed, StandardCharsets.UTF_8)).isNotEmpty().allMatch(ok -> ok);
    }

    @Test
    void dkimpyRejectsOurSignaturesOnATamperedMessage() throws Exception {
        String signed = new String(DkimSigner.builder("example.com").key("rsa2048", rsa2048.key()).key("ed", ed25519.key()).build()
                .signedMessage(MESSAGE.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);

        assertThat(dkimpyVerify(signed.replace("Hello", "Hallo").getBytes(StandardCharsets.UTF_8))).containsExactly(false, false);
        assertThat(dkimpyVerify(signed.replace("interop  test", "interop test!").getBytes(StandardCharsets.UTF_8))).containsExactly(false, false);
    }

    static Stream<Arguments> dkimpySigners() {
        return Stream.of(
                Arguments.of("RSA 1024 simple/simple", List.of(spec("rsa1024", "rsa-sha256", "simple", "simple"))),
                Arguments.of("RSA 2048 relaxed/relaxed", List.of(spec("rsa2048", "rsa-sha256", "relaxed", "relaxed"))),
                Arguments.of("RSA 2048 relaxed/simple", List.of(spec("rsa2048", "rsa-sha256", "relaxed", "simple"))),
                Arguments.of("Ed25519 relaxed/relaxed", List.of(spec("ed", "ed25519-sha256", "relaxed", "relaxed"))),
                Arguments.of("Ed25519 simple/simple", List.of(spec("ed", "ed25519-sha256", "simple", "simple"))),
                Arguments.of("three signatures: Ed25519, RSA 2048, RSA 1024", List.of(spec("ed", "ed25519-sha256", "relaxed", "relaxed"),
                        spec("rsa2048", "rsa-sha256", "relaxed", "relaxed"), spec("rsa1024", "rsa-sha256", "simple", "relaxed"))));
    }

    /** Keys are named by selector and read when the test runs (the static keys exist by then). */
    private static List<String> spec(String selector, String algorithm, String header, String body) {
        return List.of(selector, algorithm, header, body);
    }

    @ParameterizedTest(name = "dkimpy signs, ours verifies: {0}")
    @MethodSource("dkimpySigners")
    void weVerifyDkimpySignatures(String name, List<List<String>> specs) throws Exception {
        byte[] signed = dkimpySign(specs, MESSAGE);

        assertThat(ourVerify(signed)).extracting(DkimSignatureResult::result).hasSize(specs.size()).allMatch(r -> r == DkimResult.PASS);
    }

    static Stream<Arguments> tampering() {
        return Stream.of(
                Arguments.of("body changed", (UnaryOperator<String>) m -> m.replace("Hello", "Hallo")),
                Arguments.of("signed Subject changed", (UnaryOperator<String>) m -> m.replace("interop  test", "interop test!")));
    }

    @ParameterizedTest(name = "dkimpy signs, ours rejects: {0}")
    @MethodSource("tampering")
    void weRejectDkimpySignaturesOnATamperedMessage(String name, UnaryOperator<String> change) throws Exception {
        String signed = new String(dkimpySign(List.of(spec("ed", "ed25519-sha256", "relaxed", "relaxed"),
                spec("rsa2048", "rsa-sha256", "relaxed", "relaxed")), MESSAGE), StandardCharsets.UTF_8);

        assertThat(ourVerify(change.apply(signed).getBytes(StandardCharsets.UTF_8))).extracting(DkimSignatureResult::result)
                .containsExactly(DkimResult.FAIL, DkimResult.FAIL);
    }

    private static List<DkimSignatureResult> ourVerify(byte[] message) {
        InMemoryResolver.Builder dns = InMemoryResolver.builder();
        records().forEach(dns::txt);
        return new DkimVerifier(dns.build(), DkimVerifierOptions.defaults()).verify(message).join().signatures();
    }

    private List<Boolean> dkimpyVerify(byte[] message) throws Exception {
        Path messageFile = Files.write(dir.resolve("message.eml"), message);
        Path recordsFile = Files.writeString(dir.resolve("records.json"), json(records()));
        ExternalCommand result = ExternalCommand.run(List.of(PYTHON.toString(), script.toString(), "verify", messageFile.toString(), recordsFile.toString()));
        assertThat(result.exitCode).as(result.stderr).isZero();
        String out = result.stdout.strip();
        return Arrays.stream(out.substring(1, out.length() - 1).split(",")).filter(s -> !s.isBlank())
                .map(s -> s.strip().equals("true")).collect(Collectors.toList());
    }

    private byte[] dkimpySign(List<List<String>> specs, String message) throws Exception {
        List<String> json = new ArrayList<>();
        for (List<String> spec : specs) {
            json.add("{\"selector\":\"" + spec.get(0) + "\",\"domain\":\"example.com\",\"key\":\"" + dkimpyKey(spec.get(0))
                    + "\",\"algorithm\":\"" + spec.get(1) + "\",\"header\":\"" + spec.get(2) + "\",\"body\":\"" + spec.get(3) + "\"}");
        }
        Path messageFile = Files.writeString(dir.resolve("unsigned.eml"), message);
        Path specsFile = Files.writeString(dir.resolve("specs.json"), "[" + String.join(",", json) + "]");
        ExternalCommand result = ExternalCommand.run(List.of(PYTHON.toString(), script.toString(), "sign", messageFile.toString(), specsFile.toString()));
        assertThat(result.exitCode).as(result.stderr).isZero();
        return result.stdout.getBytes(StandardCharsets.UTF_8);
    }

    /** dkimpy takes RSA keys as PEM and Ed25519 keys as the base64 seed (the last 32 bytes of our PKCS#8). */
    private static String dkimpyKey(String selector) {
        switch (selector) {
            case "rsa1024":
                return rsa1024.privateKeyPem().replace("\n", "\\n");
            case "rsa2048":
                return rsa2048.privateKeyPem().replace("\n", "\\n");
            default:
                String pem = ed25519.privateKeyPem().replaceAll("-----[A-Z ]+-----|\\s", "");
                byte[] der = Base64.getDecoder().decode(pem);
                return Base64.getEncoder().encodeToString(Arrays.copyOfRange(der, der.length - 32, der.length));
        }
    }

    private static String json(Map<String, String> map) {
        return map.entrySet().stream().map(e -> "\"" + e.getKey() + "\":\"" + e.getValue() + "\"").collect(Collectors.joining(",", "{", "}"));
    }
}
