package org.mailpolicy.dmarc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The publicsuffix.org test vectors ({@code test_psl.txt}, CC0, from Debian's publicsuffix package)
 * against the bundled list, run whole, and loading a replacement file. A case expecting {@code null}
 * names a public suffix itself or no domain name; RFC 7489 §3.2 then uses the domain as it is.
 */
class PublicSuffixListTest {

    private static final Pattern CASE = Pattern.compile("checkPublicSuffix\\((null|'[^']*'), (null|'[^']*')\\);");

    @TestFactory
    Stream<DynamicTest> publicSuffixOrgVectors() throws IOException {
        String text;
        try (InputStream in = getClass().getResourceAsStream("/conformance/dmarc/publicsuffix/test_psl.txt")) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<DynamicTest> tests = new ArrayList<>();
        for (String line : text.split("\n")) {
            Matcher m = CASE.matcher(line.trim());
            if (!line.startsWith("//") && m.matches()) {
                String input = unquote(m.group(1));
                String expected = unquote(m.group(2));
                tests.add(DynamicTest.dynamicTest(line.trim(), () -> {
                    Optional<String> actual = input == null ? Optional.empty() : PublicSuffixList.bundled().registrableDomain(input);
                    assertThat(actual.orElse(null)).isEqualTo(expected == null ? null : Domains.toALabels(expected).orElseThrow());
                }));
            }
        }
        assertThat(tests).hasSizeGreaterThan(60);
        return tests.stream();
    }

    @Test
    void aPublicSuffixIsItsOwnOrganizationalDomain() {
        assertThat(PublicSuffixList.bundled().organizationalDomain("co.uk")).isEqualTo("co.uk");
        assertThat(PublicSuffixList.bundled().organizationalDomain("Mail.Example.CO.UK.")).isEqualTo("example.co.uk");
    }

    @Test
    void theAdminCanLoadAnotherList(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("psl.dat");
        Files.writeString(file, "// a comment\ncom\nexample.com\n*.wild.test\n!keep.wild.test\n");
        PublicSuffixList list = PublicSuffixList.load(file);
        assertThat(list.size()).isEqualTo(4);
        assertThat(list.organizationalDomain("a.b.example.com")).isEqualTo("b.example.com");
        assertThat(list.organizationalDomain("a.b.wild.test")).isEqualTo("a.b.wild.test");
        assertThat(list.organizationalDomain("a.keep.wild.test")).isEqualTo("keep.wild.test");
    }

    @Test
    void aMissingFileIsNamedInTheError(@TempDir Path dir) {
        assertThatThrownBy(() -> PublicSuffixList.load(dir.resolve("nope.dat")))
                .isInstanceOf(UncheckedIOException.class).hasMessageContaining("nope.dat");
    }

    private static String unquote(String s) {
        return s.equals("null") ? null : s.substring(1, s.length() - 1);
    }
}
