package org.mailpolicy.james.matchers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMatcherConfig;
import org.junit.jupiter.api.Test;
import org.mailpolicy.james.SpfVerdict;
import org.mailpolicy.spf.SpfIdentity;
import org.mailpolicy.spf.SpfResult;
import org.mailpolicy.spf.SpfResultCode;

class SpfResultIsTest {

    private static SpfResultIs matcher(String condition) throws MessagingException {
        SpfResultIs matcher = new SpfResultIs();
        matcher.init(FakeMatcherConfig.builder().matcherName("SpfResultIs").condition(condition).build());
        return matcher;
    }

    private static FakeMail mailWith(SpfResultCode code) throws MessagingException {
        FakeMail mail = FakeMail.builder().name("m").recipients("a@example.org", "b@example.org").build();
        if (code != null) {
            mail.setAttribute(SpfVerdict.toAttribute(SpfVerdict.MAIL_FROM,
                    SpfResult.builder(code, SpfIdentity.MAILFROM, "example.net", "u@example.net").build()));
        }
        return mail;
    }

    @Test
    void matchesAllRecipientsWhenTheVerdictIsListed() throws Exception {
        assertThat(matcher("fail, softfail").match(mailWith(SpfResultCode.SOFTFAIL)))
                .containsExactly(new MailAddress("a@example.org"), new MailAddress("b@example.org"));
    }

    @Test
    void doesNotMatchOtherResultsOrMailWithoutVerdict() throws Exception {
        assertThat(matcher("fail").match(mailWith(SpfResultCode.PASS))).isEmpty();
        assertThat(matcher("fail").match(mailWith(null))).isEmpty();
    }

    @Test
    void rejectsUnknownWordsAtStartUp() {
        assertThatThrownBy(() -> matcher("fial")).hasMessageContaining("fial").hasMessageContaining("softfail");
        assertThatThrownBy(() -> matcher("")).isInstanceOf(MessagingException.class);
    }
}
