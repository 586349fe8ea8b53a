package org.mailpolicy.james;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.apache.commons.configuration2.BaseConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailpolicy.dmarcreport.InMemoryReportStore;
import org.mailpolicy.ratelimit.InMemoryRateLimitStore;
import org.mailpolicy.ratelimit.RedisRateLimitStore;
import org.mailpolicy.dmarcreport.ReportFormat;

/** The dmarc.report.* properties: defaults, and a bad value names the key and what is accepted. */
class DmarcReportConfigurationTest {

    private static DmarcReportConfiguration configuration(String... pairs) {
        BaseConfiguration properties = new BaseConfiguration();
        for (int i = 0; i < pairs.length; i += 2) {
            properties.addProperty(pairs[i], pairs[i + 1]);
        }
        return DmarcReportConfiguration.from(properties, "mx.receiver.example", name -> Path.of(name).toFile());
    }

    @Test
    void offByDefaultWithDailyRfc9990ReportsInMemory() {
        DmarcReportConfiguration defaults = configuration();
        assertThat(defaults.enabled()).isFalse();
        assertThat(defaults.interval()).isEqualTo(Duration.ofDays(1));
        assertThat(defaults.format()).isEqualTo(ReportFormat.RFC9990);
        assertThat(defaults.store()).isInstanceOf(InMemoryReportStore.class);
        assertThat(defaults.snapshot()).isEqualTo("file://var/mailpolicy/dmarc-reports.snapshot");
        assertThat(defaults.maxReportsPerDestination()).isEqualTo(100);
        assertThat(defaults.destinationLimitStore()).as("counted by this node").isInstanceOf(InMemoryRateLimitStore.class);
        assertThat(defaults.redisLease()).isEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void withRedisTheDestinationCapIsCountedInTheReportStoresRedis() throws Exception {
        DmarcReportConfiguration redis = configuration("dmarc.report.store", "redis", "dmarc.report.redis.uri", "redis://127.0.0.1:1",
                "dmarc.report.redis.lease", "2m");
        assertThat(redis.redisLease()).isEqualTo(Duration.ofMinutes(2));
        try (RedisRateLimitStore limits = (RedisRateLimitStore) redis.destinationLimitStore()) {
            assertThat(limits).isNotNull();
        }
    }

    @Test
    void theReportAddressNamesTheSubmitterAndTheOrganizationByDefault() {
        DmarcReportConfiguration enabled = configuration("dmarc.report.enabled", "true", "dmarc.report.email", "dmarc@Receiver.example",
                "dmarc.report.interval", "10s", "dmarc.report.format", "rfc7489");
        assertThat(enabled.reporter().domain()).isEqualTo("receiver.example");
        assertThat(enabled.reporter().orgName()).isEqualTo("Receiver.example");
        assertThat(enabled.interval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(enabled.format()).isEqualTo(ReportFormat.RFC7489);
    }

    @Test
    void suppressionsComeFromThePropertyAndTheFile(@TempDir Path directory) throws Exception {
        Path file = Files.writeString(directory.resolve("suppress.txt"), "# never\nabuse@example.org\n");
        DmarcReportConfiguration configuration = configuration("dmarc.report.suppress", "example.net",
                "dmarc.report.suppressionFile", file.toString());
        assertThat(configuration.suppressions().isSuppressed("sub.example.net")).isTrue();
        assertThat(configuration.suppressions().isSuppressed("abuse@example.org")).isTrue();
        assertThat(configuration.suppressions().isSuppressed("dmarc@example.org")).isFalse();
    }

    @Test
    void badValuesStopTheStartNamingTheKey() {
        assertThatThrownBy(() -> configuration("dmarc.report.enabled", "true"))
                .hasMessageContaining("dmarc.report.email");
        assertThatThrownBy(() -> configuration("dmarc.report.enabled", "yes")).hasMessageContaining("dmarc.report.enabled=yes");
        assertThatThrownBy(() -> configuration("dmarc.report.format", "xml")).hasMessageContaining("rfc9990 or rfc7489");
        assertThatThrownBy(() -> configuration("dmarc.report.store", "redis")).hasMessageContaining("dmarc.report.redis.uri");
        assertThatThrownBy(() -> configuration("dmarc.report.interval", "500ms")).hasMessageContaining("at least 1s");
        assertThatThrownBy(() -> configuration("dmarc.report.redis.lease", "100ms")).hasMessageContaining("dmarc.report.redis.lease");
        assertThatThrownBy(() -> configuration("dmarc.report.maxReportsPerDestination", "0"))
                .hasMessageContaining("dmarc.report.maxReportsPerDestination");
        assertThatThrownBy(() -> configuration("dmarc.report.suppressionFile", "/nonexistent/suppress.txt"))
                .hasMessageContaining("dmarc.report.suppressionFile");
    }
}
