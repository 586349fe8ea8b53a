package org.mailpolicy.james.mailets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.commons.configuration2.BaseConfiguration;
import org.apache.james.metrics.tests.RecordingMetricFactory;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailpolicy.arc.ArcResult;
import org.mailpolicy.arc.ArcVerification;
import org.mailpolicy.arc.ArcVerifier;
import org.mailpolicy.dkim.DkimKeyGenerator;
import org.mailpolicy.dkim.DkimVerifier;
import org.mailpolicy.dkim.DkimVerifierOptions;
import org.mailpolicy.dkim.GeneratedDkimKey;
import org.mailpolicy.dns.InMemoryResolver;
import org.mailpolicy.james.ArcVerdict;
import org.mailpolicy.james.DkimVerdict;
import org.mailpolicy.james.DkimSigningKeys;
import org.mailpolicy.james.MailPolicyConfiguration;

class ArcSealTest {

    private static final GeneratedDkimKey RSA = DkimKeyGenerator.rsa(1024);
    private static final GeneratedDkimKey ED25519 = DkimKeyGenerator.ed25519();
    private static final InMemoryResolver DNS = InMemoryResolver.builder()
            .txt("rsa._domainkey.lists.example.org", RSA.dnsRecord())
            .txt("ed._domainkey.lists.example.org", ED25519.dnsRecord())
            .txt("sel._domainkey.example.net", DkimMessages.KEY.dnsRecord())
            .tempfail("down._domainkey.example.net", "SERVFAIL")
            .build();
    private static final ArcVerifier VERIFIER = new ArcVerifier(DNS);

    @TempDir
    Path keys;

    private final RecordingMetricFactory metrics = new RecordingMetricFactory();

    private ArcSeal mailet(String... parameters) throws Exception {
        Files.createDirectories(keys.resolve("lists.example.org"));
        Files.writeString(keys.resolve("lists.example.org").resolve("rsa.key"), RSA.privateKeyPem());
        Files.writeString(keys.resolve("lists.example.org").resolve("ed.key"), ED25519.privateKeyPem());
        BaseConfiguration properties = new BaseConfiguration();
        properties.addProperty("authservId", "mx.lists.example.org");
        ArcSeal mailet = new ArcSeal(VERIFIER, MailPolicyConfiguration.from(properties), DkimSigningKeys.none(), metrics);
        FakeMailetConfig.Builder config = FakeMailetConfig.builder().mailetName("ArcSeal").setProperty("keyDirectory", keys.toString());
        for (int i = 0; i < parameters.length; i += 2) {
            config.setProperty(parameters[i], parameters[i + 1]);
        }
        mailet.init(config.build());
        return mailet;
    }

    private static FakeMail mail(byte[] message) throws Exception {
        FakeMail mail = FakeMail.builder().name("m").sender("user@example.net").recipient("list@lists.example.org")
                .mimeMessage(DkimMessages.mime(message)).build();
        mail.setAttribute(DkimVerdict.of(new DkimVerifier(DNS, DkimVerifierOptions.defaults()).verify(message).join()).toAttribute());
        return mail;
    }

    private static byte[] bytes(FakeMail mail) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        mail.getMessage().writeTo(out);
        return out.toByteArray();
    }

    @Test
    void rfc8617Section5_1SealsWithOurVerdictsAndTheDomainsRsaKey() throws Exception {
        FakeMail mail = mail(DkimMessages.signed());

        mailet().service(mail);

        byte[] sealed = bytes(mail);
        ArcVerification chain = VERIFIER.verify(sealed).join();
        assertThat(chain.result()).as(chain.toString()).isEqualTo(ArcResult.PASS);
        assertThat(chain.hops()).singleElement().satisfies(hop -> {
            assertThat(hop.sealerDomain()).isEqualTo("lists.example.org");
            assertThat(hop.selector()).isEqualTo("rsa");
            assertThat(hop.authenticationResults()).startsWith("mx.lists.example.org; dkim=pass header.d=example.net")
                    .endsWith("; arc=none");
        });
        assertThat(new String(sealed, StandardCharsets.UTF_8)).startsWith("ARC-Seal: a=rsa-sha256;");
        assertThat(ArcVerdict.read(mail).orElseThrow().result()).as("the arrival verdict is stored").isEqualTo(ArcResult.NONE);
        assertThat(metrics.countFor("mailpolicy_arc_none")).isEqualTo(1);
    }

    @Test
    void aSecondHopSealsOverTheFirstWithCvPassAndTheChosenSelector() throws Exception {
        FakeMail first = mail(DkimMessages.signed());
        mailet().service(first);
        FakeMail second = mail(bytes(first));

        mailet("selector", "ed").service(second);

        ArcVerification chain = VERIFIER.verify(bytes(second)).join();
        assertThat(chain.result()).as(chain.toString()).isEqualTo(ArcResult.PASS);
        assertThat(chain.hops()).extracting(h -> h.algorithm()).containsExactly("rsa-sha256", "ed25519-sha256");
        assertThat(chain.hops().get(1).recordedChainValidation()).isEqualTo(ArcResult.PASS);
    }

    @Test
    void theStoredVerdictIsReusedAndATemporaryOneLeavesTheMailUnsealed() throws Exception {
        FakeMail mail = mail(DkimMessages.signed());
        mail.setAttribute(ArcVerdict.unfinished("DNS down").toAttribute());

        mailet().service(mail);

        assertThat(VERIFIER.verify(bytes(mail)).join().result()).isEqualTo(ArcResult.NONE);
        assertThat(metrics.countFor("mailpolicy_arc_none")).as("not recomputed").isZero();
    }

    @Test
    void badConfigurationFailsAtStartUpNamingWhatIsWrong() throws Exception {
        assertThatThrownBy(() -> mailet("selector", "missing")).hasMessageContaining("<selector>missing</selector> has no key");
        assertThatThrownBy(() -> mailet("domain", "other.example")).hasMessageContaining("<domain>other.example</domain> has no keys");
        Files.createDirectories(keys.resolve("second.example"));
        Files.writeString(keys.resolve("second.example").resolve("s.key"), ED25519.privateKeyPem());
        assertThatThrownBy(() -> mailet()).hasMessageContaining("name the sealing one with <domain>");
        ArcSeal mailet = new ArcSeal(VERIFIER, MailPolicyConfiguration.from(new BaseConfiguration()), DkimSigningKeys.none(), metrics);
        assertThatThrownBy(() -> mailet.init(FakeMailetConfig.builder().mailetName("ArcSeal").build()))
                .hasMessageContaining("ArcSeal has no keys");
    }
}
