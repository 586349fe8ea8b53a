package org.mailpolicy.arc;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import org.mailpolicy.dns.InMemoryResolver;

/**
 * Jazzer targets for the ARC parsers. In a plain {@code mvn verify} each runs its seed corpus
 * (src/test/resources/org/mailpolicy/arc/ArcParserFuzzTestInputs/&lt;method&gt;/, malformed fields) as a
 * regression test; with JAZZER_FUZZ=1 it fuzzes. The property: no exception, and a total answer.
 */
class ArcParserFuzzTest {

    private static final ArcVerifier VERIFIER = new ArcVerifier(InMemoryResolver.builder()
            .txt("s._domainkey.example.org", "v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=")
            .build());

    @FuzzTest
    void seal(byte[] input) {
        ArcSealHeader seal = ArcSealHeader.parse(new String(input, StandardCharsets.UTF_8));
        assertThat(seal.error != null || (seal.algorithm != null && seal.chainValidation != null && seal.instance >= 1)).isTrue();
    }

    @FuzzTest
    void messageSignature(byte[] input) {
        ArcMessageSignatureHeader ams = ArcMessageSignatureHeader.parse(new String(input, StandardCharsets.UTF_8));
        assertThat(ams.error != null || (ams.algorithm != null && ams.bodyHash != null && ams.instance >= 1)).isTrue();
    }

    @FuzzTest
    void authenticationResults(byte[] input) {
        ArcAuthenticationResultsHeader.parse(new String(input, StandardCharsets.UTF_8))
                .ifPresent(aar -> assertThat(aar.instance).isBetween(1, ArcVerifier.MAX_INSTANCE));
    }

    /** A whole message: the chain collection, every parser and the verifier, which must answer and never throw. */
    @FuzzTest
    void chain(byte[] input) {
        ArcVerification v = VERIFIER.verify(input).join();
        assertThat(v.result() == ArcResult.PASS ? v.oldestPass() >= 1 : v.oldestPass() == 0).isTrue();
    }
}
