package org.mailpolicy.james.matchers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.mail.MessagingException;

import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMatcherConfig;
import org.junit.jupiter.api.Test;
import org.mailpolicy.james.ArcVerdict;

class ArcResultIsTest {

    private static ArcResultIs matcher(String condition) throws MessagingException {
        ArcResultIs matcher = new ArcResultIs();
        matcher.init(FakeMatcherConfig.builder().matcherName("ArcResultIs").condition(condition).build());
        return matcher;
    }

    /** A mail whose mailpolicy.arc attribute, in the documented wire format, has {@code result} and hops sealed by {@code sealers}. */
    private static FakeMail mailWith(String result, String... sealers) throws MessagingException {
        FakeMail mail = FakeMail.builder().name("m").recipients("a@example.org", "b@example.org").build();
        List<AttributeValue<?>> hops = new java.util.ArrayList<>();
        for (int i = 0; i < sealers.length; i++) {
            Map<String, AttributeValue<?>> hop = new LinkedHashMap<>();
            hop.put("instance", AttributeValue.of(i + 1));
            hop.put("domain", AttributeValue.of(sealers[i]));
            hop.put("selector", AttributeValue.of("arc"));
            hop.put("algorithm", AttributeValue.of("rsa-sha256"));
            hop.put("cv", AttributeValue.of(i == 0 ? "none" : "pass"));
            hop.put("sealVerified", AttributeValue.of(true));
            hop.put("messageSignatureVerified", AttributeValue.of(true));
            hop.put("authenticationResults", AttributeValue.of(sealers[i] + "; spf=pass"));
            hops.add(AttributeValue.of(hop));
        }
        Map<String, AttributeValue<?>> fields = new LinkedHashMap<>();
        fields.put("result", AttributeValue.of(result));
        fields.put("reason", AttributeValue.of(""));
        fields.put("instances", AttributeValue.of(sealers.length));
        fields.put("oldestPass", AttributeValue.of(result.equals("pass") ? 1 : 0));
        fields.put("temporary", AttributeValue.of(false));
        fields.put("hops", AttributeValue.of(hops));
        mail.setAttribute(new Attribute(ArcVerdict.NAME, AttributeValue.of(fields)));
        return mail;
    }

    @Test
    void matchesEveryRecipientWhenTheChainHasOneOfTheResults() throws Exception {
        assertThat(matcher("pass").match(mailWith("pass", "google.com"))).hasSize(2);
        assertThat(matcher("fail,none").match(mailWith("pass", "google.com"))).isEmpty();
        assertThat(matcher("none").match(mailWith("none"))).hasSize(2);
        assertThat(matcher("FAIL").match(mailWith("fail", "x.example"))).hasSize(2);
    }

    @Test
    void sealerNarrowsToTheNewestSealer() throws Exception {
        ArcResultIs trusted = matcher("pass;sealer=Google.com,outlook.com");

        assertThat(trusted.match(mailWith("pass", "lists.example.org", "google.com"))).hasSize(2);
        assertThat(trusted.match(mailWith("pass", "google.com", "lists.example.org"))).isEmpty();
        assertThat(trusted.match(mailWith("fail", "google.com"))).isEmpty();
    }

    @Test
    void aMailWithoutVerdictDoesNotMatch() throws Exception {
        assertThat(matcher("none").match(FakeMail.builder().name("m").recipient("a@example.org").build())).isEmpty();
    }

    @Test
    void badConditionsFailAtStartUpNamingTheAcceptedValues() {
        assertThatThrownBy(() -> matcher("")).hasMessageContaining("needs a list of ARC results");
        assertThatThrownBy(() -> matcher("softfail")).hasMessageContaining("expected one of none, pass, fail");
        assertThatThrownBy(() -> matcher("pass;domain=x")).hasMessageContaining("expected <result>");
        assertThatThrownBy(() -> matcher("pass;sealer=")).hasMessageContaining("sealer= needs at least one domain");
    }
}
