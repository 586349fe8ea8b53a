package org.mailpolicy.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mailpolicy.it.harness.JamesServerExtension.USER;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mailpolicy.dmarcreport.PolicyPublished;
import org.mailpolicy.dmarcreport.RedisReportStore;
import org.mailpolicy.dmarcreport.ReportInterval;
import org.mailpolicy.dmarcreport.ReportKey;
import org.mailpolicy.dmarcreport.ReportRow;
import org.mailpolicy.it.harness.JamesServerExtension;
import org.mailpolicy.it.harness.MailPolicyCli;
import org.mailpolicy.it.harness.SmtpClient;
import org.mailpolicy.it.harness.Zone;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The Redis report store inside James: DmarcReportCollector records into the Redis every node shares
 * (dmarc.report.store=redis), and {@code mailpolicy report show --redis} lists what waits there. The
 * interval is a day, so what James records is not sent while the test runs; reports of ended intervals are
 * put into Redis by the test, as another node would have recorded them.
 */
class DmarcReportRedisIT {

    @RegisterExtension
    static final JamesServerExtension james = JamesServerExtension.builder()
            .zone(Zone.primary("sender.example",
                    "@ TXT \"v=spf1 ip4:127.0.0.1 -all\"",
                    "_dmarc TXT \"v=DMARC1; p=none; rua=mailto:dmarc@sender.example\"",
                    "_dmarc.lists TXT \"v=DMARC1; p=none; rua=mailto:dmarc@sender.example\""))
            // The top of the RFC 9989 tree walk (_dmarc.example): NXDOMAIN, as on the internet, not REFUSED.
            .zone(Zone.primary("example"))
            .withRedis()
            .mailPolicyProperty("dns.servers", "127.0.0.1:${dns.port}")
            .mailPolicyProperty("dmarc.report.enabled", "true")
            .mailPolicyProperty("dmarc.report.email", "dmarc-reports@" + JamesServerExtension.DOMAIN)
            .mailPolicyProperty("dmarc.report.store", "redis")
            .mailPolicyProperty("dmarc.report.redis.uri", "redis://127.0.0.1:${redis.port}")
            .mailPolicyProperty("dmarc.report.maxReportsPerDestination", "1")
            .editConf("smtpserver.xml", xml -> xml.replace("<handler class=\"org.mailpolicy.james.smtp.DkimHook\"/>",
                    "<handler class=\"org.mailpolicy.james.smtp.AuthHook\"/>"))
            .build();

    /**
     * The cap of one report per destination is counted in Redis, not in the node: after James sent one
     * report to dmarc@sender.example it restarts, a fresh process with no memory of it, as a second node
     * would be, and refuses the next report to that address. The first report also shows RFC 9990 §4 by
     * Organizational Domain: lists.sender.example's rua at sender.example needs no consent record, both
     * being sender.example by the RFC 9989 tree walk.
     */
    @Test
    void theDestinationCapIsSharedThroughRedisAndSameOrganizationNeedsNoConsent() throws Exception {
        Instant now = Instant.now();
        ReportKey yesterday = seed("lists.sender.example", now.minus(Duration.ofDays(1)));
        awaitLog("DMARC report sent: ", "!lists.sender.example!" + yesterday.interval().begin().getEpochSecond() + "!");

        james.restartJames();
        ReportKey twoDaysAgo = seed("sender.example", now.minus(Duration.ofDays(2)));
        awaitLog("not sent: ", "dmarc@sender.example already had 1 reports this interval");
        String refused = "!sender.example!" + twoDaysAgo.interval().begin().getEpochSecond() + "!";
        assertThat(james.jamesLogTail(100_000).lines().filter(line -> line.contains("DMARC report sent: ") && line.contains(refused)))
                .as("the restarted node, finding the count in Redis, did not send it").isEmpty();
        try (RedisReportStore redis = RedisReportStore.connect(james.redis().uri(), Duration.ofSeconds(2), 100)) {
            assertThat(redis.due(now)).as("both reports were dealt with and acknowledged").isEmpty();
        }
    }

    /** Rows of an ended interval about {@code domain}, as a node records them. */
    private static ReportKey seed(String domain, Instant during) throws Exception {
        ReportRow row = ReportRow.builder(domain, ReportInterval.containing(during, ReportInterval.DAILY),
                PolicyPublished.builder(domain).p("none").build())
                .sourceIp(InetAddress.getByName("192.0.2.1")).headerFrom(domain).disposition("none").aligned(false, false).build();
        try (RedisReportStore redis = RedisReportStore.connect(james.redis().uri(), Duration.ofSeconds(2), 100)) {
            assertThat(redis.add(row)).isTrue();
        }
        return row.key();
    }

    /** Waits for a log line holding both texts; the reporter runs each minute with a daily interval. */
    private static void awaitLog(String first, String second) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(150).toNanos();
        while (System.nanoTime() < deadline) {
            if (james.jamesLogTail(100_000).lines().anyMatch(line -> line.contains(first) && line.contains(second))) {
                return;
            }
            Thread.sleep(1000);
        }
        throw new AssertionError("no log line with \"" + first + "\" and \"" + second + "\":\n" + james.jamesLogTail(200));
    }

    @Test
    void rowsRecordedByJamesWaitInRedisAndReportShowListsThem() throws Exception {
        for (int i = 0; i < 3; i++) {
            try (SmtpClient smtp = james.smtp()) {
                smtp.ehlo("client.sender.example");
                assertThat(smtp.mailFrom("sender@sender.example").code()).as("%s", smtp.transcript()).isEqualTo(250);
                assertThat(smtp.rcptTo(USER).code()).as("%s", smtp.transcript()).isEqualTo(250);
                assertThat(smtp.data("From: sender@sender.example\r\nTo: " + USER + "\r\nSubject: redis " + UUID.randomUUID()
                        + "\r\n\r\nHello.\r\n").code()).as("%s", smtp.transcript()).isEqualTo(250);
            }
        }
        long deadline = System.nanoTime() + 30_000_000_000L;
        long messages = 0;
        Map<?, ?> first = Map.of();
        while (messages < 3 && System.nanoTime() < deadline) {
            MailPolicyCli.Result show = MailPolicyCli.run("report", "show", "--redis", james.redis().uri(), "--json");
            assertThat(show.exitCode).as(show.err).isZero();
            List<?> reports = (List<?>) new ObjectMapper().readValue(show.out, Map.class).get("reports");
            if (!reports.isEmpty()) {
                first = (Map<?, ?>) reports.get(0);
                messages = ((Number) first.get("messages")).longValue();
            }
            Thread.sleep(500);
        }
        assertThat(messages).isEqualTo(3);
        assertThat(first.get("domain")).isEqualTo("sender.example");
        Map<?, ?> record = (Map<?, ?>) ((List<?>) first.get("records")).get(0);
        assertThat(record.get("sourceIp")).isEqualTo("127.0.0.1");
        assertThat(record.get("spf")).isEqualTo("pass");
    }
}
