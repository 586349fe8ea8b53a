package org.mailpolicy.tags;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TagListTest {

    static Stream<Arguments> valid() {
        return Stream.of(
                Arguments.of("RFC 6376 §3.2: simple list", "v=1; a=rsa-sha256", "[v=1, a=rsa-sha256]"),
                Arguments.of("§3.2: trailing semicolon", "v=1;", "[v=1]"),
                Arguments.of("§3.2: FWS around name, = and value", " v \r\n\t= 1 ;\r\n a=b ", "[v=1, a=b]"),
                Arguments.of("§3.2: FWS inside a value is kept", "b=AB\r\n CD", "[b=AB\r\n CD]"),
                Arguments.of("§3.2: empty value", "p=", "[p=]"),
                Arguments.of("§3.2: only whitespace is an empty list", " \t", "[]"),
                Arguments.of("§3.2: '=' is a VALCHAR, so a value can hold it", "a=b c=d", "[a=b c=d]"),
                Arguments.of("§3.2: empty text is an empty list", "", "[]"),
                Arguments.of("§3.2: name with digits and underscore", "a_1=x", "[a_1=x]"),
                Arguments.of("RFC 8616: UTF-8 in a value", "z=Grüße", "[z=Grüße]"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valid")
    void validList(String name, String text, String expected) {
        TagListResult result = TagList.parse(text);

        assertThat(result.isValid()).as(result.toString()).isTrue();
        assertThat(result.tagList().orElseThrow().toString()).isEqualTo(expected);
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of("§3.2: duplicate tag invalidates the list", "a=1; a=2", "duplicate tag 'a'"),
                Arguments.of("§3.2: tag-name starts with ALPHA", "1a=x", "tag-name"),
                Arguments.of("§3.2: missing =", "a; b=1", "missing '='"),
                Arguments.of("§3.2: empty tag-spec in the middle", "a=1;;b=2", "tag-name"),
                Arguments.of("§3.2: whitespace-only tag-spec in the middle", "a=1; ;b=2", "tag-name"),
                Arguments.of("§3.2: control character in a value", "a=\u0001", "invalid character"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void invalidList(String name, String text, String error) {
        TagListResult result = TagList.parse(text);

        assertThat(result.isValid()).isFalse();
        assertThat(result.error().orElseThrow()).contains(error);
    }

    @Test
    void rawValueRegionIncludesSurroundingWhitespace() {
        String text = "a=1; b= AB \r\n CD ; c=2";
        Tag b = TagList.parse(text).tagList().orElseThrow().tag("b").orElseThrow();

        assertThat(text.substring(b.rawValueStart(), b.rawValueEnd())).isEqualTo(" AB \r\n CD ");
        assertThat(b.valueWithoutWhitespace()).isEqualTo("ABCD");
    }

    @Test
    void tagsKeepTheirWrittenOrderAndCase() {
        TagList list = TagList.parse("v=DKIM1; K=rsa; p=x").tagList().orElseThrow();

        assertThat(list.firstTagName()).contains("v");
        assertThat(list.contains("k")).isFalse();
        assertThat(list.value("K")).contains("rsa");
        assertThat(list.size()).isEqualTo(3);
    }
}
