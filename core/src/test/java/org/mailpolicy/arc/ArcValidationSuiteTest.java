package org.mailpolicy.arc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.mailpolicy.dns.InMemoryResolver;

/**
 * The ValiMail ARC validation suite (arc-draft-validation-tests.yml), whole: every case is one named
 * dynamic test that verifies the message with the scenario's key records and compares the chain
 * validation status with the suite's {@code cv}.
 */
class ArcValidationSuiteTest {

    /**
     * Cases whose {@code cv} the suite leaves empty: the newest ARC-Seal, or an older one, records
     * cv=fail. RFC 8617 §5.2 step 3 makes the first a fail, and step 4 (instance 1 says cv=none, later
     * ones cv=pass) the others, so they are asserted as fail.
     */
    static final Set<String> EMPTY_CV_ASSERTED_AS_FAIL = Set.of("cv_fail_i1_as_cv_fail", "cv_fail_i2_as2_fail", "cv_fail_i2_as1_fail");

    @TestFactory
    Stream<DynamicNode> validationSuite() {
        List<DynamicNode> cases = new ArrayList<>();
        for (Map<String, Object> scenario : ArcSuite.scenarios("arc-draft-validation-tests.yml")) {
            InMemoryResolver dns = ArcSuite.resolver(scenario);
            ArcVerifier verifier = new ArcVerifier(dns);
            tests(scenario).forEach((name, test) -> cases.add(DynamicTest.dynamicTest(
                    scenario.get("description") + " / " + name + ": " + test.get("description"),
                    () -> check(verifier, name, test))));
        }
        return cases.stream();
    }

    @Test
    void theWholeSuiteRuns() {
        int cases = 0;
        for (Map<String, Object> scenario : ArcSuite.scenarios("arc-draft-validation-tests.yml")) {
            cases += tests(scenario).size();
        }
        assertThat(cases).isEqualTo(171);
    }

    private static void check(ArcVerifier verifier, String name, Map<String, Object> test) {
        String cv = String.valueOf(test.get("cv")).strip();
        ArcResult expected;
        if (cv.isEmpty()) {
            assertThat(EMPTY_CV_ASSERTED_AS_FAIL).as("a case with an empty cv that is not listed").contains(name);
            expected = ArcResult.FAIL;
        } else {
            expected = ArcResult.fromWord(cv).orElseThrow();
        }
        byte[] message = String.valueOf(test.get("message")).getBytes(StandardCharsets.UTF_8);
        ArcVerification verification = verifier.verify(message).join();
        assertThat(verification.result()).as(verification.toString()).isEqualTo(expected);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> tests(Map<String, Object> scenario) {
        return (Map<String, Map<String, Object>>) scenario.get("tests");
    }
}
