package org.mailpolicy.dmarcreport;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import org.mailpolicy.dkim.DkimResult;
import org.mailpolicy.dkim.DkimSignatureResult;
import org.mailpolicy.spf.SpfIdentity;
import org.mailpolicy.spf.SpfResult;
import org.mailpolicy.spf.SpfResultCode;

/** Failed messages for the failure report tests: a forged message from example.com and its verdicts. */
final class FailedMessages {

    static final Instant ARRIVAL = Instant.parse("2026-11-23T10:15:30Z");
    static final String MESSAGE = "Received: from forger.example ([198.51.100.7]) by mx.receiver.example\r\n"
            + "\tfor <alice.smith@receiver.example>; Mon, 23 Nov 2026 10:15:30 +0000\r\n"
            + "From: \"CEO\" <ceo@example.com>\r\n"
            + "To: alice.smith@receiver.example, \"Bob\" <bob@receiver.example>\r\n"
            + "Subject: Invoice for ceo@example.com, see https://pay.example/x\r\n"
            + "Message-ID: <1234.secret-id@example.com>\r\n"
            + "Date: Mon, 23 Nov 2026 10:15:00 +0000\r\n"
            + "\r\n"
            + "Please wire the money. The body is never reported.\r\n";

    private FailedMessages() {
    }

    static SpfResult spf(SpfResultCode code, String domain) {
        return SpfResult.builder(code, SpfIdentity.MAILFROM, domain, "bounce@" + domain).build();
    }

    static DkimSignatureResult signature(DkimResult result, String domain, String reason) {
        return DkimSignatureResult.builder(result).domain(domain).selector("s1").identity("@" + domain)
                .algorithm("rsa-sha256").bPrefix("AbCdEf12").reason(reason).build();
    }

    /** A forgery of example.com: SPF fails for the forger's bounce domain, the example.com signature does not verify. */
    static FailedMessage.Builder forged(String ruf, String fo) {
        return FailedMessage.builder("example.com", "example.com", MESSAGE.getBytes(StandardCharsets.UTF_8))
                .ruf(ruf.isEmpty() ? List.of() : List.of(ruf.split(",")))
                .fo(fo)
                .alignment("example.com", false)
                .spf(spf(SpfResultCode.FAIL, "forger.example"), false)
                .dkim(List.of(signature(DkimResult.FAIL, "example.com", "body hash did not verify")), List.of())
                .sourceIp("198.51.100.7")
                .arrival(ARRIVAL)
                .envelopeId("Mail1700000000-42")
                .mailFrom("bounce.list@forger.example");
    }
}
