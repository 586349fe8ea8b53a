package org.mailpolicy.james;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.apache.commons.configuration2.BaseConfiguration;
import org.junit.jupiter.api.Test;

class MailPolicyConfigurationDkimTest {

    private static MailPolicyConfiguration with(String key, String value) {
        BaseConfiguration properties = new BaseConfiguration();
        properties.addProperty("authservId", "mx.example.org");
        if (key != null) {
            properties.addProperty(key, value);
        }
        return MailPolicyConfiguration.from(properties);
    }

    @Test
    void defaultsFollowRfc8301AndRfc6376() {
        MailPolicyConfiguration configuration = with(null, null);
        assertThat(configuration.dkimMaxSignatures()).isEqualTo(5);
        assertThat(configuration.dkimAllowRsaSha1()).isFalse();
        assertThat(configuration.dkimHonourLengthTag()).isFalse();
        assertThat(configuration.dkimClockSkew()).isEqualTo(Duration.ofMinutes(5));
        assertThat(configuration.dkimTimeout()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void eachKeyIsRead() {
        assertThat(with("dkim.maxSignatures", "2").dkimMaxSignatures()).isEqualTo(2);
        assertThat(with("dkim.allowRsaSha1", "true").dkimAllowRsaSha1()).isTrue();
        assertThat(with("dkim.honourLengthTag", "TRUE").dkimHonourLengthTag()).isTrue();
        assertThat(with("dkim.clockSkew", "30s").dkimClockSkew()).isEqualTo(Duration.ofSeconds(30));
        assertThat(with("dkim.timeout", "3s").dkimTimeout()).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void aBadValueNamesTheKeyAndWhatIsAccepted() {
        assertThatThrownBy(() -> with("dkim.allowRsaSha1", "yes"))
                .hasMessage("mailpolicy.properties: dkim.allowRsaSha1=yes is not valid; expected true or false");
        assertThatThrownBy(() -> with("dkim.maxSignatures", "0"))
                .hasMessageContaining("dkim.maxSignatures=0").hasMessageContaining("a positive whole number");
        assertThatThrownBy(() -> with("dkim.clockSkew", "five minutes"))
                .hasMessageContaining("dkim.clockSkew=five minutes");
    }
}
