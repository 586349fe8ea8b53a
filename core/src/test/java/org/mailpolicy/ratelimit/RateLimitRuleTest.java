package org.mailpolicy.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mailpolicy.ratelimit.RateLimiterTest.ip;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which keys, exemptions and overrides apply to a request. */
class RateLimitRuleTest {

    private static RateLimitRule.Builder rule(KeyPart... key) {
        return RateLimitRule.builder("r").key(key)
                .window(new RateLimitWindow("1m", Duration.ofMinutes(1), Map.of(Dimension.MESSAGES, 10L)))
                .window(new RateLimitWindow("1d", Duration.ofDays(1), Map.of(Dimension.MESSAGES, 500L)));
    }

    @Test
    void ipv6ClientsAreCountedPerSlash64ByDefault() {
        RateLimitRule r = rule(KeyPart.IP).build();
        Map<String, Long> a = r.keysFor(RateLimitRequest.builder().clientIp(ip("2001:db8:1:2:aaaa::1")).build());
        Map<String, Long> b = r.keysFor(RateLimitRequest.builder().clientIp(ip("2001:db8:1:2:ffff:ffff:ffff:ffff")).build());
        Map<String, Long> other = r.keysFor(RateLimitRequest.builder().clientIp(ip("2001:db8:1:3::1")).build());
        assertThat(a).containsOnlyKeys("ip=2001:db8:1:2:0:0:0:0/64");
        assertThat(b).isEqualTo(a);
        assertThat(other).containsOnlyKeys("ip=2001:db8:1:3:0:0:0:0/64");
    }

    @Test
    void ipv4ClientsAreCountedPerAddressByDefaultAndPrefixesAreConfigurable() {
        assertThat(rule(KeyPart.IP).build().keysFor(RateLimitRequest.builder().clientIp(ip("192.0.2.77")).build()))
                .containsOnlyKeys("ip=192.0.2.77");
        RateLimitRule wide = rule(KeyPart.IP).ipv4Prefix(24).ipv6Prefix(48).build();
        assertThat(wide.keysFor(RateLimitRequest.builder().clientIp(ip("192.0.2.77")).build())).containsOnlyKeys("ip=192.0.2.0/24");
        assertThat(wide.keysFor(RateLimitRequest.builder().clientIp(ip("2001:db8:1:2::1")).build()))
                .containsOnlyKeys("ip=2001:db8:1:0:0:0:0:0/48");
    }

    @Test
    void aCombinedKeyJoinsItsPartsAndNeedsEachOfThem() {
        RateLimitRule r = rule(KeyPart.USER, KeyPart.IP).build();
        assertThat(r.keysFor(RateLimitRequest.builder().user("Alice@Example.COM").clientIp(ip("192.0.2.1")).build()))
                .containsOnlyKeys("user=alice@example.com,ip=192.0.2.1");
        assertThat(r.keysFor(RateLimitRequest.builder().clientIp(ip("192.0.2.1")).build()))
                .as("an unauthenticated client is not counted by a user rule").isEmpty();
    }

    @Test
    void senderHeloAndGlobalKeys() {
        RateLimitRequest req = RateLimitRequest.builder().helo("Mail.Example.ORG").sender("Bob@Example.org").recipient("x@y.test").build();
        assertThat(rule(KeyPart.SENDER).build().keysFor(req)).containsOnlyKeys("sender=bob@example.org");
        assertThat(rule(KeyPart.SENDER_DOMAIN).build().keysFor(req)).containsOnlyKeys("sender-domain=example.org");
        assertThat(rule(KeyPart.HELO).build().keysFor(req)).containsOnlyKeys("helo=mail.example.org");
        assertThat(rule(KeyPart.GLOBAL).build().keysFor(req)).containsOnlyKeys("global=*");
        assertThat(rule(KeyPart.SENDER).build().keysFor(RateLimitRequest.builder().sender("").build()))
                .as("the null reverse-path is a sender of its own").containsOnlyKeys("sender=<>");
    }

    @Test
    void recipientKeysCountEachRecipientOrDomainOnItsOwn() {
        RateLimitRequest req = RateLimitRequest.builder().sender("a@example.com")
                .recipients(List.of("x@one.test", "y@one.test", "z@two.test")).build();
        assertThat(rule(KeyPart.RECIPIENT_DOMAIN).build().keysFor(req))
                .containsExactly(Map.entry("recipient-domain=one.test", 2L), Map.entry("recipient-domain=two.test", 1L));
        assertThat(rule(KeyPart.SENDER, KeyPart.RECIPIENT).build().keysFor(req)).containsOnlyKeys(
                "sender=a@example.com,recipient=x@one.test", "sender=a@example.com,recipient=y@one.test",
                "sender=a@example.com,recipient=z@two.test");
        assertThat(rule(KeyPart.GLOBAL).build().keysFor(req)).containsExactly(Map.entry("global=*", 3L));
    }

    @Test
    void aValueCannotPoseAsAnotherKeyPart() {
        RateLimitRule r = rule(KeyPart.USER, KeyPart.IP).build();
        assertThat(r.keysFor(RateLimitRequest.builder().user("a,ip=192.0.2.1").clientIp(ip("192.0.2.2")).build()))
                .containsOnlyKeys("user=a%2cip%3d192.0.2.1,ip=192.0.2.2");
        assertThat(rule(KeyPart.HELO).build().keysFor(RateLimitRequest.builder().helo("{x}|y 100%").build()))
                .containsOnlyKeys("helo=%7bx%7d%7cy%20100%25");
    }

    @Test
    void aValueAlreadyInKeyFormIsTheKeyAsItIsAndAnyOtherIsTrimmedLoweredAndEscaped() {
        RateLimitRule r = rule(KeyPart.USER).build();
        String plain = "alice@example.com";
        BucketId id = r.bucketFor(RateLimitRequest.builder().user(plain).build());
        assertThat(id).isEqualTo(BucketId.parse("r|user=alice@example.com")).hasToString("r|user=alice@example.com");
        assertThat(id.hashCode()).isEqualTo(BucketId.parse("r|user=alice@example.com").hashCode());
        assertThat(r.bucketFor(RateLimitRequest.builder().user(" Alice@Example.COM\t").build())).isEqualTo(id);
        assertThat(r.bucketFor(RateLimitRequest.builder().user("ÉLODIE@example.com").build()))
                .as("upper case beyond ASCII").hasToString("r|user=élodie@example.com");
        assertThat(r.bucketFor(RateLimitRequest.builder().user("a=b,c").build()))
                .hasToString("r|user=a%3db%2cc").isEqualTo(BucketId.parse("r|user=a%3db%2cc"));
        assertThat(r.bucketFor(RateLimitRequest.builder().user(" ").build())).as("nothing left once trimmed").isNull();
        assertThat(r.bucketFor(RateLimitRequest.builder().build())).isNull();
    }

    @Test
    void bucketIdsAreEqualExactlyWhenTheirTextsAre() {
        assertThat(BucketId.parse("r|user=a,ip=b")).isEqualTo(new BucketId("r|user=a,ip=", "b"))
                .isNotEqualTo(new BucketId("r|user=a,ip=", "c")).isNotEqualTo(BucketId.parse("s|user=a,ip=b"));
        assertThat(BucketId.parse("no-equals-sign")).hasToString("no-equals-sign").isEqualTo(new BucketId("", "no-equals-sign"));
        assertThat(BucketId.parse("r|user=a,ip=b").key()).isEqualTo("user=a,ip=b");
    }

    @Test
    void theWindowsOfAStoredKeyCarryItsOverride() {
        RateLimitRule r = rule(KeyPart.USER, KeyPart.IP).userOverride("odd,user@example.com", "1d", Map.of(Dimension.MESSAGES, 7L)).build();
        String key = r.keysFor(RateLimitRequest.builder().user("odd,user@example.com").clientIp(ip("192.0.2.1")).build())
                .keySet().iterator().next();
        assertThat(r.windowsForKey(key).get(1).limits()).containsEntry(Dimension.MESSAGES, 7L);
        assertThat(r.windowsForKey("user=someone@else.example,ip=192.0.2.1").get(1).limits()).containsEntry(Dimension.MESSAGES, 500L);
    }

    @Test
    void exemptionsByNetworkUserAndSender() {
        RateLimitRule r = rule(KeyPart.USER).exemptNetwork("10.0.0.0/8").exemptNetwork("2001:db8::/32")
                .exemptUser("Postmaster@example.com").exemptSender("@lists.example.com").exemptSender("alerts@example.com").build();
        assertThat(r.exempts(RateLimitRequest.builder().clientIp(ip("10.1.2.3")).build())).isTrue();
        assertThat(r.exempts(RateLimitRequest.builder().clientIp(ip("2001:db8:ffff::1")).build())).isTrue();
        assertThat(r.exempts(RateLimitRequest.builder().clientIp(ip("11.0.0.1")).build())).isFalse();
        assertThat(r.exempts(RateLimitRequest.builder().user("postmaster@EXAMPLE.com").build())).isTrue();
        assertThat(r.exempts(RateLimitRequest.builder().sender("news@lists.example.com").build())).isTrue();
        assertThat(r.exempts(RateLimitRequest.builder().sender("alerts@example.com").build())).isTrue();
        assertThat(r.exempts(RateLimitRequest.builder().sender("bob@example.com").build())).isFalse();
        assertThat(r.exempts(RateLimitRequest.builder().sender("").build())).isFalse();
    }

    @Test
    void aUserOverrideWinsOverADomainOverrideWhichWinsOverTheRule() {
        RateLimitRule r = rule(KeyPart.USER)
                .userOverride("boss@example.com", "1d", Map.of(Dimension.MESSAGES, 5000L))
                .domainOverride("example.com", "1d", Map.of(Dimension.MESSAGES, 2000L, Dimension.BYTES, 1L << 30))
                .build();
        assertThat(dailyLimits(r, RateLimitRequest.builder().user("boss@example.com").build())).isEqualTo(Map.of(Dimension.MESSAGES, 5000L));
        assertThat(dailyLimits(r, RateLimitRequest.builder().user("clerk@example.com").build()))
                .isEqualTo(Map.of(Dimension.MESSAGES, 2000L, Dimension.BYTES, 1L << 30));
        assertThat(dailyLimits(r, RateLimitRequest.builder().user("bob").sender("bob@example.com").build()))
                .as("a user without a domain takes the sender's").containsEntry(Dimension.MESSAGES, 2000L);
        assertThat(dailyLimits(r, RateLimitRequest.builder().user("eve@example.net").build())).isEqualTo(Map.of(Dimension.MESSAGES, 500L));
        assertThat(r.windowsFor(RateLimitRequest.builder().user("boss@example.com").build()).get(0).limits())
                .as("windows the override does not name keep their limits").isEqualTo(Map.of(Dimension.MESSAGES, 10L));
    }

    private static Map<Dimension, Long> dailyLimits(RateLimitRule r, RateLimitRequest request) {
        return r.windowsFor(request).stream().filter(w -> w.name().equals("1d")).findFirst().orElseThrow().limits();
    }
}
