package org.mailpolicy.dkim;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CanonicalizationTest {

    private static final String EMPTY_SHA256 = "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=";
    private static final String CRLF_SHA256 = "frcCV1k9oG9oKj3dpUqdJg1PxRT2RSN/XKdLCPjaYaY=";

    static Stream<Arguments> bodies() {
        return Stream.of(
                Arguments.of("RFC 6376 §3.4.5 example, relaxed", Canonicalization.RELAXED, " C \r\nD \t E\r\n\r\n\r\n", " C\r\nD E\r\n"),
                Arguments.of("RFC 6376 §3.4.5 example, simple", Canonicalization.SIMPLE, " C \r\nD \t E\r\n\r\n\r\n", " C \r\nD \t E\r\n"),
                Arguments.of("§3.4.3: empty body is CRLF (simple)", Canonicalization.SIMPLE, "", "\r\n"),
                Arguments.of("§3.4.4 erratum 1384: empty body stays empty (relaxed)", Canonicalization.RELAXED, "", ""),
                Arguments.of("§3.4.4: body of blank lines is empty (relaxed)", Canonicalization.RELAXED, " \r\n\t\r\n\r\n", ""),
                Arguments.of("§3.4.3: missing final CRLF is added (simple)", Canonicalization.SIMPLE, "a", "a\r\n"),
                Arguments.of("§3.4.4: missing final CRLF is added (relaxed)", Canonicalization.RELAXED, "a  ", "a\r\n"),
                Arguments.of("bare CR is content", Canonicalization.RELAXED, "a\rb\r", "a\rb\r\r\n"),
                Arguments.of("§3.4.4: single SP kept, WSP runs to one SP, leading SP kept", Canonicalization.RELAXED, "a b  c \t d \r\n e f", "a b c d\r\n e f\r\n"),
                Arguments.of("inner empty lines stay", Canonicalization.RELAXED, "a\r\n\r\nb\r\n", "a\r\n\r\nb\r\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bodies")
    void bodyCanonicalForm(String name, Canonicalization c, String body, String canonical) {
        assertThat(hash(c, body.getBytes(StandardCharsets.ISO_8859_1), 1)).isEqualTo(sha256(canonical));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bodies")
    void sameHashWhateverTheChunking(String name, Canonicalization c, String body, String canonical) {
        byte[] bytes = (body + " \t\r\nx\r\n\r \r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
        String whole = hash(c, bytes, bytes.length + 1);
        for (int chunk = 1; chunk <= bytes.length; chunk++) {
            assertThat(hash(c, bytes, chunk)).as("chunks of " + chunk).isEqualTo(whole);
        }
        for (int split = 0; split <= bytes.length; split++) {
            BodyCanonicalizer canonicalizer = new BodyCanonicalizer(c, DkimVerifier.digest("SHA-256"), -1);
            canonicalizer.update(bytes, 0, split);
            canonicalizer.update(bytes, split, bytes.length - split);
            assertThat(Base64.getEncoder().encodeToString(canonicalizer.finish())).as("split at " + split).isEqualTo(whole);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bodies")
    void knownEmptyHashes(String name, Canonicalization c, String body, String canonical) {
        if (canonical.isEmpty()) {
            assertThat(hash(c, body.getBytes(StandardCharsets.ISO_8859_1), 1)).isEqualTo(EMPTY_SHA256);
        } else if (canonical.equals("\r\n")) {
            assertThat(hash(c, body.getBytes(StandardCharsets.ISO_8859_1), 1)).isEqualTo(CRLF_SHA256);
        }
    }

    static Stream<Arguments> headers() {
        return Stream.of(
                Arguments.of("RFC 6376 §3.4.5 example A, relaxed", Canonicalization.RELAXED, "A: X", "a:X\r\n"),
                Arguments.of("RFC 6376 §3.4.5 example B, relaxed", Canonicalization.RELAXED, "B : Y\t\r\n\tZ  ", "b:Y Z\r\n"),
                Arguments.of("RFC 6376 §3.4.5 example B, simple", Canonicalization.SIMPLE, "B : Y\t\r\n\tZ  ", "B : Y\t\r\n\tZ  \r\n"),
                Arguments.of("UTF-8 value kept byte for byte", Canonicalization.RELAXED, "Subject:  Grüße \r\n Köln", "subject:Grüße Köln\r\n"),
                Arguments.of("empty value", Canonicalization.RELAXED, "X-Empty: \t", "x-empty:\r\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("headers")
    void headerCanonicalForm(String name, Canonicalization c, String field, String canonical) {
        byte[] out = HeaderCanonicalizer.canonicalize(c, field.getBytes(StandardCharsets.UTF_8), true);

        assertThat(new String(out, StandardCharsets.UTF_8)).isEqualTo(canonical);
    }

    private static String hash(Canonicalization c, byte[] body, int chunk) {
        BodyCanonicalizer canonicalizer = new BodyCanonicalizer(c, DkimVerifier.digest("SHA-256"), -1);
        for (int i = 0; i < body.length; i += chunk) {
            canonicalizer.update(body, i, Math.min(chunk, body.length - i));
        }
        return Base64.getEncoder().encodeToString(canonicalizer.finish());
    }

    private static String sha256(String canonical) {
        return Base64.getEncoder().encodeToString(DkimVerifier.digest("SHA-256").digest(canonical.getBytes(StandardCharsets.ISO_8859_1)));
    }
}
