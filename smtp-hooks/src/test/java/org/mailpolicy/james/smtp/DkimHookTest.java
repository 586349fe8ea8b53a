package org.mailpolicy.james.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.apache.commons.configuration2.BaseConfiguration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.metrics.tests.RecordingMetricFactory;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.apache.mailet.base.test.FakeMail;
import org.junit.jupiter.api.Test;
import org.mailpolicy.dkim.DkimKeyGenerator;
import org.mailpolicy.dkim.DkimResult;
import org.mailpolicy.dkim.DkimSignatureResult;
import org.mailpolicy.dkim.DkimSigner;
import org.mailpolicy.dkim.DkimVerifier;
import org.mailpolicy.dkim.DkimVerifierOptions;
import org.mailpolicy.dkim.GeneratedDkimKey;
import org.mailpolicy.dns.InMemoryResolver;
import org.mailpolicy.james.DkimVerdict;
import org.mailpolicy.james.MailPolicyConfiguration;

class DkimHookTest {

    private static final GeneratedDkimKey KEY = DkimKeyGenerator.ed25519();
    private final RecordingMetricFactory metrics = new RecordingMetricFactory();
    private final DkimVerifier verifier = new DkimVerifier(InMemoryResolver.builder()
            .txt("sel._domainkey.signed.example", KEY.dnsRecord())
            .tempfail("sel._domainkey.broken.example", "SERVFAIL")
            .build(), DkimVerifierOptions.defaults());

    private DkimHook hook(String alwaysSigned) throws ConfigurationException {
        DkimHook hook = new DkimHook(verifier, MailPolicyConfiguration.from(new BaseConfiguration()), metrics);
        BaseConfiguration config = new BaseConfiguration();
        if (alwaysSigned != null) {
            config.addProperty("alwaysSigned", alwaysSigned);
        }
        hook.init(config);
        return hook;
    }

    private static FakeMail mail(String from, String signingDomain, boolean tamper) throws Exception {
        String text = "From: Someone <user@" + from + ">\r\nTo: rcpt@example.org\r\nSubject: s\r\n\r\nBody.\r\n";
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        if (signingDomain != null) {
            GeneratedDkimKey key = signingDomain.equals("signed.example") ? KEY : DkimKeyGenerator.ed25519();
            bytes = DkimSigner.builder(signingDomain).key("sel", key.key()).build().signedMessage(bytes);
        }
        if (tamper) {
            bytes = new String(bytes, StandardCharsets.US_ASCII).replace("Body.", "Changed.").getBytes(StandardCharsets.US_ASCII);
        }
        MimeMessage message = new MimeMessage(Session.getDefaultInstance(new Properties()), new ByteArrayInputStream(bytes));
        return FakeMail.builder().name("m").mimeMessage(message).build();
    }

    private static FakeSession internet() throws Exception {
        return new FakeSession("198.51.100.1", "client.example", false, null);
    }

    @Test
    void theVerdictOfEachSignatureTravelsToTheMail() throws Exception {
        FakeMail mail = mail("signed.example", "signed.example", false);

        assertThat(hook(null).onMessage(internet(), mail)).isEqualTo(HookResult.DECLINED);

        DkimSignatureResult signature = DkimVerdict.read(mail).orElseThrow().signatures().get(0);
        assertThat(signature.result()).isEqualTo(DkimResult.PASS);
        assertThat(signature.domain()).contains("signed.example");
        assertThat(metrics.countFor("mailpolicy_dkim_pass")).isEqualTo(1);
    }

    @Test
    void withoutAlwaysSignedAFailingSignatureIsAcceptedBecauseDmarcDecides() throws Exception {
        FakeMail mail = mail("signed.example", "signed.example", true);

        assertThat(hook(null).onMessage(internet(), mail)).isEqualTo(HookResult.DECLINED);
        assertThat(DkimVerdict.read(mail).orElseThrow().signatures().get(0).result()).isEqualTo(DkimResult.FAIL);
    }

    @Test
    void rfc7372Section3_1AlwaysSignedDomainsRefuseUnsignedAndFailingMailWith550_5_7_20() throws Exception {
        DkimHook hook = hook("Signed.example, other.example");

        for (FakeMail mail : new FakeMail[] {mail("signed.example", null, false), mail("signed.example", "signed.example", true)}) {
            HookResult result = hook.onMessage(internet(), mail);
            assertThat(result.getResult()).isEqualTo(HookReturnCode.deny());
            assertThat(result.getSmtpRetCode()).isEqualTo("550");
            assertThat(result.getSmtpDescription()).isEqualTo(
                    "5.7.20 No passing DKIM signature found: mail from signed.example must be signed by signed.example");
        }
    }

    @Test
    void alwaysSignedNeedsAPassFromTheFromDomainItselfNotAThirdParty() throws Exception {
        DkimHook hook = hook("other.example");

        assertThat(hook.onMessage(internet(), mail("other.example", "signed.example", false)).getSmtpRetCode()).isEqualTo("550");
        assertThat(hook.onMessage(internet(), mail("signed.example", null, false))).as("not listed").isEqualTo(HookResult.DECLINED);
        assertThat(hook("signed.example").onMessage(internet(), mail("signed.example", "signed.example", false)))
                .isEqualTo(HookResult.DECLINED);
    }

    @Test
    void aKeyLookupTemperrorForAnAlwaysSignedDomainIsDeferredWith451_4_7_20() throws Exception {
        HookResult result = hook("broken.example").onMessage(internet(), mail("broken.example", "broken.example", false));

        assertThat(result.getResult()).isEqualTo(HookReturnCode.denySoft());
        assertThat(result.getSmtpDescription()).startsWith("4.7.20 DKIM signature of broken.example could not be checked");
    }

    @Test
    void relayingAllowedSessionsAreNotVerified() throws Exception {
        FakeMail mail = mail("signed.example", null, false);

        assertThat(hook("signed.example").onMessage(new FakeSession("192.0.2.1", "client", true, null), mail))
                .isEqualTo(HookResult.DECLINED);
        assertThat(DkimVerdict.read(mail)).isEmpty();
    }

    @Test
    void aBadDomainListFailsAtStartUpNamingTheElement() {
        assertThatThrownBy(() -> hook("example.com; evil"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("<alwaysSigned>example.com; evil</alwaysSigned> is not valid");
    }
}
