package org.mailpolicy.james;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * Jazzer targets for the adapters' condition and parameter parsers (see core/FUZZING.md). In a plain
 * {@code mvn verify} each runs its seed corpus (src/test/resources/org/mailpolicy/james/ConfigParserFuzzTestInputs/
 * &lt;method&gt;/, malformed cases) as a regression test; with JAZZER_FUZZ=1 it fuzzes. The property:
 * a configuration error is an {@link IllegalArgumentException} with a message, nothing else, and
 * what parses survives being written back and parsed again.
 */
class ConfigParserFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void dkimResultCondition(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        DkimResultCondition condition;
        try {
            condition = DkimResultCondition.parse(text);
        } catch (IllegalArgumentException e) {
            assertThat(e.getMessage()).isNotBlank();
            return;
        }
        assertThat(condition.results()).isNotEmpty();
        assertThat(DkimResultCondition.parse(condition.toString())).isEqualTo(condition);
    }

    @FuzzTest(maxDuration = "10s")
    void domainList(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        Set<String> domains;
        try {
            domains = DomainList.parse(text);
        } catch (IllegalArgumentException e) {
            assertThat(e.getMessage()).isNotBlank();
            return;
        }
        assertThat(domains).allSatisfy(d -> assertThat(d).isLowerCase().doesNotContain(",", " ", "..").hasSizeBetween(1, 253));
        assertThat(DomainList.parse(String.join(",", domains))).containsExactlyElementsOf(domains);
    }
}
