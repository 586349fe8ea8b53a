package org.mailpolicy.james.matchers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.mailet.base.GenericMatcher;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMatcherConfig;
import org.junit.jupiter.api.Test;
import org.mailpolicy.dmarc.DmarcEvaluator;
import org.mailpolicy.dmarc.DmarcInput;
import org.mailpolicy.dmarc.DmarcOptions;
import org.mailpolicy.dns.InMemoryResolver;
import org.mailpolicy.james.DmarcVerdict;
import org.mailpolicy.james.SpfVerdict;
import org.mailpolicy.spf.SpfIdentity;
import org.mailpolicy.spf.SpfResult;
import org.mailpolicy.spf.SpfResultCode;

/** DmarcResultIs, DmarcDispositionIs and AuthResultIs over verdicts as the hook writes them. */
class DmarcMatchersTest {

    private static final InMemoryResolver DNS = InMemoryResolver.builder()
            .txt("_dmarc.quarantine.example", "v=DMARC1; p=quarantine")
            .txt("_dmarc.reject.example", "v=DMARC1; p=reject")
            .build();

    private static <M extends GenericMatcher> M matcher(M matcher, String condition) throws MessagingException {
        matcher.init(FakeMatcherConfig.builder().matcherName(matcher.getClass().getSimpleName()).condition(condition).build());
        return matcher;
    }

    /** A mail with the DMARC verdict on a message From {@code from}, optionally DKIM-passed by {@code dkim}, and an SPF verdict. */
    private static FakeMail mail(String from, String dkim, SpfResultCode spf) throws Exception {
        FakeMail mail = FakeMail.builder().name("m").recipients("a@example.org", "b@example.org").build();
        DmarcInput.Builder input = DmarcInput.builder(("From: x@" + from + "\r\n\r\nbody\r\n").getBytes(StandardCharsets.US_ASCII));
        if (dkim != null) {
            input.dkimPass(dkim);
        }
        mail.setAttribute(DmarcVerdict.of(new DmarcEvaluator(DNS, DmarcOptions.defaults()).evaluate(input.build()).get()).toAttribute());
        if (spf != null) {
            mail.setAttribute(SpfVerdict.toAttribute(SpfVerdict.MAIL_FROM,
                    SpfResult.builder(spf, SpfIdentity.MAILFROM, "bounce.example", "b@bounce.example").build()));
        }
        return mail;
    }

    @Test
    void dmarcResultIsMatchesTheListedResults() throws Exception {
        assertThat(matcher(new DmarcResultIs(), "fail, permerror").match(mail("reject.example", null, null)))
                .containsExactly(new MailAddress("a@example.org"), new MailAddress("b@example.org"));
        assertThat(matcher(new DmarcResultIs(), "fail").match(mail("reject.example", "reject.example", null))).isEmpty();
        assertThat(matcher(new DmarcResultIs(), "none").match(FakeMail.builder().name("n").recipient("a@example.org").build())).isEmpty();
        assertThatThrownBy(() -> matcher(new DmarcResultIs(), "softfail")).isInstanceOf(MessagingException.class).hasMessageContaining("softfail");
    }

    @Test
    void dmarcResultIsWithDomainsMatchesOnlyThoseFromDomains() throws Exception {
        assertThat(matcher(new DmarcResultIs(), "fail;domain=Reject.Example,other.example").match(mail("reject.example", null, null))).hasSize(2);
        assertThat(matcher(new DmarcResultIs(), "fail;domain=other.example").match(mail("reject.example", null, null))).isEmpty();
        assertThatThrownBy(() -> matcher(new DmarcResultIs(), "fail;sealer=x.example")).isInstanceOf(MessagingException.class)
                .hasMessageContaining("expected <result>");
    }

    @Test
    void dmarcDispositionIsMatchesTheDisposition() throws Exception {
        assertThat(matcher(new DmarcDispositionIs(), "quarantine").match(mail("quarantine.example", null, null))).hasSize(2);
        assertThat(matcher(new DmarcDispositionIs(), "quarantine").match(mail("reject.example", null, null))).isEmpty();
        assertThat(matcher(new DmarcDispositionIs(), "quarantine,reject").match(mail("reject.example", null, null))).hasSize(2);
        assertThatThrownBy(() -> matcher(new DmarcDispositionIs(), "bounce")).isInstanceOf(MessagingException.class).hasMessageContaining("bounce");
    }

    @Test
    void authResultIsNeedsEveryMethodAndAnyWordOfEach() throws Exception {
        FakeMail failing = mail("reject.example", null, SpfResultCode.SOFTFAIL);
        assertThat(matcher(new AuthResultIs(), "dmarc:fail,spf:fail,spf:softfail").match(failing)).hasSize(2);
        assertThat(matcher(new AuthResultIs(), "dmarc:fail,spf:fail").match(failing)).isEmpty();
        assertThat(matcher(new AuthResultIs(), "dmarc:pass").match(failing)).isEmpty();
        // No mailpolicy.dkim attribute on the mail: a dkim condition does not hold.
        assertThat(matcher(new AuthResultIs(), "dkim:none").match(failing)).isEmpty();
    }

    @Test
    void authResultIsRefusesUnknownMethodsAndWords() {
        assertThatThrownBy(() -> matcher(new AuthResultIs(), "bimi:pass")).isInstanceOf(MessagingException.class).hasMessageContaining("bimi");
        assertThatThrownBy(() -> matcher(new AuthResultIs(), "dkim:softfail")).isInstanceOf(MessagingException.class).hasMessageContaining("softfail");
        assertThatThrownBy(() -> matcher(new AuthResultIs(), "spf")).isInstanceOf(MessagingException.class);
    }
}
