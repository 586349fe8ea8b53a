package org.mailpolicy.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;

import org.apache.james.jspf.impl.SPF;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.mailpolicy.spf.SpfOptions;
import org.mailpolicy.spf.SpfVerifier;

/** The benchmark compares like with like only if both engines reach the expected result on every scenario. */
class SpfZoneTest {

    private final SpfVerifier mailPolicy = new SpfVerifier(SpfZone.inMemoryResolver(), SpfOptions.defaults());
    private final SPF jspf = new SPF(new JspfInMemoryDns(SpfZone.RECORDS));

    @TestFactory
    Stream<DynamicTest> bothEnginesAgreeOnEveryScenario() {
        return SpfZone.SCENARIOS.stream().map(s -> DynamicTest.dynamicTest(s.mailFrom + " from " + s.ip, () -> {
            assertThat(mailPolicy.verifyMailFrom(s.address(), s.helo, s.mailFrom).join().code().keyword())
                    .as("MailPolicy").isEqualTo(s.expected);
            assertThat(jspf.checkSPF(s.ip, s.mailFrom, s.helo).getResult()).as("jSPF").isEqualTo(s.expected);
        }));
    }
}
