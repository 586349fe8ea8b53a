package org.mailpolicy.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mailpolicy.it.harness.JamesServerExtension.PASSWORD;
import static org.mailpolicy.it.harness.JamesServerExtension.USER;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mailpolicy.arc.ArcResult;
import org.mailpolicy.arc.ArcVerification;
import org.mailpolicy.arc.ArcVerifier;
import org.mailpolicy.dkim.DkimKeyGenerator;
import org.mailpolicy.dkim.GeneratedDkimKey;
import org.mailpolicy.dns.InMemoryResolver;
import org.mailpolicy.it.harness.Dkimpy;
import org.mailpolicy.it.harness.JamesServerExtension;
import org.mailpolicy.it.harness.SmtpClient;
import org.mailpolicy.it.harness.SmtpSink;

/**
 * ARC sealing in a real James: the sample configuration with ArcSeal enabled in the relay processor
 * (its ArcVerifier injected by MailPolicyModule). Mail relayed through James leaves (to an SMTP sink on
 * loopback) with an ARC set of our domain that we and dkimpy, an independent implementation (Debian
 * python3-dkim), both validate as a passing chain.
 */
class ArcSealIT {

    private static final GeneratedDkimKey RSA = DkimKeyGenerator.rsa(2048);
    private static final SmtpSink SINK = SmtpSink.start();
    private static final Path KEYS = keyDirectory();

    @RegisterExtension
    static final JamesServerExtension james = JamesServerExtension.builder()
            .zone(StandardServers.EXAMPLE_COM)
            .mailPolicyProperty("dns.servers", "127.0.0.1:${dns.port}")
            .editConf("mailetcontainer.xml", ArcSealIT::sealAndRelayToTheSink)
            .build();

    @AfterAll
    static void stopSink() throws IOException {
        SINK.close();
    }

    @Test
    void rfc8617Section5_1RelayedMailLeavesWithAnArcSetThatValidates() throws Exception {
        String subject = "arc seal " + UUID.randomUUID();
        try (SmtpClient smtp = james.submission().login("client.example.com", USER, PASSWORD)) {
            smtp.sendMail(USER, List.of("someone@example.net"), "From: User <" + USER + ">\r\nTo: someone@example.net\r\nSubject: " + subject
                    + "\r\n\r\nSealed on the way out.\r\n");
        }

        String sent = SINK.awaitMessageContaining(subject, Duration.ofSeconds(30));
        // At the start of a field near the top: javax.mail may move MIME-Version above every field when RemoteDelivery writes the message.
        assertThat("\r\n" + sent).contains("\r\nARC-Seal: a=rsa-sha256;");
        ArcVerification ours = new ArcVerifier(InMemoryResolver.builder()
                .txt("arc._domainkey." + JamesServerExtension.DOMAIN, RSA.dnsRecord()).build())
                .verify(sent.getBytes(StandardCharsets.ISO_8859_1)).join();
        assertThat(ours.result()).as(ours.toString()).isEqualTo(ArcResult.PASS);
        assertThat(ours.hops()).singleElement().satisfies(hop -> {
            assertThat(hop.sealerDomain()).isEqualTo(JamesServerExtension.DOMAIN);
            assertThat(hop.recordedChainValidation()).isEqualTo(ArcResult.NONE);
            assertThat(hop.authenticationResults()).endsWith("arc=none");
        });
        assertThat(dkimpyChainValidation(sent)).isEqualTo("pass");
    }

    private static String dkimpyChainValidation(String message) throws Exception {
        String script = "import dkim, sys\n"
                + "records = {b'arc._domainkey." + JamesServerExtension.DOMAIN + ".': b'" + RSA.dnsRecord() + "'}\n"
                + "def dnsfunc(name, timeout=5):\n"
                + "    return records.get(name if name.endswith(b'.') else name + b'.')\n"
                + "print(dkim.arc_verify(open(sys.argv[1], 'rb').read(), dnsfunc=dnsfunc)[0].decode())\n";
        return Dkimpy.run("dkim", script, message);
    }

    /** Enables the sample's commented ArcSeal in relay with our key directory and domain, and relays to the sink. */
    private static String sealAndRelayToTheSink(String xml) {
        String start = "<mailet match=\"All\" class=\"org.mailpolicy.james.mailets.ArcSeal\">";
        int at = xml.indexOf(start);
        int end = at < 0 ? -1 : xml.indexOf("-->", at);
        String delivery = "<mailet match=\"All\" class=\"RemoteDelivery\">";
        if (end < 0 || !xml.contains(delivery)) {
            throw new IllegalStateException("the sample mailetcontainer.xml no longer shows ArcSeal, commented out, before RemoteDelivery");
        }
        String mailet = xml.substring(at, end)
                .replaceAll("<keyDirectory>[^<]*</keyDirectory>", "<keyDirectory>" + KEYS + "</keyDirectory>")
                .replaceAll("<domain>[^<]*</domain>", "<domain>" + JamesServerExtension.DOMAIN + "</domain>");
        return (xml.substring(0, at) + "-->\n            " + mailet + xml.substring(end + 3))
                .replace(delivery, delivery + "\n                <gateway>127.0.0.1</gateway><gatewayPort>" + SINK.port() + "</gatewayPort>");
    }

    /** <domain>/arc.key, mode 0600, as `mailpolicy dkim keygen` writes it. */
    private static Path keyDirectory() {
        try {
            Path directory = Files.createTempDirectory("arc-keys");
            Path file = Files.createDirectories(directory.resolve(JamesServerExtension.DOMAIN)).resolve("arc.key");
            Files.writeString(file, RSA.privateKeyPem());
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            return directory;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
