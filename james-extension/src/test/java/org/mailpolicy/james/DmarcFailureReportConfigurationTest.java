package org.mailpolicy.james;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.commons.configuration2.BaseConfiguration;
import org.junit.jupiter.api.Test;
import org.mailpolicy.dmarcreport.Redaction;

/** The dmarc.failureReports.* properties: off, redacted and limited by default; a bad value names the key. */
class DmarcFailureReportConfigurationTest {

    private static DmarcFailureReportConfiguration configuration(String... pairs) {
        BaseConfiguration properties = new BaseConfiguration();
        for (int i = 0; i < pairs.length; i += 2) {
            properties.addProperty(pairs[i], pairs[i + 1]);
        }
        return DmarcFailureReportConfiguration.from(properties);
    }

    @Test
    void offByDefaultAndWhenOnRedactedWithAKeyedHashAndRateLimited() {
        DmarcFailureReportConfiguration defaults = configuration();
        assertThat(defaults.enabled()).isFalse();
        assertThat(defaults.redaction().mode()).isEqualTo(Redaction.Mode.HASH);
        assertThat(defaults.randomRedactionKey()).isTrue();
        assertThat(defaults.maxPerDomain()).isEqualTo(10);
        assertThat(defaults.maxPerDestination()).isEqualTo(20);
        assertThat(defaults.maxTotal()).isEqualTo(100);
    }

    @Test
    void theAggregateReportAddressServesWhenNoneIsGiven() {
        DmarcFailureReportConfiguration enabled = configuration("dmarc.failureReports.enabled", "true",
                "dmarc.report.email", "dmarc@Receiver.example");
        assertThat(enabled.email()).isEqualTo("dmarc@Receiver.example");
        assertThat(enabled.domain()).isEqualTo("receiver.example");
        assertThat(configuration("dmarc.failureReports.enabled", "true", "dmarc.report.email", "dmarc@receiver.example",
                "dmarc.failureReports.email", "failures@receiver.example").email()).isEqualTo("failures@receiver.example");
    }

    @Test
    void aConfiguredKeyGivesStableTokensAcrossRestarts() {
        String token = configuration("dmarc.failureReports.redactionKey", "k3y").redaction().redact("alice@example.com");
        assertThat(configuration("dmarc.failureReports.redactionKey", "k3y").redaction().redact("alice@example.com"))
                .isEqualTo(token);
        assertThat(configuration("dmarc.failureReports.redactionKey", "k3y").randomRedactionKey()).isFalse();
        assertThat(configuration("dmarc.failureReports.redaction", "token").redaction().redact("alice@example.com"))
                .isEqualTo("redacted@example.com");
        assertThat(configuration("dmarc.failureReports.redaction", "none").redaction().redact("alice@example.com"))
                .isEqualTo("alice@example.com");
    }

    @Test
    void badValuesNameTheKey() {
        assertThatThrownBy(() -> configuration("dmarc.failureReports.enabled", "true"))
                .hasMessageContaining("dmarc.failureReports.email");
        assertThatThrownBy(() -> configuration("dmarc.failureReports.redaction", "blur"))
                .hasMessageContaining("dmarc.failureReports.redaction=blur").hasMessageContaining("hash, token or none");
        assertThatThrownBy(() -> configuration("dmarc.failureReports.maxPerDomain", "0"))
                .hasMessageContaining("dmarc.failureReports.maxPerDomain");
        assertThatThrownBy(() -> configuration("dmarc.failureReports.enabled", "maybe"))
                .hasMessageContaining("dmarc.failureReports.enabled");
    }
}
