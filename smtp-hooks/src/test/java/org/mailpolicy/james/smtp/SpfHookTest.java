package org.mailpolicy.james.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.commons.configuration2.BaseConfiguration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.metrics.tests.RecordingMetricFactory;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.apache.mailet.base.test.FakeMail;
import org.junit.jupiter.api.Test;
import org.mailpolicy.dns.InMemoryResolver;
import org.mailpolicy.james.MailPolicyConfiguration;
import org.mailpolicy.james.SpfVerdict;
import org.mailpolicy.spf.SpfOptions;
import org.mailpolicy.spf.SpfResultCode;
import org.mailpolicy.spf.SpfVerifier;

class SpfHookTest {

    private final RecordingMetricFactory metrics = new RecordingMetricFactory();
    private final SpfVerifier verifier = new SpfVerifier(InMemoryResolver.builder()
            .txt("allowed.example", "v=spf1 ip4:192.0.2.0/24 -all")
            .txt("mail.allowed.example", "v=spf1 ip4:192.0.2.0/24 -all")
            .tempfail("broken.example", "SERVFAIL")
            .build(), SpfOptions.defaults());
    private final MailPolicyConfiguration configuration = MailPolicyConfiguration.from(configuration("authservId", "mx.test"));

    private SpfHook hook(String... elements) throws ConfigurationException {
        SpfHook hook = new SpfHook(verifier, configuration, metrics);
        hook.init(configuration(elements));
        return hook;
    }

    @Test
    void passIsDeclinedAndTravelsToTheMail() throws Exception {
        SpfHook hook = hook("fail", "reject");
        FakeSession session = new FakeSession("192.0.2.10", "mail.allowed.example", false, null);

        assertThat(hook.doMail(session, sender("user@allowed.example"))).isEqualTo(HookResult.DECLINED);

        FakeMail mail = FakeMail.builder().name("m1").build();
        assertThat(hook.onMessage(session, mail)).isEqualTo(HookResult.DECLINED);
        assertThat(SpfVerdict.read(mail, SpfVerdict.MAIL_FROM).orElseThrow().code()).isEqualTo(SpfResultCode.PASS);
        assertThat(SpfVerdict.read(mail, SpfVerdict.HELO).orElseThrow().code()).isEqualTo(SpfResultCode.PASS);
        assertThat(metrics.countFor("mailpolicy_spf_pass")).isEqualTo(2);
    }

    @Test
    void failIsRejectedWith550_5_7_23WhenConfigured() throws Exception {
        HookResult result = hook("fail", "reject").doMail(new FakeSession("198.51.100.1", "evil.example", false, null),
                sender("user@allowed.example"));

        assertThat(result.getResult()).isEqualTo(HookReturnCode.deny());
        assertThat(result.getSmtpRetCode()).isEqualTo("550");
        assertThat(result.getSmtpDescription()).startsWith("5.7.23 SPF fail");
    }

    @Test
    void failIsAcceptedByDefaultBecauseDmarcDecides() throws Exception {
        assertThat(hook().doMail(new FakeSession("198.51.100.1", "evil.example", false, null), sender("user@allowed.example")))
                .isEqualTo(HookResult.DECLINED);
    }

    @Test
    void temperrorIsDeferredWith451_4_7_24ByDefault() throws Exception {
        HookResult result = hook().doMail(new FakeSession("198.51.100.1", "evil.example", false, null), sender("user@broken.example"));

        assertThat(result.getResult()).isEqualTo(HookReturnCode.denySoft());
        assertThat(result.getSmtpRetCode()).isEqualTo("451");
        assertThat(result.getSmtpDescription()).startsWith("4.7.24 ");
    }

    @Test
    void heloFailRejectsEvenWhenMailFromPasses() throws Exception {
        HookResult result = hook("fail", "reject").doMail(new FakeSession("192.0.2.10", "mail.allowed.example", false, null),
                sender("user@allowed.example"));
        assertThat(result).isEqualTo(HookResult.DECLINED);

        HookResult forgedHelo = hook("fail", "reject").doMail(new FakeSession("198.51.100.7", "mail.allowed.example", false, null),
                sender("user@unrelated.example"));
        assertThat(forgedHelo.getSmtpDescription()).contains("HELO mail.allowed.example");
    }

    @Test
    void relayingAllowedSessionsAreNotChecked() throws Exception {
        FakeSession session = new FakeSession("198.51.100.1", "evil.example", true, null);

        assertThat(hook("fail", "reject").doMail(session, sender("user@allowed.example"))).isEqualTo(HookResult.DECLINED);
        FakeMail mail = FakeMail.builder().name("m2").build();
        hook().onMessage(session, mail);
        assertThat(SpfVerdict.read(mail, SpfVerdict.MAIL_FROM)).isEmpty();
    }

    @Test
    void nullSenderChecksTheHeloIdentityOnce() throws Exception {
        FakeSession session = new FakeSession("192.0.2.10", "mail.allowed.example", false, null);
        hook().doMail(session, MaybeSender.nullSender());
        FakeMail mail = FakeMail.builder().name("m3").build();
        hook().onMessage(session, mail);

        assertThat(SpfVerdict.read(mail, SpfVerdict.MAIL_FROM).orElseThrow().sender()).isEqualTo("postmaster@mail.allowed.example");
        assertThat(SpfVerdict.read(mail, SpfVerdict.HELO)).isEmpty();
    }

    @Test
    void unknownActionFailsStartUpNamingTheHandler() {
        assertThatThrownBy(() -> hook("softfail", "bounce"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("SpfHook")
                .hasMessageContaining("accept, reject, tempfail");
    }

    private static MaybeSender sender(String address) throws Exception {
        return MaybeSender.of(new MailAddress(address));
    }

    private static BaseConfiguration configuration(String... keyValues) {
        BaseConfiguration configuration = new BaseConfiguration();
        for (int i = 0; i < keyValues.length; i += 2) {
            configuration.addProperty(keyValues[i], keyValues[i + 1]);
        }
        return configuration;
    }
}
