package org.mailpolicy.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mailpolicy.it.StandardServers.ADMINISTERED_USER;
import static org.mailpolicy.it.StandardServers.RATE_LIMITED_USER;
import static org.mailpolicy.it.harness.JamesServerExtension.PASSWORD;
import static org.mailpolicy.it.harness.JamesServerExtension.USER;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.mailpolicy.it.harness.JamesServerExtension;
import org.mailpolicy.it.harness.SmtpClient;
import org.mailpolicy.it.harness.WebAdmin;

/**
 * The sample's RateLimitHook on the submission server, with the sample's per-user rule lowered
 * to 2 recipients a day for {@link StandardServers#RATE_LIMITED_USER}; run once per store.
 */
abstract class AbstractRateLimitIT {

    abstract JamesServerExtension james();

    @Test
    void theRecipientOverTheLimitIsDeferredAndTheMailBeforeItDelivered() throws Exception {
        try (SmtpClient smtp = authenticated()) {
            assertThat(smtp.mailFrom(RATE_LIMITED_USER).code()).isEqualTo(250);
            assertThat(smtp.rcptTo(RATE_LIMITED_USER).code()).as("%s", smtp.transcript()).isEqualTo(250);
            assertThat(smtp.rcptTo(USER).code()).as("%s", smtp.transcript()).isEqualTo(250);

            assertThat(smtp.rcptTo("postmaster@" + JamesServerExtension.DOMAIN).text())
                    .as("%s", smtp.transcript())
                    .startsWith("451 4.7.1 Exceeded the rate limit submission: 2 recipients per 1d for user=" + RATE_LIMITED_USER
                            + "; try again in ");
            assertThat(smtp.data("From: " + RATE_LIMITED_USER + "\nTo: " + USER + "\nSubject: before the limit\n\nhello\n").code())
                    .as("%s", smtp.transcript())
                    .isEqualTo(250);

            assertThat(smtp.mailFrom(RATE_LIMITED_USER).code()).isEqualTo(250);
            assertThat(smtp.rcptTo(USER).text()).as("the next transaction: %s", smtp.transcript()).startsWith("451 4.7.1 ");
        }

        List<String> inbox = james().imap().awaitInbox(RATE_LIMITED_USER, PASSWORD, 1, Duration.ofSeconds(10));
        assertThat(inbox).hasSize(1);
        assertThat(inbox.get(0)).contains("Subject: before the limit");
    }

    @Test
    void otherAccountsKeepTheSampleLimits() throws Exception {
        try (SmtpClient smtp = authenticated(USER)) {
            assertThat(smtp.mailFrom(USER).code()).isEqualTo(250);
            for (int i = 0; i < 3; i++) {
                assertThat(smtp.rcptTo("someone" + i + "@example.net").code()).as("%s", smtp.transcript()).isEqualTo(250);
            }
        }
    }

    @Test
    void webAdminReadsListsAndResetsALimitedKey() throws Exception {
        String key = "user=" + ADMINISTERED_USER;
        String path = "/mailpolicy/ratelimit/submission/" + WebAdmin.encode(key);
        try (SmtpClient smtp = authenticated(ADMINISTERED_USER)) {
            assertThat(smtp.mailFrom(ADMINISTERED_USER).code()).isEqualTo(250);
            assertThat(smtp.rcptTo(USER).code()).as("%s", smtp.transcript()).isEqualTo(250);
            assertThat(smtp.rcptTo("postmaster@" + JamesServerExtension.DOMAIN).code()).as("%s", smtp.transcript()).isEqualTo(451);
        }
        WebAdmin webAdmin = james().webAdmin();

        assertThat(compact(webAdmin.get(path)))
                .startsWith("{\"rule\":\"submission\",\"key\":\"" + key + "\",\"limitedCount\":1,")
                .contains("{\"window\":\"1d\",\"dimension\":\"recipients\",\"limit\":1,\"remaining\":0,");
        assertThat(compact(webAdmin.get("/mailpolicy/ratelimit?limit=1000")))
                .contains("{\"rule\":\"submission\",\"key\":\"" + key + "\",\"limitedCount\":1}");
        assertThat(compact(webAdmin.get("/mailpolicy/ratelimit/submission?key=" + WebAdmin.encode(key))))
                .as("the ?key= form, for keys holding a slash")
                .contains("\"limitedCount\":1,");

        webAdmin.delete(path);

        assertThat(compact(webAdmin.get(path)))
                .contains("\"limitedCount\":0,")
                .contains("{\"window\":\"1d\",\"dimension\":\"recipients\",\"limit\":1,\"remaining\":1,");
        assertThat(compact(webAdmin.get("/mailpolicy/ratelimit?limit=1000"))).doesNotContain(key);
        try (SmtpClient smtp = authenticated(ADMINISTERED_USER)) {
            assertThat(smtp.mailFrom(ADMINISTERED_USER).code()).isEqualTo(250);
            assertThat(smtp.rcptTo(USER).code()).as("after the reset: %s", smtp.transcript()).isEqualTo(250);
        }
        assertThat(webAdmin.status("/mailpolicy/ratelimit/nosuchrule/" + WebAdmin.encode(key))).isEqualTo(404);
        assertThat(webAdmin.status("/mailpolicy/ratelimit?limit=0")).isEqualTo(400);
    }

    private static String compact(String json) {
        return json.replaceAll("\\s+", "");
    }

    private SmtpClient authenticated() throws Exception {
        return authenticated(RATE_LIMITED_USER);
    }

    SmtpClient authenticated(String user) throws Exception {
        return james().submission().login("client.example.com", user, PASSWORD);
    }
}
