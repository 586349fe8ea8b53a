package org.mailpolicy.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mailpolicy.it.harness.JamesServerExtension.USER;

import java.nio.file.Path;
import java.nio.file.Paths;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mailpolicy.it.harness.JamesServerExtension;
import org.mailpolicy.it.harness.MailPolicyCli;
import org.mailpolicy.it.harness.SmtpClient;

/** Rate limits counted in a real Redis ({@code ratelimit.store=redis}): the same behaviour, and the state is in Redis. */
class RedisRateLimitIT extends AbstractRateLimitIT {

    @RegisterExtension
    static final JamesServerExtension james = StandardServers.withRedisRateLimits();

    @Override
    JamesServerExtension james() {
        return james;
    }

    @Test
    void anAccountsCountersAreInRedis() throws Exception {
        try (SmtpClient smtp = authenticated(USER)) {
            assertThat(smtp.mailFrom(USER).code()).isEqualTo(250);
            assertThat(smtp.rcptTo("counted@example.net").code()).as("%s", smtp.transcript()).isEqualTo(250);
        }

        // RedisRateLimitStore's key: one hash per rule and key, one field per window and dimension.
        assertThat(james.redis().command("HLEN mailpolicy:rl:{submission|user=" + USER + "}"))
                .as("1m and 1d windows, messages and recipients each")
                .isEqualTo(":4");
    }

    @Test
    void theCliShowsAndResetsAKeyInTheSameRedis() throws Exception {
        String redis = "redis://127.0.0.1:" + james.redis().port();
        String[] key = {"--redis", redis, "--rule", "submission", "--key", "user=" + USER};
        assertThat(cli("reset", key).exitCode).isZero();
        try (SmtpClient smtp = authenticated(USER)) {
            assertThat(smtp.mailFrom(USER).code()).isEqualTo(250);
            assertThat(smtp.rcptTo("shown@example.net").code()).as("%s", smtp.transcript()).isEqualTo(250);
        }
        // The rules James runs with, so the CLI shows budgets against the sample's limits; the 1d
        // window, as the 1m one may have refilled on a slow machine before the CLI reads it.
        Path rules = Paths.get(System.getProperty("james.conf.dir"), "mailpolicy.properties");

        MailPolicyCli.Result budgets = cli("show", key, "--rules", rules.toString(), "--json");
        assertThat(budgets.exitCode).as(budgets.err).isZero();
        assertThat(budgets.out.replaceAll("\\s+", ""))
                .contains("\"rule\":\"submission\",\"key\":\"user=" + USER + "\",\"limitedCount\":0")
                .contains("{\"window\":\"1d\",\"dimension\":\"recipients\",\"limit\":2000,\"remaining\":1999,\"retryAfterMillis\":0}");
        MailPolicyCli.Result raw = cli("show", key);
        assertThat(raw.out).as(raw.err).startsWith("submission user=" + USER + ": refused 0 times").contains("1d:recipients recovers fully in ");

        MailPolicyCli.Result reset = cli("reset", key, "--json");
        assertThat(reset.out.replaceAll("\\s+", "")).contains("\"reset\":true");
        assertThat(cli("show", key).out).startsWith("submission user=" + USER + ": no state (full budget)");
        MailPolicyCli.Result top = cli("top", new String[] {"--redis", redis, "--json"});
        assertThat(top.exitCode).as(top.err).isZero();
        assertThat(top.out).contains("\"keys\" : [");
    }

    @Test
    void theCliSaysWhenRedisDoesNotAnswer() throws Exception {
        MailPolicyCli.Result down = cli("show", new String[] {"--redis", "redis://127.0.0.1:1", "--rule", "submission", "--key", "user=x",
                "--timeout", "200"});
        assertThat(down.exitCode).isEqualTo(1);
        assertThat(down.err).startsWith("mailpolicy ratelimit: Redis: ");
    }

    private static MailPolicyCli.Result cli(String command, String[] options, String... more) throws Exception {
        String[] args = new String[2 + options.length + more.length];
        args[0] = "ratelimit";
        args[1] = command;
        System.arraycopy(options, 0, args, 2, options.length);
        System.arraycopy(more, 0, args, 2 + options.length, more.length);
        return MailPolicyCli.run(args);
    }
}
