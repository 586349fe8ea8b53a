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
import org.mailpolicy.dkim.DkimKeyGenerator;
import org.mailpolicy.dkim.GeneratedDkimKey;
import org.mailpolicy.it.harness.Dkimpy;
import org.mailpolicy.it.harness.JamesServerExtension;
import org.mailpolicy.it.harness.SmtpClient;
import org.mailpolicy.it.harness.SmtpSink;

/**
 * Outbound signing on the sample configuration with DkimSign enabled in the relay processor: a
 * message submitted by an authenticated user leaves James (to an SMTP sink on loopback) with an
 * RSA-2048 and an Ed25519 signature of the From domain, and dkimpy, an independent
 * implementation (Debian python3-dkim), verifies both. The RSA key comes from DkimSign's key
 * directory, the Ed25519 key from mailpolicy.properties, so both key sources work in James.
 */
class DkimSignIT {

    private static final GeneratedDkimKey RSA = DkimKeyGenerator.rsa(2048);
    private static final GeneratedDkimKey ED25519 = DkimKeyGenerator.ed25519();
    private static final SmtpSink SINK = SmtpSink.start();
    private static final Path KEYS = keyDirectory();

    @RegisterExtension
    static final JamesServerExtension james = JamesServerExtension.builder()
            .zone(StandardServers.EXAMPLE_COM)
            .mailPolicyProperty("dns.servers", "127.0.0.1:${dns.port}")
            .mailPolicyProperty("dkim.sign.key.ed._domainkey." + JamesServerExtension.DOMAIN, ED25519.privateKeyPem().replace("\n", ""))
            .editConf("mailetcontainer.xml", DkimSignIT::signAndRelayToTheSink)
            .build();

    @AfterAll
    static void stopSink() throws IOException {
        SINK.close();
    }

    @Test
    void rfc8463SubmittedMailLeavesDualSignedAndDkimpyVerifiesBothSignatures() throws Exception {
        String subject = "dkim sign " + UUID.randomUUID();
        try (SmtpClient smtp = james.submission().login("client.example.com", USER, PASSWORD)) {
            smtp.sendMail(USER, List.of("someone@example.net"), "From: User <" + USER + ">\r\nTo: someone@example.net\r\nSubject: " + subject
                    + "\r\n\r\nSigned on the way out.\r\n");
        }

        String sent = SINK.awaitMessageContaining(subject, Duration.ofSeconds(30));
        String header = sent.substring(0, sent.indexOf("\r\n\r\n"));
        assertThat(header.split("(?m)^DKIM-Signature:", -1)).as("two signatures: %s", header).hasSize(3);
        assertThat(header).contains("a=rsa-sha256", "a=ed25519-sha256", "d=" + JamesServerExtension.DOMAIN);
        assertThat(dkimpyVerdicts(sent)).isEqualTo("[true, true]");
    }

    private static String dkimpyVerdicts(String message) throws Exception {
        String script = "import dkim, re, sys\n"
                + "records = {b'rsa._domainkey." + JamesServerExtension.DOMAIN + ".': b'" + RSA.dnsRecord() + "',\n"
                + "           b'ed._domainkey." + JamesServerExtension.DOMAIN + ".': b'" + ED25519.dnsRecord() + "'}\n"
                + "def dnsfunc(name, timeout=5):\n"
                + "    return records.get(name if name.endswith(b'.') else name + b'.')\n"
                + "message = open(sys.argv[1], 'rb').read()\n"
                + "count = len(re.findall(rb'(?im)^dkim-signature:', message))\n"
                + "print('[' + ', '.join(str(bool(dkim.DKIM(message).verify(idx=i, dnsfunc=dnsfunc))).lower() for i in range(count)) + ']')\n";
        return Dkimpy.run("dkim, nacl", script, message);
    }

    /** Enables the sample's commented DkimSign in relay with our key directory, and relays to the sink. */
    private static String signAndRelayToTheSink(String xml) {
        String start = "<mailet match=\"All\" class=\"org.mailpolicy.james.mailets.DkimSign\">";
        int at = xml.indexOf(start);
        int end = at < 0 ? -1 : xml.indexOf("-->", at);
        String delivery = "<mailet match=\"All\" class=\"RemoteDelivery\">";
        if (end < 0 || !xml.contains(delivery)) {
            throw new IllegalStateException("the sample mailetcontainer.xml no longer shows DkimSign, commented out, before RemoteDelivery");
        }
        String mailet = xml.substring(at, end).replaceAll("<keyDirectory>[^<]*</keyDirectory>", "<keyDirectory>" + KEYS + "</keyDirectory>");
        return (xml.substring(0, at) + "-->\n            " + mailet + xml.substring(end + 3))
                .replace(delivery, delivery + "\n                <gateway>127.0.0.1</gateway><gatewayPort>" + SINK.port() + "</gatewayPort>");
    }

    private static void writeKey(Path file, GeneratedDkimKey key) throws IOException {
        Files.writeString(file, key.privateKeyPem());
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    }

    /** <domain>/<selector>.key, mode 0600, as `mailpolicy dkim keygen` writes them; the Ed25519 key is in mailpolicy.properties. */
    private static Path keyDirectory() {
        try {
            Path directory = Files.createTempDirectory("dkim-keys");
            Path domain = Files.createDirectories(directory.resolve(JamesServerExtension.DOMAIN));
            writeKey(domain.resolve("rsa.key"), RSA);
            return directory;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
