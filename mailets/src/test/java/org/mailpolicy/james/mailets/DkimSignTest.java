package org.mailpolicy.james.mailets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import javax.mail.MessagingException;

import org.apache.commons.configuration2.PropertiesConfiguration;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailpolicy.dkim.DkimKeyGenerator;
import org.mailpolicy.dkim.DkimResult;
import org.mailpolicy.dkim.DkimSignatureResult;
import org.mailpolicy.dkim.DkimVerifier;
import org.mailpolicy.dkim.DkimVerifierOptions;
import org.mailpolicy.dkim.GeneratedDkimKey;
import org.mailpolicy.dns.InMemoryResolver;
import org.mailpolicy.james.DkimSigningKeys;

class DkimSignTest {

    private static final GeneratedDkimKey RSA = DkimKeyGenerator.rsa(1024);
    private static final GeneratedDkimKey ED25519 = DkimKeyGenerator.ed25519();
    private static final DkimVerifier VERIFIER = new DkimVerifier(InMemoryResolver.builder()
            .txt("rsa._domainkey.example.com", RSA.dnsRecord())
            .txt("ed._domainkey.example.com", ED25519.dnsRecord())
            .txt("sel._domainkey.example.net", DkimMessages.KEY.dnsRecord())
            .build(), DkimVerifierOptions.defaults());

    @TempDir
    Path keys;

    private DkimSign mailet(String defaultDomain) throws Exception {
        Files.createDirectories(keys.resolve("example.com"));
        Files.writeString(keys.resolve("example.com").resolve("rsa.key"), RSA.privateKeyPem());
        Files.writeString(keys.resolve("example.com").resolve("ed.key"), ED25519.privateKeyPem());
        Files.createDirectories(keys.resolve("example.net"));
        Files.writeString(keys.resolve("example.net").resolve("sel.key"), DkimMessages.KEY.privateKeyPem());
        DkimSign mailet = new DkimSign(DkimSigningKeys.none());
        FakeMailetConfig.Builder config = FakeMailetConfig.builder().mailetName("DkimSign").setProperty("keyDirectory", keys.toString());
        if (defaultDomain != null) {
            config.setProperty("defaultDomain", defaultDomain);
        }
        mailet.init(config.build());
        return mailet;
    }

    private static FakeMail mail(String from) throws Exception {
        String text = "From: " + from + "\r\nTo: rcpt@example.org\r\nSubject: out\r\nMessage-ID: <2@example.com>\r\n\r\nOutbound.\r\n";
        return FakeMail.builder().name("m").mimeMessage(DkimMessages.mime(text.getBytes(StandardCharsets.US_ASCII))).build();
    }

    private static List<DkimSignatureResult> verify(FakeMail mail) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        mail.getMessage().writeTo(out);
        return VERIFIER.verify(out.toByteArray()).join().signatures();
    }

    @Test
    void rfc8463Section3AFromDomainWithAnRsaAndAnEd25519KeyIsDualSignedAndBothVerify() throws Exception {
        FakeMail mail = mail("Alice <alice@Example.COM>");

        mailet(null).service(mail);

        List<DkimSignatureResult> signatures = verify(mail);
        assertThat(signatures).extracting(DkimSignatureResult::result).containsExactly(DkimResult.PASS, DkimResult.PASS);
        assertThat(signatures.stream().map(s -> s.algorithm().orElseThrow()).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder("rsa-sha256", "ed25519-sha256");
        assertThat(signatures).allMatch(s -> s.domain().orElseThrow().equals("example.com"));
        assertThat(mail.getMessage().getAllHeaderLines().nextElement()).startsWith("DKIM-Signature: v=1;");
    }

    @Test
    void aFromDomainWithoutKeysIsSignedByTheDefaultDomainOrLeftUnsigned() throws Exception {
        FakeMail withDefault = mail("bob@elsewhere.example");
        mailet("example.net").service(withDefault);
        assertThat(verify(withDefault)).singleElement().satisfies(s -> {
            assertThat(s.result()).isEqualTo(DkimResult.PASS);
            assertThat(s.domain()).contains("example.net");
        });

        FakeMail withoutDefault = mail("bob@elsewhere.example");
        mailet(null).service(withoutDefault);
        assertThat(verify(withoutDefault)).isEmpty();
    }

    @Test
    void badKeyConfigurationFailsAtStartUpNamingWhatIsWrong() throws Exception {
        assertThatThrownBy(() -> mailet("nokeys.example")).isInstanceOf(MessagingException.class)
                .hasMessageContaining("<defaultDomain>nokeys.example</defaultDomain> has no keys");
        Files.writeString(keys.resolve("example.com").resolve("broken.key"), "not a key");
        assertThatThrownBy(() -> mailet(null)).isInstanceOf(MessagingException.class)
                .hasMessageContaining("broken.key");
        DkimSign mailet = new DkimSign(DkimSigningKeys.none());
        assertThatThrownBy(() -> mailet.init(FakeMailetConfig.builder().mailetName("DkimSign").build()))
                .hasMessageContaining("DkimSign has no keys").hasMessageContaining("<keyDirectory>")
                .hasMessageContaining("dkim.sign.keyFile.<selector>._domainkey.<domain>");
    }

    @Test
    void keysFromMailpolicyPropertiesSignWithoutAKeyDirectory() throws Exception {
        PropertiesConfiguration properties = new PropertiesConfiguration();
        properties.addProperty("dkim.sign.key.ed._domainkey.example.com", ED25519.privateKeyPem().replace("\n", ""));
        DkimSign mailet = new DkimSign(DkimSigningKeys.fromProperties(properties, File::new));
        mailet.init(FakeMailetConfig.builder().mailetName("DkimSign").build());
        FakeMail mail = mail("alice@example.com");

        mailet.service(mail);

        assertThat(verify(mail)).singleElement().satisfies(s -> {
            assertThat(s.result()).isEqualTo(DkimResult.PASS);
            assertThat(s.selector()).contains("ed");
        });
    }

    @Test
    void keysFromPropertiesAndTheKeyDirectoryAddUpAndTheSameSelectorTwiceFailsAtStartUp() throws Exception {
        Path other = Files.writeString(keys.resolve("other.pem"), RSA.privateKeyPem());
        PropertiesConfiguration properties = new PropertiesConfiguration();
        properties.addProperty("dkim.sign.keyFile.rsa._domainkey.example.org", other.toString());
        Files.createDirectories(keys.resolve("example.com"));
        Files.writeString(keys.resolve("example.com").resolve("ed.key"), ED25519.privateKeyPem());
        DkimSign mailet = new DkimSign(DkimSigningKeys.fromProperties(properties, File::new));
        mailet.init(FakeMailetConfig.builder().mailetName("DkimSign").setProperty("keyDirectory", keys.toString())
                .setProperty("defaultDomain", "example.org").build());
        FakeMail mail = mail("bob@elsewhere.example");

        mailet.service(mail);

        assertThat(verify(mail)).singleElement().satisfies(s -> assertThat(s.domain()).contains("example.org"));
        properties.addProperty("dkim.sign.keyFile.ed._domainkey.example.com", other.toString());
        DkimSign twice = new DkimSign(DkimSigningKeys.fromProperties(properties, File::new));
        assertThatThrownBy(() -> twice.init(FakeMailetConfig.builder().mailetName("DkimSign").setProperty("keyDirectory", keys.toString()).build()))
                .isInstanceOf(MessagingException.class).hasMessageContaining("selector ed of example.com is configured twice");
    }
}
