package org.mailpolicy.james.matchers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMatcherConfig;
import org.junit.jupiter.api.Test;
import org.mailpolicy.james.DkimVerdict;

class DkimResultIsTest {

    private static DkimResultIs matcher(String condition) throws MessagingException {
        DkimResultIs matcher = new DkimResultIs();
        matcher.init(FakeMatcherConfig.builder().matcherName("DkimResultIs").condition(condition).build());
        return matcher;
    }

    /** A mail whose mailpolicy.dkim attribute lists signatures given as "result:domain", in the documented wire format. */
    private static FakeMail mailWith(String... signatures) throws MessagingException {
        FakeMail mail = FakeMail.builder().name("m").recipients("a@example.org", "b@example.org").build();
        List<AttributeValue<?>> list = new ArrayList<>();
        for (String signature : signatures) {
            String[] parts = signature.split(":");
            Map<String, AttributeValue<?>> fields = new LinkedHashMap<>();
            fields.put("result", AttributeValue.of(parts[0]));
            fields.put("domain", AttributeValue.of(parts[1]));
            fields.put("identity", AttributeValue.of(""));
            fields.put("selector", AttributeValue.of("sel"));
            fields.put("algorithm", AttributeValue.of("rsa-sha256"));
            fields.put("keyBits", AttributeValue.of(2048));
            fields.put("bPrefix", AttributeValue.of("abcdefgh"));
            fields.put("reason", AttributeValue.of(""));
            fields.put("testing", AttributeValue.of(false));
            list.add(AttributeValue.of(fields));
        }
        mail.setAttribute(new Attribute(DkimVerdict.NAME, AttributeValue.of(list)));
        return mail;
    }

    @Test
    void matchesAllRecipientsWhenAnySignatureHasAListedResult() throws Exception {
        assertThat(matcher("pass, fail").match(mailWith("permerror:example.net", "fail:example.com")))
                .containsExactly(new MailAddress("a@example.org"), new MailAddress("b@example.org"));
    }

    @Test
    void matchesNothingWhenNoSignatureHasAListedResult() throws Exception {
        assertThat(matcher("pass").match(mailWith("fail:example.net", "permerror:example.com"))).isEmpty();
    }

    @Test
    void domainLimitsTheSignaturesConsideredToThoseWithThatD() throws Exception {
        FakeMail mail = mailWith("pass:example.net", "fail:Example.COM");
        assertThat(matcher("pass;domain=example.com").match(mail)).isEmpty();
        assertThat(matcher("fail; domain=EXAMPLE.com,example.org").match(mail)).hasSize(2);
        assertThat(matcher("pass;domain=example.net").match(mail)).hasSize(2);
    }

    @Test
    void rfc8601Section2_7_1NoneMatchesUnsignedMailAndMailWithoutASignatureOfTheDomain() throws Exception {
        assertThat(matcher("none").match(mailWith())).hasSize(2);
        assertThat(matcher("none;domain=example.com").match(mailWith("pass:example.net"))).hasSize(2);
        assertThat(matcher("none").match(mailWith("pass:example.net"))).isEmpty();
    }

    @Test
    void mailWithoutAVerdictDoesNotMatch() throws Exception {
        assertThat(matcher("none,pass,fail").match(FakeMail.builder().name("m").recipient("a@example.org").build())).isEmpty();
    }

    @Test
    void aBadConditionFailsAtInitNamingWhatIsAccepted() {
        assertThatThrownBy(() -> matcher("passed")).isInstanceOf(MessagingException.class)
                .hasMessageContaining("'passed' is not a DKIM result").hasMessageContaining("pass, fail");
        assertThatThrownBy(() -> matcher("pass;selector=s")).isInstanceOf(MessagingException.class)
                .hasMessageContaining("[;domain=<domain>");
        assertThatThrownBy(() -> matcher("pass;domain=")).isInstanceOf(MessagingException.class)
                .hasMessageContaining("at least one domain");
        assertThatThrownBy(() -> matcher("")).isInstanceOf(MessagingException.class);
    }
}
