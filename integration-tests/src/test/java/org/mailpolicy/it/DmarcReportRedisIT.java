package org.mailpolicy.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mailpolicy.it.harness.JamesServerExtension.USER;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mailpolicy.it.harness.JamesServerExtension;
import org.mailpolicy.it.harness.MailPolicyCli;
import org.mailpolicy.it.harness.SmtpClient;
import org.mailpolicy.it.harness.Zone;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The Redis report store inside James: DmarcReportCollector records into the Redis every node shares
 * (dmarc.report.store=redis), and {@code mailpolicy report show --redis} lists what waits there. The
 * interval is a day, so nothing is sent while the test runs.
 */
class DmarcReportRedisIT {

    @RegisterExtension
    static final JamesServerExtension james = JamesServerExtension.builder()
            .zone(Zone.primary("sender.example",
                    "@ TXT \"v=spf1 ip4:127.0.0.1 -all\"",
                    "_dmarc TXT \"v=DMARC1; p=none; rua=mailto:dmarc@sender.example\""))
            .withRedis()
            .mailPolicyProperty("dns.servers", "127.0.0.1:${dns.port}")
            .mailPolicyProperty("dmarc.report.enabled", "true")
            .mailPolicyProperty("dmarc.report.email", "dmarc-reports@" + JamesServerExtension.DOMAIN)
            .mailPolicyProperty("dmarc.report.store", "redis")
            .mailPolicyProperty("dmarc.report.redis.uri", "redis://127.0.0.1:${redis.port}")
            .editConf("smtpserver.xml", xml -> xml.replace("<handler class=\"org.mailpolicy.james.smtp.DkimHook\"/>",
                    "<handler class=\"org.mailpolicy.james.smtp.AuthHook\"/>"))
            .build();

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
