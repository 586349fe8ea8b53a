package org.mailpolicy.dkim;

import org.mailpolicy.interop.ExternalCommand;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Interoperability with OpenDKIM 2.11 (Debian package opendkim), an independent implementation:
 * what we sign {@code opendkim -t} verifies against keys from {@code TestPublicKeys}, and a tampered
 * body or signed header fails. OpenDKIM 2.11 verifies ed25519-sha256 (RFC 8463; {@code opendkim -V}
 * lists it), so the Ed25519 signatures are checked too. With {@code -vv} OpenDKIM prints the
 * Authentication-Results field it would add: one {@code dkim=} entry per signature, top to bottom,
 * which is what the tests read.
 */
class OpenDkimInteropTest {

    private static final Path OPENDKIM = Path.of("/usr/sbin/opendkim");
    private static final String MESSAGE = "From: Joe <joe@example.com>\r\nTo: sue@example.net\r\nSubject: interop  test\r\n"
            + "Date: Mon, 23 Nov 2026 08:00:00 +0000\r\nMessage-ID: <interop@example.com>\r\n\r\nHello  there \r\n\r\n";
    private static final Pattern DKIM_ENTRY = Pattern.compile("dkim=(\\w+)[^;]*?header\\.s=([\\w-]+)");

    private static GeneratedDkimKey rsa1024;
    private static GeneratedDkimKey rsa2048;
    private static GeneratedDkimKey ed25519;
    private static Path config;

    @TempDir
    Path dir;

    @BeforeAll
    static void setUp(@TempDir Path shared) throws Exception {
        assertTrue(Files.isExecutable(OPENDKIM), "the interoperability peer is missing (./run-tests.sh installs it): /usr/sbin/opendkim (Debian opendkim) is not installed");
        rsa1024 = DkimKeyGenerator.rsa(1024);
        rsa2048 = DkimKeyGenerator.rsa(2048);
        ed25519 = DkimKeyGenerator.ed25519();
        Path keys = Files.writeString(shared.resolve("keys.txt"), "rsa1024._domainkey.example.com " + rsa1024.dnsRecord() + "\n"
                + "rsa2048._domainkey.example.com " + rsa2048.dnsRecord() + "\n"
                + "ed._domainkey.example.com " + ed25519.dnsRecord() + "\n");
        // Verify only, keys from the file instead of DNS, nothing to syslog.
        config = Files.writeString(shared.resolve("opendkim.conf"), "Mode v\nTestPublicKeys " + keys + "\nSyslog no\n");
    }

    static Stream<Arguments> ourSignatures() {
        return Stream.of(
                Arguments.of("RSA 2048 relaxed/relaxed", List.of(signer("rsa2048", Canonicalization.RELAXED, Canonicalization.RELAXED))),
                Arguments.of("RSA 2048 simple/simple", List.of(signer("rsa2048", Canonicalization.SIMPLE, Canonicalization.SIMPLE))),
                Arguments.of("RSA 1024 relaxed/simple", List.of(signer("rsa1024", Canonicalization.RELAXED, Canonicalization.SIMPLE))),
                Arguments.of("RSA 1024 simple/relaxed", List.of(signer("rsa1024", Canonicalization.SIMPLE, Canonicalization.RELAXED))),
                Arguments.of("Ed25519 relaxed/relaxed", List.of(signer("ed", Canonicalization.RELAXED, Canonicalization.RELAXED))),
                Arguments.of("Ed25519 simple/simple", List.of(signer("ed", Canonicalization.SIMPLE, Canonicalization.SIMPLE))),
                Arguments.of("dual RSA 2048 + Ed25519 in one pass", List.of(signer("rsa2048", Canonicalization.RELAXED, Canonicalization.RELAXED)
                        .key("ed", ed25519.key()))),
                Arguments.of("three signatures: RSA 1024 simple, RSA 2048 relaxed, Ed25519 simple/relaxed", List.of(
                        signer("rsa1024", Canonicalization.SIMPLE, Canonicalization.SIMPLE),
                        signer("rsa2048", Canonicalization.RELAXED, Canonicalization.RELAXED),
                        signer("ed", Canonicalization.SIMPLE, Canonicalization.RELAXED))));
    }

    private static DkimSigner.Builder signer(String selector, Canonicalization header, Canonicalization body) {
        GeneratedDkimKey key = selector.equals("rsa1024") ? rsa1024 : selector.equals("rsa2048") ? rsa2048 : ed25519;
        return DkimSigner.builder("example.com").key(selector, key.key()).canonicalization(header, body);
    }

    @ParameterizedTest(name = "ours signs, OpenDKIM verifies: {0}")
    @MethodSource("ourSignatures")
    void openDkimVerifiesOurSignatures(String name, List<DkimSigner.Builder> signers) throws Exception {
        byte[] signed = sign(signers);

        List<String[]> verdicts = openDkimVerify(signed);

        assertThat(verdicts).as(new String(signed, StandardCharsets.UTF_8)).isNotEmpty().hasSize(selectors(signed).size())
                .allSatisfy(v -> assertThat(v[0]).as("selector " + v[1]).isEqualTo("pass"));
        assertThat(verdicts).extracting(v -> v[1]).containsExactlyElementsOf(selectors(signed));
    }

    static Stream<Arguments> tampering() {
        return Stream.of(
                Arguments.of("body changed", (UnaryOperator<String>) m -> m.replace("Hello", "Hallo")),
                Arguments.of("body line added", (UnaryOperator<String>) m -> m + "P.S.\r\n"),
                Arguments.of("signed Subject changed", (UnaryOperator<String>) m -> m.replace("interop  test", "interop test!")),
                Arguments.of("second From added above (over-signed, RFC 6376 §8.15)", (UnaryOperator<String>) m -> "From: Eve <eve@example.com>\r\n" + m));
    }

    @ParameterizedTest(name = "ours signs, OpenDKIM rejects: {0}")
    @MethodSource("tampering")
    void openDkimRejectsOurSignaturesOnATamperedMessage(String name, UnaryOperator<String> change) throws Exception {
        String signed = new String(sign(List.of(signer("rsa2048", Canonicalization.RELAXED, Canonicalization.RELAXED).key("ed", ed25519.key()),
                signer("rsa1024", Canonicalization.SIMPLE, Canonicalization.SIMPLE))), StandardCharsets.UTF_8);

        List<String[]> verdicts = openDkimVerify(change.apply(signed).getBytes(StandardCharsets.UTF_8));

        assertThat(verdicts).extracting(v -> v[0]).containsExactly("fail", "fail", "fail");
    }

    /** Each signer signs the message as the previous one left it, so the last signature is on top. */
    private static byte[] sign(List<DkimSigner.Builder> signers) {
        byte[] message = MESSAGE.getBytes(StandardCharsets.UTF_8);
        for (DkimSigner.Builder signer : signers) {
            message = signer.build().signedMessage(message);
        }
        return message;
    }

    /** The s= of each DKIM-Signature, top to bottom, read from the unfolded fields. */
    private static List<String> selectors(byte[] signed) {
        List<String> selectors = new ArrayList<>();
        Matcher m = Pattern.compile("(?m)^DKIM-Signature:.*?[; ]s=([\\w-]+)")
                .matcher(new String(signed, StandardCharsets.UTF_8).replace("\r\n\t", " "));
        while (m.find()) {
            selectors.add(m.group(1));
        }
        return selectors;
    }

    /** OpenDKIM's verdict for each DKIM-Signature, top to bottom: {result word, selector}. */
    private List<String[]> openDkimVerify(byte[] message) throws Exception {
        Path file = Files.write(dir.resolve("message.eml"), message);
        ExternalCommand result = ExternalCommand.run(List.of(OPENDKIM.toString(), "-x", config.toString(), "-vv", "-t", file.toString()));
        assertThat(result.exitCode).as(result.stderr).isZero();
        assertThat(result.stdout).as(result.stderr).contains("hname='Authentication-Results'");
        List<String[]> verdicts = new ArrayList<>();
        Matcher m = DKIM_ENTRY.matcher(result.stdout);
        while (m.find()) {
            verdicts.add(new String[] {m.group(1), m.group(2)});
        }
        return verdicts;
    }
}
