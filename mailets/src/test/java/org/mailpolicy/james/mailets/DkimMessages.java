package org.mailpolicy.james.mailets;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.mailpolicy.dkim.DkimKeyGenerator;
import org.mailpolicy.dkim.DkimSigner;
import org.mailpolicy.dkim.GeneratedDkimKey;
import org.mailpolicy.dns.InMemoryResolver;

/** Messages signed with an Ed25519 key published, in memory, at {@code sel._domainkey.example.net}. */
final class DkimMessages {

    static final GeneratedDkimKey KEY = DkimKeyGenerator.ed25519();
    static final InMemoryResolver DNS = InMemoryResolver.builder()
            .txt("sel._domainkey.example.net", KEY.dnsRecord())
            .build();
    static final String BODY = "Hello, signed world.\r\n";

    private DkimMessages() {
    }

    static byte[] signed() {
        byte[] message = ("From: user@example.net\r\nTo: rcpt@example.org\r\nSubject: signed\r\n"
                + "Message-ID: <1@example.net>\r\n\r\n" + BODY).getBytes(StandardCharsets.US_ASCII);
        return DkimSigner.builder("example.net").key("sel", KEY.key()).build().signedMessage(message);
    }

    static byte[] tampered() {
        return new String(signed(), StandardCharsets.US_ASCII).replace(BODY, "Hello, changed world.\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    static MimeMessage mime(byte[] bytes) throws Exception {
        return new MimeMessage(Session.getDefaultInstance(new Properties()), new ByteArrayInputStream(bytes));
    }
}
