package org.mailpolicy.message;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RawMessageTest {

    static Stream<Arguments> messages() {
        return Stream.of(
                Arguments.of("RFC 5322 §2.1: header, empty line, body", "A: 1\r\nB: 2\r\n\r\nbody\r\n", "[A, B]", "body\r\n"),
                Arguments.of("RFC 5322 §2.2.3: folded field stays one field", "A: 1\r\n 2\r\n\tthree\r\nB: x\r\n\r\n", "[A, B]", ""),
                Arguments.of("bare LF normalized to CRLF", "A: 1\n 2\nB: x\n\nbody\n", "[A, B]", "body\r\n"),
                Arguments.of("no empty line: all header, no body", "A: 1\r\nB: 2", "[A, B]", ""),
                Arguments.of("empty line first: no header", "\r\nbody", "[]", "body"),
                Arguments.of("line without colon kept with an empty name", "A: 1\r\ngarbage\r\n\r\nb", "[A, ]", "b"),
                Arguments.of("WSP before the colon is not part of the name", "Subject : x\r\n\r\n", "[Subject]", ""),
                Arguments.of("empty input", "", "[]", ""),
                Arguments.of("bare CR kept", "A: 1\r2\r\n\r\nx\ry", "[A]", "x\ry"),
                Arguments.of("bare LF empty line ends the header section", "A: 1\r\nB: 2\n\n\nbody\r\n\n", "[A, B]", "\r\nbody\r\n\r\n"),
                Arguments.of("bare LF folding", "A: 1\n\t2\r\n\r\n", "[A]", ""),
                Arguments.of("CR CR LF: a line with a bare CR", "A: 1\r\r\nB: 2\r\n\r\n\n", "[A, B]", "\r\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("messages")
    void parse(String name, String text, String names, String body) {
        RawMessage message = RawMessage.parse(text.getBytes(StandardCharsets.UTF_8));

        assertThat(message.headers().stream().map(HeaderField::name).collect(java.util.stream.Collectors.toList()).toString()).isEqualTo(names);
        assertThat(new String(message.body(), StandardCharsets.UTF_8)).isEqualTo(body);
    }

    @Test
    void fieldKeepsItsRawBytesAndUtf8Value() {
        byte[] text = "Subject: Grüße\r\n Köln\r\nFrom: a@b\r\n\r\n".getBytes(StandardCharsets.UTF_8);
        HeaderField subject = RawMessage.parse(text).headers("subject").get(0);

        assertThat(new String(subject.raw(), StandardCharsets.UTF_8)).isEqualTo("Subject: Grüße\r\n Köln\r\n");
        assertThat(subject.value()).isEqualTo(" Grüße\r\n Köln");
        assertThat(subject.colonIndex()).isEqualTo(7);
    }

    @Test
    void neverThrowsOnArbitraryBytes() {
        byte[] garbage = new byte[256];
        for (int i = 0; i < garbage.length; i++) {
            garbage[i] = (byte) i;
        }
        RawMessage message = RawMessage.parse(garbage);

        assertThat(message.bodyOffset() + message.bodyLength()).isEqualTo(message.bytes().length);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("messages")
    void parsedInPlaceAsWhenCopied(String name, String text, String names, String body) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        RawMessage copied = RawMessage.parse(bytes);
        RawMessage inPlace = RawMessage.parseInPlace(bytes);

        assertThat(inPlace.headers().stream().map(HeaderField::toString).collect(java.util.stream.Collectors.toList()))
                .isEqualTo(copied.headers().stream().map(HeaderField::toString).collect(java.util.stream.Collectors.toList()));
        assertThat(inPlace.bytes()).isEqualTo(copied.bytes());
        assertThat(inPlace.body()).isEqualTo(copied.body());
        assertThat(inPlace.bodyOffset()).isEqualTo(copied.bodyOffset());
    }

    /** The normalized message is the header fields, the empty line and the body; readBody hands the body as it came. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("messages")
    void offsetsAndLengthsAreThoseOfTheNormalizedMessage(String name, String text, String names, String body) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        RawMessage message = RawMessage.parse(bytes);
        byte[] normalized = text.replaceAll("(?<!\r)\n", "\r\n").getBytes(StandardCharsets.UTF_8);

        assertThat(message.bytes()).isEqualTo(normalized);
        assertThat(message.bodyLength()).isEqualTo(message.body().length);
        assertThat(java.util.Arrays.copyOfRange(normalized, message.bodyOffset(), normalized.length)).isEqualTo(message.body());
        StringBuilder asItCame = new StringBuilder();
        message.readBody((b, offset, length) -> asItCame.append(new String(b, offset, length, StandardCharsets.UTF_8)));
        assertThat(asItCame.toString().replaceAll("(?<!\r)\n", "\r\n")).isEqualTo(new String(message.body(), StandardCharsets.UTF_8));
    }

    @Test
    void inPlaceParseReadsTheCallersArray() {
        byte[] bytes = "A: 1\r\n\r\nbody".getBytes(StandardCharsets.US_ASCII);
        RawMessage message = RawMessage.parseInPlace(bytes);

        bytes[bytes.length - 1] = 'Y';

        assertThat(new String(message.body(), StandardCharsets.US_ASCII)).isEqualTo("bodY");
    }

    /** Bare LFs are found 8 bytes at a time: one at every offset of those words, next to CRLFs and bytes with the high bit set. */
    @Test
    void everyBareLfBecomesCrlfWhereverItFallsInTheScannedWords() {
        for (int offset = 0; offset < 24; offset++) {
            String body = "x".repeat(offset) + "\n" + "\u00ff\r\n\n\ry" + "y".repeat(23 - offset) + "\n";
            byte[] bytes = ("S: a\r\n\r\n" + body).getBytes(StandardCharsets.ISO_8859_1);

            String normalized = new String(RawMessage.parse(bytes).bytes(), StandardCharsets.ISO_8859_1);

            assertThat(normalized).as("offset " + offset)
                    .isEqualTo("S: a\r\n\r\n" + "x".repeat(offset) + "\r\n\u00ff\r\n\r\n\ry" + "y".repeat(23 - offset) + "\r\n");
        }
    }
}
