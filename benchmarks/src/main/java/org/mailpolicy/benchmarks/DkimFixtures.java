package org.mailpolicy.benchmarks;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.apache.james.jdkim.api.PublicKeyRecordRetriever;
import org.mailpolicy.dkim.DkimKeyGenerator;
import org.mailpolicy.dkim.DkimSigner;
import org.mailpolicy.dkim.GeneratedDkimKey;
import org.mailpolicy.dns.InMemoryResolver;

/** Messages, keys and key records shared by the DKIM benchmarks, so every engine sees the same bytes. */
final class DkimFixtures {

    static final String DOMAIN = "example.com";
    static final String RSA_SELECTOR = "rsa2048";
    static final String ED25519_SELECTOR = "ed";

    final GeneratedDkimKey rsaKey = DkimKeyGenerator.rsa(2048);
    final GeneratedDkimKey ed25519Key = DkimKeyGenerator.ed25519();
    final InMemoryResolver resolver = InMemoryResolver.builder()
            .txt(RSA_SELECTOR + "._domainkey." + DOMAIN, rsaKey.dnsRecord())
            .txt(ED25519_SELECTOR + "._domainkey." + DOMAIN, ed25519Key.dnsRecord())
            .build();

    /** What jSPF's sibling jDKIM asks: the same TXT records, from memory. */
    PublicKeyRecordRetriever jdkimRecords() {
        return (method, selector, token) -> {
            if (!DOMAIN.contentEquals(token)) {
                return List.of();
            }
            if (RSA_SELECTOR.contentEquals(selector)) {
                return List.of(rsaKey.dnsRecord());
            }
            return ED25519_SELECTOR.contentEquals(selector) ? List.of(ed25519Key.dnsRecord()) : List.of();
        };
    }

    DkimSigner rsaSigner() {
        return DkimSigner.builder(DOMAIN).key(RSA_SELECTOR, rsaKey.key()).build();
    }

    DkimSigner ed25519Signer() {
        return DkimSigner.builder(DOMAIN).key(ED25519_SELECTOR, ed25519Key.key()).build();
    }

    DkimSigner dualSigner() {
        return DkimSigner.builder(DOMAIN).key(RSA_SELECTOR, rsaKey.key()).key(ED25519_SELECTOR, ed25519Key.key()).build();
    }

    /** A plain-text message of about {@code size} bytes, lines of ordinary prose. */
    static byte[] message(int size) {
        StringBuilder text = new StringBuilder(size + 512)
                .append("From: Alice <alice@example.com>\r\n")
                .append("To: Bob <bob@example.org>\r\n")
                .append("Subject: Quarterly figures and the plan for next year\r\n")
                .append("Date: Mon, 23 Nov 2026 08:00:00 +0000\r\n")
                .append("Message-ID: <benchmark@example.com>\r\n")
                .append("MIME-Version: 1.0\r\n")
                .append("Content-Type: text/plain; charset=utf-8\r\n")
                .append("\r\n");
        String line = "The quick brown fox jumps over the lazy dog, and the figures are in the attachment.\r\n";
        while (text.length() < size) {
            text.append(line);
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }
}
