package org.mailpolicy.spf;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;

import org.mailpolicy.dns.InMemoryResolver;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * The record parser and the macro expander on arbitrary text: a syntax error is a checked
 * permerror, never another exception, and any record evaluates to a result.
 */
class SpfRecordFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void parseRecord(FuzzedDataProvider data) throws Exception {
        String record = "v=spf1 " + data.consumeRemainingAsString();
        try {
            SpfRecordParser.parse(record);
        } catch (SpfSyntaxException expected) {
            assertThat(expected.getMessage()).isNotEmpty();
        }
        SpfVerifier verifier = new SpfVerifier(InMemoryResolver.builder().txt("fuzz.example", record).build(), SpfOptions.defaults());
        SpfResult result = verifier.verifyMailFrom(InetAddress.getByName("192.0.2.1"), "helo.example", "a@fuzz.example").join();
        assertThat(result.code()).isNotNull();
    }

    @FuzzTest(maxDuration = "10s")
    void expandMacros(FuzzedDataProvider data) throws Exception {
        boolean explanation = data.consumeBoolean();
        String text = data.consumeRemainingAsString();
        MacroString macro;
        try {
            macro = explanation ? MacroString.parse(text, true) : MacroString.parseDomainSpec(text);
        } catch (SpfSyntaxException expected) {
            return;
        }
        Evaluation evaluation = new Evaluation(InMemoryResolver.builder().build(), InetAddress.getByName("2001:db8::1"),
                "user@example.com", "helo.example", SpfOptions.defaults());
        assertThat(macro.expand(evaluation, "example.com").join()).isNotNull();
    }
}
