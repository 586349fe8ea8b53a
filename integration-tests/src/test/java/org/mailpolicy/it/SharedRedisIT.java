package org.mailpolicy.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mailpolicy.it.StandardServers.SHARED_USER;
import static org.mailpolicy.it.StandardServers.STRICT_USER;
import static org.mailpolicy.it.harness.JamesServerExtension.PASSWORD;
import static org.mailpolicy.it.harness.JamesServerExtension.USER;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mailpolicy.it.harness.JamesServerExtension;
import org.mailpolicy.it.harness.Pause;
import org.mailpolicy.it.harness.SmtpClient;
import org.mailpolicy.it.harness.SmtpReply;

/**
 * Issue 6 acceptance against real processes: two James nodes sharing one Redis enforce one limit
 * together; Redis killed mid-run makes a fail-open rule accept and a fail-closed rule answer
 * {@code 451 4.3.0}, each within the store's timeout, and both recover when Redis returns, with
 * no accepted mail lost.
 */
class SharedRedisIT {

    /** ratelimit.redis.timeout is 50 ms; the rest is SMTP over loopback on a busy 2-core machine. */
    private static final Duration REPLY_BOUND = Duration.ofSeconds(2);

    @RegisterExtension
    static final JamesServerExtension james = StandardServers.withRedisAndAFailClosedRule();

    @Test
    void twoJamesNodesSharingOneRedisEnforceOneLimitTogether() throws Exception {
        try (JamesServerExtension.Peer peer = james.startPeer()) {
            int accepted = 0;
            for (int i = 0; i < 6; i++) {
                // alternate the nodes: each sees only some of the recipients, Redis sees them all
                try (SmtpClient smtp = authenticated(i % 2 == 0 ? james.submission() : peer.submission(), SHARED_USER)) {
                    assertThat(smtp.mailFrom(SHARED_USER).code()).isEqualTo(250);
                    SmtpReply reply = smtp.rcptTo("shared" + i + "@example.net");
                    if (reply.code() == 250) {
                        accepted++;
                    } else {
                        assertThat(reply.text()).as("node %d: %s", i % 2, smtp.transcript()).startsWith("451 4.7.1 ");
                    }
                }
            }
            assertThat(accepted).as("the override's 3 recipients a day, across both nodes").isEqualTo(3);
        }
    }

    @Test
    void redisKilledMidRunFailOpenAcceptsFailClosedTempfailsAndBothRecover() throws Exception {
        try (SmtpClient open = authenticated(james.submission(), USER);
                SmtpClient closed = authenticated(james.submission(), STRICT_USER)) {
            assertThat(open.mailFrom(USER).code()).isEqualTo(250);
            assertThat(open.rcptTo(USER).code()).as("%s", open.transcript()).isEqualTo(250);
            assertThat(closed.mailFrom(STRICT_USER).code()).isEqualTo(250);
            assertThat(closed.rcptTo(USER).code()).as("%s", closed.transcript()).isEqualTo(250);

            james.redis().stop();
            try {
                SmtpReply failOpen = timed(() -> rcpt(open, STRICT_USER));
                assertThat(failOpen.code()).as("fail-open: %s", open.transcript()).isEqualTo(250);
                SmtpReply failClosed = timed(() -> rcpt(closed, SHARED_USER));
                assertThat(failClosed.text()).as("fail-closed: %s", closed.transcript()).startsWith("451 4.3.0 ");
                assertThat(open.data("From: " + USER + "\nTo: " + USER + "\nSubject: during the outage\n\nhello\n").code())
                        .as("%s", open.transcript()).isEqualTo(250);
            } finally {
                james.redis().restart();
            }

            assertThat(recovers(() -> rcpt(closed, SHARED_USER)))
                    .as("fail-closed accepts again once Redis is back: %s", closed.transcript()).isTrue();
        }
        List<String> inbox = james.imap().awaitInbox(USER, PASSWORD, 1, Duration.ofSeconds(10));
        assertThat(inbox).as("the mail accepted during the outage is delivered")
                .anyMatch(message -> message.contains("Subject: during the outage"));
    }

    private static SmtpReply rcpt(SmtpClient smtp, String recipient) {
        try {
            return smtp.rcptTo(recipient);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static SmtpReply timed(Supplier<SmtpReply> command) {
        long start = System.nanoTime();
        SmtpReply reply = command.get();
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(took).as("no SMTP thread waits on a dead Redis").isLessThan(REPLY_BOUND);
        return reply;
    }

    /** Redis is back within a few seconds: the store reconnects at most once a second. */
    private static boolean recovers(Supplier<SmtpReply> command) {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < deadline) {
            if (command.get().code() == 250) {
                return true;
            }
            Pause.millis(250);
        }
        return false;
    }

    private static SmtpClient authenticated(SmtpClient smtp, String user) throws Exception {
        return smtp.login("client.example.com", user, PASSWORD);
    }
}
