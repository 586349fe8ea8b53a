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

    /**
     * Bodies whose chunk boundaries can fall inside a CRLF, inside and right after WSP runs, between
     * a trailing WSP and its CRLF, and among trailing empty lines; lines longer than 8 bytes put every
     * kind of byte in every position of the 8-byte words the relaxed scan reads at once.
     */
    static Stream<Arguments> chunkBoundaryBodies() {
        return Stream.of(
                Arguments.of("§3.4.4: WSP runs of every mix, leading, inner and trailing", " \t lead  inner\t\tword \t \r\n\t\r\nend  \t"),
                Arguments.of("§3.4.4: CRLF after a single SP, after a run, after content", "one two \r\nthree  \r\nfour\r\n"),
                Arguments.of("§3.4.3/§3.4.4: trailing empty lines and whitespace-only lines", "body\r\n\r\n \r\n\t\r\n\r\n"),
                Arguments.of("§3.4.4: SP before a bare CR (content) and a bare LF (a line end, as CRLF)", "a \rb \nc  \r \n d\r"),
                Arguments.of("bare LFs as line ends: trailing, after WSP, empty lines, next to CRLF and CR", "\na \n\n\tb\r\n\n\r\nc\r\r\n \n\n"),
                Arguments.of("§3.4.4: a WSP run split at every lane of an 8-byte word", "abcdefg \t hijklmn \t\t opqrstu   vwxyz0123456 7"),
                Arguments.of("8-bit bytes next to SP and WSP runs", "caf\u00e9 \u00e9t\u00e9  \u00ff\t\u0080 \u00a0\r\n\u00e9 \r\n"),
                Arguments.of("control bytes other than CR, LF and HTAB are content", "a \u000c b\u0000 \u000bc \u001f\r\n"),
                Arguments.of("long canonical lines, CRLF at each offset", "The quick brown fox jumps over the lazy dog.\r\nPack my box with five dozen liquor jugs!\r\n"
                        + "x\r\nxy\r\nxyz\r\nxyzw\r\nxyzwv\r\nxyzwvu\r\nxyzwvut\r\nxyzwvuts\r\nxyzwvutsr\r\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("chunkBoundaryBodies")
    void chunkBoundariesInsideCrlfAndWhitespaceRunsDoNotChangeTheHash(String name, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.ISO_8859_1);
        for (Canonicalization c : Canonicalization.values()) {
            String expected = sha256(reference(c, body));
            assertThat(hash(c, bytes, bytes.length + 1)).as(c + " whole").isEqualTo(expected);
            for (int first = 0; first <= bytes.length; first++) {
                for (int second = first; second <= bytes.length; second++) {
                    BodyCanonicalizer canonicalizer = new BodyCanonicalizer(c, DkimVerifier.digest("SHA-256"), -1);
                    canonicalizer.update(bytes, 0, first);
                    canonicalizer.update(bytes, first, second - first);
                    canonicalizer.update(bytes, second, bytes.length - second);
                    assertThat(Base64.getEncoder().encodeToString(canonicalizer.finish())).as(c + " split at " + first + " and " + second)
                            .isEqualTo(expected);
                }
            }
        }
    }

    /**
     * The relaxed scan reads 8 bytes at a time and must stop at a WSP pair, an SP before CR or LF, an
     * HTAB or a bare LF wherever it falls in those words, and pass over a CRLF split between two words;
     * the simple one finds bare LFs 8 bytes at a time: each pattern at every distance from where the
     * scan restarts.
     */
    @org.junit.jupiter.api.Test
    void everyWhitespacePatternAtEveryOffsetOfTheScannedWords() {
        for (String pattern : new String[] {"  ", " \t", "\t", " \r\n", "\r\n", " \r", "\t ", "\n", " \n", "\t\n", "\r\r\n",
                "\r\n\n", "\u000c\n", "\r\n\r\n", "\r \n"}) {
            StringBuilder body = new StringBuilder();
            for (int k = 0; k < 40; k++) {
                body.append("y").append("x".repeat(k)).append(pattern);
            }
            byte[] bytes = body.toString().getBytes(StandardCharsets.ISO_8859_1);
            for (Canonicalization c : Canonicalization.values()) {
                String expected = sha256(reference(c, body.toString()));
                assertThat(hash(c, bytes, bytes.length)).as(c + " " + pattern.replace("\r", "CR").replace("\n", "LF").replace("\t", "TAB"))
                        .isEqualTo(expected);
                for (int split = 0; split <= bytes.length; split++) {
                    BodyCanonicalizer canonicalizer = new BodyCanonicalizer(c, DkimVerifier.digest("SHA-256"), -1);
                    canonicalizer.update(bytes, 0, split);
                    canonicalizer.update(bytes, split, bytes.length - split);
                    assertThat(Base64.getEncoder().encodeToString(canonicalizer.finish())).as(c + " split at " + split).isEqualTo(expected);
                }
            }
        }
    }

    /** Random bodies over the bytes that matter, cut into random chunks, against the RFC's definition; with l= too. */
    @org.junit.jupiter.api.Test
    void randomBodiesInRandomChunksMatchTheDefinitionInRfc6376Section3_4() {
        java.util.Random random = new java.util.Random(6376);
        char[] alphabet = {'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', ' ', ' ', ' ', '\t', '\r', '\n', '\r', '\n', '\u00e9', '\u000c', '.', '!'};
        for (int round = 0; round < 3000; round++) {
            StringBuilder body = new StringBuilder();
            int length = random.nextInt(round < 2000 ? 24 : 200);
            for (int i = 0; i < length; i++) {
                body.append(random.nextInt(16) == 0 ? "\r\n" : String.valueOf(alphabet[random.nextInt(alphabet.length)]));
            }
            byte[] bytes = body.toString().getBytes(StandardCharsets.ISO_8859_1);
            for (Canonicalization c : Canonicalization.values()) {
                byte[] canonical = reference(c, body.toString()).getBytes(StandardCharsets.ISO_8859_1);
                long limit = random.nextBoolean() ? -1 : random.nextInt(canonical.length + 1);
                BodyCanonicalizer canonicalizer = new BodyCanonicalizer(c, DkimVerifier.digest("SHA-256"), limit);
                for (int i = 0; i < bytes.length; ) {
                    int chunk = Math.min(bytes.length - i, random.nextInt(round % 2 == 0 ? 12 : 80));
                    canonicalizer.update(bytes, i, chunk);
                    i += chunk;
                }
                byte[] signed = limit < 0 ? canonical : java.util.Arrays.copyOf(canonical, (int) limit);
                assertThat(canonicalizer.finish()).as(c + " l=" + limit + " body " + java.util.Arrays.toString(bytes))
                        .isEqualTo(DkimVerifier.digest("SHA-256").digest(signed));
                assertThat(canonicalizer.canonicalLength()).isEqualTo(canonical.length);
            }
        }
    }

    /**
     * RFC 6376 §3.4.3 and §3.4.4 applied to the whole body at once, line by line: the definition the
     * streaming code must match. A bare LF is first made a CRLF (RFC 5321 §2.3.8), as RawMessage does.
     */
    private static String reference(Canonicalization c, String input) {
        String body = input.replaceAll("(?<!\r)\n", "\r\n");
        if (c == Canonicalization.SIMPLE) {
            String trimmed = body;
            while (trimmed.endsWith("\r\n")) {
                trimmed = trimmed.substring(0, trimmed.length() - 2);
            }
            return trimmed + "\r\n";
        }
        java.util.List<String> lines = new java.util.ArrayList<>();
        for (String line : body.split("\r\n", -1)) {
            lines.add(line.replaceAll("[ \t]+", " ").replaceAll(" \\z", ""));
        }
        while (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1);
        }
        return lines.isEmpty() ? "" : String.join("\r\n", lines) + "\r\n";
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
