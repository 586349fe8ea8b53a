package org.mailpolicy.arc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.mailpolicy.dkim.DkimKeys;
import org.mailpolicy.dkim.DkimPrivateKey;

/**
 * The ValiMail ARC signing suite (arc-draft-sign-tests.yml), whole: each case verifies the message's
 * chain with the scenario's keys, takes the Authentication-Results of {@code srv-id} as the suite's
 * README consolidates them, seals at the case's {@code t} with its {@code sig-headers}, and compares the
 * three fields with the suite's, as its harness does: whitespace removed, the tags of ARC-Seal and
 * ARC-Message-Signature as a set (so b= must be the very signature), the ARC-Authentication-Results
 * exactly. A case with empty expected fields (the chain already failed) must not be sealed.
 */
class ArcSigningSuiteTest {

    @TestFactory
    Stream<DynamicNode> signingSuite() {
        List<DynamicNode> cases = new ArrayList<>();
        for (Map<String, Object> scenario : ArcSuite.scenarios("arc-draft-sign-tests.yml")) {
            ArcVerifier verifier = new ArcVerifier(ArcSuite.resolver(scenario));
            DkimPrivateKey key = DkimKeys.parse(String.valueOf(scenario.get("privatekey")));
            tests(scenario).forEach((name, test) -> cases.add(DynamicTest.dynamicTest(
                    scenario.get("description") + " / " + name + ": " + test.get("description"),
                    () -> check(scenario, verifier, key, test))));
        }
        return cases.stream();
    }

    @Test
    void theWholeSuiteRuns() {
        int cases = 0;
        for (Map<String, Object> scenario : ArcSuite.scenarios("arc-draft-sign-tests.yml")) {
            cases += tests(scenario).size();
        }
        assertThat(cases).isEqualTo(17);
    }

    private static void check(Map<String, Object> scenario, ArcVerifier verifier, DkimPrivateKey key, Map<String, Object> test) {
        byte[] message = String.valueOf(test.get("message")).getBytes(StandardCharsets.UTF_8);
        long t = Long.parseLong(String.valueOf(test.get("t")));
        ArcSealer sealer = ArcSealer.builder(String.valueOf(scenario.get("domain")))
                .key(String.valueOf(scenario.get("sel")), key)
                .signedHeaders(Arrays.asList(String.valueOf(test.get("sig-headers")).split(":")))
                .clock(Clock.fixed(Instant.ofEpochSecond(t), ZoneOffset.UTC))
                .build();
        String authResults = ArcSealer.authenticationResultsOf(message, String.valueOf(test.get("srv-id")));

        ArcSeal seal = sealer.seal(message, authResults, verifier).join();

        String expectedSeal = String.valueOf(test.get("AS"));
        if (expectedSeal.isBlank()) {
            assertThat(seal.isSealed()).as(seal.toString()).isFalse();
            return;
        }
        assertThat(compact(value(seal.authenticationResults()))).as("ARC-Authentication-Results")
                .isEqualTo(compact(String.valueOf(test.get("AAR"))));
        assertThat(tags(value(seal.messageSignature()))).as("ARC-Message-Signature").isEqualTo(tags(String.valueOf(test.get("AMS"))));
        assertThat(tags(value(seal.seal()))).as("ARC-Seal").isEqualTo(tags(expectedSeal));
        // What we wrote must verify as a passing chain, whatever the suite says.
        ArcVerification after = verifier.verify(seal.prependTo(message)).join();
        assertThat(after.result()).as(after.toString()).isEqualTo(seal.chainValidation() == ArcResult.FAIL ? ArcResult.FAIL : ArcResult.PASS);
    }

    private static String value(String field) {
        return field.substring(field.indexOf(':') + 1);
    }

    private static String compact(String text) {
        return text.replaceAll("\\s", "");
    }

    private static Set<String> tags(String value) {
        return Arrays.stream(compact(value).split(";")).filter(s -> !s.isEmpty()).collect(Collectors.toCollection(TreeSet::new));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> tests(Map<String, Object> scenario) {
        return (Map<String, Map<String, Object>>) scenario.get("tests");
    }
}
