package org.mailpolicy.james;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.apache.commons.configuration2.BaseConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailpolicy.dmarc.DmarcMode;

class DmarcConfigurationTest {

    private static DmarcConfiguration with(String... keyValues) {
        BaseConfiguration properties = new BaseConfiguration();
        for (int i = 0; i < keyValues.length; i += 2) {
            properties.addProperty(keyValues[i], keyValues[i + 1]);
        }
        return DmarcConfiguration.from(properties);
    }

    @Test
    void defaultsAreRfc9989TempfailAndTenSeconds() {
        DmarcConfiguration configuration = with();
        assertThat(configuration.options().mode()).isEqualTo(DmarcMode.RFC9989);
        assertThat(configuration.dnsFailure()).isEqualTo(DmarcConfiguration.DnsFailure.TEMPFAIL);
        assertThat(configuration.timeout()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void eachKeyIsRead(@TempDir Path dir) throws Exception {
        Path psl = dir.resolve("psl.dat");
        Files.writeString(psl, "com\n");
        DmarcConfiguration configuration = with("dmarc.mode", "RFC7489", "dmarc.dnsFailure", "accept", "dmarc.timeout", "3s",
                "dmarc.publicSuffixList", psl.toString(), "dmarc.trustedForwarders", "192.0.2.0/24, 2001:db8::/32",
                "dmarc.trustedArcSealers", "arc.example", "dmarc.allowedSenders", "a@b.example");
        assertThat(configuration.options().mode()).isEqualTo(DmarcMode.RFC7489);
        assertThat(configuration.dnsFailure()).isEqualTo(DmarcConfiguration.DnsFailure.ACCEPT);
        assertThat(configuration.timeout()).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void badValuesNameTheFileTheKeyAndWhatIsAccepted(@TempDir Path dir) {
        assertThatThrownBy(() -> with("dmarc.mode", "rfc7208")).hasMessageContaining("mailpolicy.properties: dmarc.mode=rfc7208")
                .hasMessageContaining("rfc9989 or rfc7489");
        assertThatThrownBy(() -> with("dmarc.dnsFailure", "ignore")).hasMessageContaining("dmarc.dnsFailure=ignore");
        assertThatThrownBy(() -> with("dmarc.trustedForwarders", "192.0.2.0/33")).hasMessageContaining("dmarc.trustedForwarders=192.0.2.0/33");
        assertThatThrownBy(() -> with("dmarc.publicSuffixList", dir.resolve("missing.dat").toString()))
                .hasMessageContaining("dmarc.publicSuffixList=");
        assertThatThrownBy(() -> with("dmarc.timeout", "soon")).hasMessageContaining("dmarc.timeout=soon");
    }
}
