package org.mailpolicy.it;

import org.mailpolicy.dkim.DkimKeyGenerator;
import org.mailpolicy.dkim.GeneratedDkimKey;
import org.mailpolicy.it.harness.JamesServerExtension;
import org.mailpolicy.it.harness.Zone;

/**
 * The configuration most test classes use. Built the same way each time, so every class that
 * uses it shares one running James, NSD and Redis (see JamesServerExtension).
 */
final class StandardServers {

    /** example.com's DKIM key, made once per test run so every class still builds an equal configuration. */
    static final GeneratedDkimKey DKIM_KEY = DkimKeyGenerator.rsa(2048);
    static final String DKIM_SELECTOR = "mp2026";

    static final Zone EXAMPLE_COM = Zone.primary("example.com",
            "@ TXT \"v=spf1 ip4:127.0.0.1 -all\"",
            "@ MX 10 mx.example.com.",
            // RFC 9989 §4.10: the record at the author domain ends policy discovery there (p=none changes no disposition).
            "_dmarc TXT \"v=DMARC1; p=none\"",
            "mx A 127.0.0.2",
            "mx AAAA 2001:db8::2",
            // RFC 6376 §3.6.2.1: the key record at <selector>._domainkey.<domain>
            DKIM_SELECTOR + "._domainkey TXT " + characterStrings(DKIM_KEY.dnsRecord()));
    /**
     * DMARC test domains (RFC 9989). Strict alignment keeps evaluation inside these zones: the test
     * NSD serves no top-level domain, so a relaxed-alignment tree walk would end in REFUSED.
     */
    static final Zone DMARC_REJECT = Zone.primary("reject.example", "_dmarc TXT \"v=DMARC1; p=reject; aspf=s; adkim=s\"");
    static final Zone DMARC_QUARANTINE = Zone.primary("quarantine.example", "_dmarc TXT \"v=DMARC1; p=quarantine; aspf=s; adkim=s\"");
    static final Zone DMARC_ALIGNED = Zone.primary("aligned.example",
            "@ TXT \"v=spf1 ip4:127.0.0.1 -all\"",
            "_dmarc TXT \"v=DMARC1; p=reject; aspf=s; adkim=s\"",
            DKIM_SELECTOR + "._domainkey TXT " + characterStrings(DKIM_KEY.dnsRecord()));
    /**
     * A domain that asks for failure reports (RFC 9991) at a mailbox of this James; with the sample's
     * failure reports off, it must get none.
     */
    static final Zone DMARC_RUF = Zone.primary("ruf.example",
            "_dmarc TXT \"v=DMARC1; p=none; aspf=s; adkim=s; fo=1; ruf=mailto:dmarc@ruf.example\"");
    static final String RUF_MAILBOX = "dmarc@ruf.example";
    static final Zone REVERSE_127 = Zone.primary("127.in-addr.arpa",
            "2.0.0 PTR mx.example.com.");
    static final Zone BROKEN = Zone.servfail("broken.example");
    /** A domain whose SPF record does not cover loopback: "-all" for every test client. */
    static final Zone SPF_FAIL = Zone.primary("fail.example",
            "@ TXT \"v=spf1 ip4:192.0.2.0/24 -all\"");
    static final Zone SPF_EXPLAINED = Zone.primary("explained.example",
            "@ TXT \"v=spf1 -all exp=why.explained.example\"",
            "why TXT \"%{i} may not send mail for %{d}\"");

    /**
     * The only account the rate limit stops in tests: the sample's per-user rule gives it 2
     * recipients a day, every other account keeps the sample's limits.
     */
    static final String RATE_LIMITED_USER = "ratelimited@" + JamesServerExtension.DOMAIN;
    /** An account the WebAdmin tests limit to 1 recipient a day, read and reset. */
    static final String ADMINISTERED_USER = "administered@" + JamesServerExtension.DOMAIN;

    private StandardServers() {
    }

    /** RFC 1035 §3.3.14: a TXT record longer than 255 octets is written as several character-strings. */
    static String characterStrings(String text) {
        StringBuilder out = new StringBuilder();
        for (int start = 0; start < text.length(); start += 200) {
            out.append(out.length() == 0 ? "" : " ").append('"')
                    .append(text, start, Math.min(text.length(), start + 200)).append('"');
        }
        return out.toString();
    }

    private static String rejectSpfFail(String smtpserverXml) {
        String anchor = "<temperror>tempfail</temperror>";
        if (!smtpserverXml.contains(anchor)) {
            throw new IllegalStateException("the sample smtpserver.xml no longer configures SpfHook with " + anchor);
        }
        return smtpserverXml.replace(anchor, anchor + "\n                <fail>reject</fail>");
    }

    static JamesServerExtension create() {
        return standard().build();
    }

    /**
     * The Redis timeout of the classes that check counting, not timeouts: the default 50 ms can pass
     * on a loaded 2-core machine (first connection, script load), and a fail-open rule would then
     * accept the recipient the test expects refused.
     */
    private static final String UNHURRIED_REDIS = "2s";

    /** The standard servers with the rate-limit counters in their Redis instead of James's memory. */
    static JamesServerExtension withRedisRateLimits() {
        return standard()
                .mailPolicyProperty("ratelimit.store", "redis")
                .mailPolicyProperty("ratelimit.redis.uri", "redis://127.0.0.1:${redis.port}")
                .mailPolicyProperty("ratelimit.redis.timeout", UNHURRIED_REDIS)
                .build();
    }

    /** The standard servers with the counters in a Redis that requires a password, given in the URI. */
    static JamesServerExtension withPasswordProtectedRedis() {
        return standard()
                .withRedis("mp-redis-secret")
                .mailPolicyProperty("ratelimit.store", "redis")
                .mailPolicyProperty("ratelimit.redis.uri", "redis://mp-redis-secret@127.0.0.1:${redis.port}")
                .mailPolicyProperty("ratelimit.redis.timeout", UNHURRIED_REDIS)
                .build();
    }

    /** Shares a limit of 3 recipients a day between two James nodes in {@link SharedRedisIT}. */
    static final String SHARED_USER = "shared@" + JamesServerExtension.DOMAIN;
    /** Counted by the fail-closed rule {@code strict} as well as the sample's fail-open one. */
    static final String STRICT_USER = "strict@" + JamesServerExtension.DOMAIN;

    /**
     * Counters in Redis, plus a rule {@code strict} that answers {@code 451 4.3.0} when Redis does
     * not (fail-closed) and counts only {@link #STRICT_USER}: every other account is exempt from it.
     */
    static JamesServerExtension withRedisAndAFailClosedRule() {
        return standard()
                .mailPolicyProperty("ratelimit.store", "redis")
                .mailPolicyProperty("ratelimit.redis.uri", "redis://127.0.0.1:${redis.port}")
                .user(SHARED_USER, JamesServerExtension.PASSWORD)
                .mailPolicyProperty("ratelimit.rule.submission.override.user." + SHARED_USER + ".1d", "recipients:3")
                .user(STRICT_USER, JamesServerExtension.PASSWORD)
                .mailPolicyProperty("ratelimit.rule.strict.key", "user")
                .mailPolicyProperty("ratelimit.rule.strict.window.1m", "messages:1000")
                .mailPolicyProperty("ratelimit.rule.strict.on-failure", "fail-closed")
                .mailPolicyProperty("ratelimit.rule.strict.exempt.users",
                        String.join(", ", JamesServerExtension.USER, SHARED_USER, RATE_LIMITED_USER, ADMINISTERED_USER))
                .build();
    }

    private static JamesServerExtension.Builder standard() {
        return JamesServerExtension.builder()
                .zone(EXAMPLE_COM)
                .zone(REVERSE_127)
                .zone(BROKEN)
                .zone(SPF_FAIL)
                .zone(SPF_EXPLAINED)
                .zone(DMARC_REJECT)
                .zone(DMARC_QUARANTINE)
                .zone(DMARC_ALIGNED)
                .zone(DMARC_RUF)
                .domain("ruf.example")
                .user(RUF_MAILBOX, JamesServerExtension.PASSWORD)
                .withRedis()
                .user(RATE_LIMITED_USER, JamesServerExtension.PASSWORD)
                .mailPolicyProperty("ratelimit.rule.submission.override.user." + RATE_LIMITED_USER + ".1d", "recipients:2")
                .user(ADMINISTERED_USER, JamesServerExtension.PASSWORD)
                .mailPolicyProperty("ratelimit.rule.submission.override.user." + ADMINISTERED_USER + ".1d", "recipients:1")
                // MailPolicy asks the test DNS server; the sample's SpfHook is told to refuse SPF fail
                .mailPolicyProperty("dns.servers", "127.0.0.1:" + "${dns.port}")
                // ARC (RFC 8617 §7.2): example.com plays the mailing list whose seals DMARC trusts
                .mailPolicyProperty("dmarc.trustedArcSealers", "example.com")
                .editConf("smtpserver.xml", StandardServers::rejectSpfFail);
    }
}
