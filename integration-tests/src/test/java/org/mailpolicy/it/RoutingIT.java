package org.mailpolicy.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mailpolicy.it.harness.JamesServerExtension.PASSWORD;
import static org.mailpolicy.it.harness.JamesServerExtension.USER;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mailpolicy.it.harness.FreePorts;
import org.mailpolicy.it.harness.JamesServerExtension;
import org.mailpolicy.it.harness.NsdServer;
import org.mailpolicy.it.harness.SmtpClient;
import org.mailpolicy.it.harness.SmtpSink;
import org.mailpolicy.it.harness.Zone;

/**
 * Outbound routing in a real James: NextHopRoute in the relay processor in place of RemoteDelivery,
 * a routing table in a file, real SMTP receivers on loopback, and MX records served to James's
 * own DNSService by an NSD on 127.0.0.153:53. One James for the whole class.
 */
class RoutingIT {

    private static final Path WORK = workDirectory();
    private static final String SECRET = "t0p-s3cret-relay-pa55";
    private static final Duration ARRIVAL = Duration.ofSeconds(40);

    /** James's DNSService asks port 53 only: an address of 127.0.0.0/8 of our own. */
    private static final String DNS_ADDRESS = "127.0.0.153";
    private static final NsdServer JAMES_DNS = jamesDns();

    private static final SmtpSink RELAY_A = SmtpSink.start();
    private static final SmtpSink RELAY_B = SmtpSink.builder().auth().start();
    private static final SmtpSink FALLBACK = SmtpSink.start();
    private static final SmtpSink RELOADED = SmtpSink.start();
    /** STARTTLS with a self-signed certificate: one receiver for the verify route, one for the encrypt route. */
    private static final SmtpSink UNTRUSTED = SmtpSink.builder().startTls(WORK).start();
    private static final SmtpSink UNTRUSTED_ENCRYPT = SmtpSink.builder().startTls(WORK).start();
    /** The MX host of direct.example (MX mx.direct.example, A 127.0.0.121). */
    private static final SmtpSink DIRECT_MX = SmtpSink.builder().on("127.0.0.121", 25).start();
    /** The MX host of gw.partner.example, where mx:gw.partner.example sends partner.example's mail. */
    private static final SmtpSink PARTNER_MX = SmtpSink.builder().on("127.0.0.122", 25).start();
    private static final int DEAD_PORT = FreePorts.tcp();
    private static final int LATE_PORT = FreePorts.tcp();

    private static final Path TABLE = WORK.resolve("routes.conf");
    private static final Path SECRETS = writeSecrets();

    @RegisterExtension
    static final JamesServerExtension james = JamesServerExtension.builder()
            .mailPolicyProperty("routing.table", writeTable(table("[127.0.0.1]:" + RELAY_A.port())).toString())
            .mailPolicyProperty("routing.secrets", "file://" + SECRETS)
            .confFile("dnsservice.xml", "<?xml version=\"1.0\"?>\n<dnsservice>\n    <autodiscover>false</autodiscover>\n"
                    + "    <servers><server>" + DNS_ADDRESS + "</server></servers>\n"
                    + "    <setAsDNSJavaDefault>false</setAsDNSJavaDefault>\n    <authoritative>false</authoritative>\n"
                    + "    <maxcachesize>50000</maxcachesize>\n</dnsservice>\n")
            .editConf("mailetcontainer.xml", RoutingIT::routeInsteadOfRemoteDelivery)
            .build();

    private static String table(String reloadRelay) {
        return "# RoutingIT\n"
                + "[recipient]\n"
                + "relay-a.example   relay:[127.0.0.1]:" + RELAY_A.port() + " name=relay-a\n"
                + "relay-b.example   relay:[127.0.0.1]:" + RELAY_B.port() + " auth=b name=relay-b\n"
                + "failover.example  relay:[127.0.0.1]:" + DEAD_PORT + ", [127.0.0.1]:" + FALLBACK.port() + " name=failover\n"
                + "late.example      relay:[127.0.0.1]:" + LATE_PORT + " name=late\n"
                + "direct.example    direct\n"
                + "partner.example   mx:gw.partner.example\n"
                + "verify.example    relay:[127.0.0.1]:" + UNTRUSTED.port() + " tls=verify name=verified\n"
                + "encrypt.example   relay:[127.0.0.1]:" + UNTRUSTED_ENCRYPT.port() + " tls=encrypt name=encrypted\n"
                + "reload.example    relay:" + reloadRelay + " name=reload\n"
                + "refused.example   error:5.7.1 We do not send mail to refused.example\n";
    }

    @AfterAll
    static void stopReceivers() throws IOException {
        for (SmtpSink sink : List.of(RELAY_A, RELAY_B, FALLBACK, RELOADED, UNTRUSTED, UNTRUSTED_ENCRYPT, DIRECT_MX, PARTNER_MX)) {
            sink.close();
        }
        JAMES_DNS.close();
    }

    @Test
    void recipientsSplitAcrossTwoRelaysDirectMxAndAnMxOverrideArriveWhereTheTableSaysEachExactlyOnce() throws Exception {
        String subject = "split " + UUID.randomUUID();
        submit(subject, "a@relay-a.example", "b@relay-b.example", "c@direct.example", "d@partner.example", "a2@relay-a.example");

        assertThat(RELAY_A.awaitSessionWithMessageContaining(subject, ARRIVAL).recipients())
                .containsExactlyInAnyOrder("a@relay-a.example", "a2@relay-a.example");
        assertThat(RELAY_B.awaitSessionWithMessageContaining(subject, ARRIVAL).recipients()).containsExactly("b@relay-b.example");
        assertThat(DIRECT_MX.awaitSessionWithMessageContaining(subject, ARRIVAL).recipients()).containsExactly("c@direct.example");
        assertThat(PARTNER_MX.awaitSessionWithMessageContaining(subject, ARRIVAL).recipients()).containsExactly("d@partner.example");
        Thread.sleep(2000);
        for (SmtpSink sink : List.of(RELAY_A, RELAY_B, DIRECT_MX, PARTNER_MX)) {
            assertThat(sink.sessionsWithMessageContaining(subject)).as("exactly once at port %s", sink.port()).hasSize(1);
        }
        assertThat(FALLBACK.sessionsWithMessageContaining(subject)).isEmpty();
    }

    @Test
    void whenTheFirstRelayOfTheListIsDownTheSecondReceivesTheMail() throws Exception {
        String subject = "failover " + UUID.randomUUID();
        submit(subject, "f@failover.example");
        assertThat(FALLBACK.awaitSessionWithMessageContaining(subject, ARRIVAL).recipients()).containsExactly("f@failover.example");
    }

    @Test
    void aRouteWithCredentialsAuthenticatesAndTheSecretIsInNoLog() throws Exception {
        String subject = "auth " + UUID.randomUUID();
        submit(subject, "auth@relay-b.example");
        SmtpSink.Session session = RELAY_B.awaitSessionWithMessageContaining(subject, ARRIVAL);
        assertThat(session.authUser()).isEqualTo("relay-user@example.com");
        assertThat(session.authPassword()).isEqualTo(SECRET);
        assertThat(james.jamesLogTail(100_000)).contains("relay-b").doesNotContain(SECRET);
    }

    @Test
    void aVerifyRouteToAReceiverWithAnUntrustedCertificateDefersTheMailAndNeverSendsItInClear() throws Exception {
        String subject = "verify " + UUID.randomUUID();
        submit(subject, "v@verify.example");
        long deadline = System.nanoTime() + ARRIVAL.toNanos();
        while (UNTRUSTED.sessions().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        Thread.sleep(3000);
        assertThat(UNTRUSTED.sessions()).as("James tried").isNotEmpty();
        assertThat(UNTRUSTED.sessions()).as("no session got past STARTTLS: nothing sent, in clear or otherwise")
                .allSatisfy(s -> {
                    assertThat(s.tls()).as("handshake refused").isFalse();
                    assertThat(s.mailFrom()).isNull();
                    assertThat(s.message()).isNull();
                });
        assertThat(james.webAdmin().mailQueueSize("outgoing-route-verified")).as("deferred, still queued").isEqualTo(1);
    }

    @Test
    void anEncryptRouteToTheSameReceiverDeliversOverTls() throws Exception {
        String subject = "encrypt " + UUID.randomUUID();
        submit(subject, "e@encrypt.example");
        SmtpSink.Session session = UNTRUSTED_ENCRYPT.awaitSessionWithMessageContaining(subject, ARRIVAL);
        assertThat(session.tls()).isTrue();
    }

    @Test
    void mailToARouteWhoseRelayIsDownStaysQueuedAndLeavesWhenItComesBack() throws Exception {
        String subject = "late " + UUID.randomUUID();
        submit(subject, "l@late.example");
        Thread.sleep(3000);
        assertThat(james.webAdmin().mailQueueSize("outgoing-route-late")).isEqualTo(1);
        try (SmtpSink late = SmtpSink.builder().on("127.0.0.1", LATE_PORT).start()) {
            assertThat(late.awaitSessionWithMessageContaining(subject, Duration.ofSeconds(60)).recipients()).containsExactly("l@late.example");
        }
    }

    @Test
    void editingTheTableReRoutesTheNextMailWithoutARestart() throws Exception {
        String first = "before reload " + UUID.randomUUID();
        submit(first, "r@reload.example");
        RELAY_A.awaitSessionWithMessageContaining(first, ARRIVAL);

        writeTable(table("[127.0.0.1]:" + RELOADED.port()));
        Files.setLastModifiedTime(TABLE, FileTime.from(Instant.now().plusSeconds(2)));
        String second = "after reload " + UUID.randomUUID();
        submit(second, "r@reload.example");
        assertThat(RELOADED.awaitSessionWithMessageContaining(second, ARRIVAL).recipients()).containsExactly("r@reload.example");
        assertThat(RELAY_A.sessionsWithMessageContaining(second)).isEmpty();
    }

    @Test
    void webAdminExplainsARouteAsTheCommandLineDoes() throws Exception {
        String json = james.webAdmin().get("/mailpolicy/routes/explain?recipient=x@failover.example&sender=" + USER);
        assertThat(json).contains("\"origin\":\"recipient\"", "\"matchedKey\":\"failover.example\"", "\"name\":\"failover\"",
                "\"lineText\":\"failover.example");
    }

    private static void submit(String subject, String... recipients) throws IOException {
        try (SmtpClient smtp = james.submission().login("client.example.com", USER, PASSWORD)) {
            smtp.sendMail(USER, List.of(recipients), "From: " + USER + "\r\nTo: " + String.join(", ", recipients) + "\r\nSubject: " + subject
                    + "\r\n\r\nRouted.\r\n");
        }
    }

    /** The sample delivers with RemoteDelivery in relay; NextHopRoute takes its place, with quick retries. */
    private static String routeInsteadOfRemoteDelivery(String xml) {
        int start = xml.indexOf("<mailet match=\"All\" class=\"RemoteDelivery\">");
        int end = start < 0 ? -1 : xml.indexOf("</mailet>", start);
        if (end < 0) {
            throw new IllegalStateException("the sample mailetcontainer.xml no longer delivers with RemoteDelivery in relay");
        }
        return xml.substring(0, start)
                + "<mailet match=\"All\" class=\"org.mailpolicy.james.mailets.NextHopRoute\">\n"
                + "                <delayTime>2000, 2000, 2000, 2000, 2000</delayTime>\n"
                + "                <maxRetries>30</maxRetries>\n"
                + "                <connectiontimeout>5000</connectiontimeout>\n"
                + "                <sendpartial>true</sendpartial>\n"
                + "            </mailet>"
                + xml.substring(end + "</mailet>".length());
    }

    private static NsdServer jamesDns() {
        try {
            return NsdServer.start(List.of(
                    Zone.primary("direct.example", "@ MX 10 mx.direct.example.", "mx A 127.0.0.121"),
                    Zone.primary("partner.example", "gw MX 10 mx.gw.partner.example.", "mx.gw A 127.0.0.122")),
                    WORK.resolve("james-dns"), DNS_ADDRESS, 53);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path writeTable(String content) {
        try {
            Files.writeString(TABLE, content);
            return TABLE;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path writeSecrets() {
        try {
            Path secrets = WORK.resolve("routes.secrets");
            Files.writeString(secrets, "b = relay-user@example.com:" + SECRET + "\n");
            return secrets;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path workDirectory() {
        try {
            return Files.createTempDirectory("routing-it");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
