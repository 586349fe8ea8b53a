package org.mailpolicy.dmarc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** RFC 9989 §4.7 and RFC 7489 §6.3 tags as the parser reads them. */
class DmarcRecordTest {

    private static DmarcRecord parse(String text, DmarcMode mode) {
        return DmarcRecord.parse(text, mode).record().orElseThrow();
    }

    @Test
    void rfc9989Section4_7Defaults() {
        DmarcRecord r = parse("v=DMARC1; p=quarantine", DmarcMode.RFC9989);
        assertThat(r.subdomainPolicy()).isEqualTo(DmarcPolicy.QUARANTINE);
        assertThat(r.nonExistentPolicy()).isEqualTo(DmarcPolicy.QUARANTINE);
        assertThat(r.hasNonExistentPolicy()).isFalse();
        assertThat(r.dkimAlignment()).isEqualTo(Alignment.RELAXED);
        assertThat(r.spfAlignment()).isEqualTo(Alignment.RELAXED);
        assertThat(r.testing()).isFalse();
        assertThat(r.publicSuffixDomain()).isEqualTo(DmarcRecord.PublicSuffixDomain.UNKNOWN);
        assertThat(r.failureReportOptions()).isEqualTo("0");
        assertThat(r.percent()).isEqualTo(100);
    }

    @Test
    void rfc9989Section4_7EveryTag() {
        DmarcRecord r = parse("v=DMARC1; p=reject; sp=none; np=quarantine; adkim=s; aspf=s; t=y; psd=y;"
                + " rua=mailto:a@example.com,mailto:b@example.com; ruf=mailto:f@example.com; fo=1 : d", DmarcMode.RFC9989);
        assertThat(r.policy()).isEqualTo(DmarcPolicy.REJECT);
        assertThat(r.subdomainPolicy()).isEqualTo(DmarcPolicy.NONE);
        assertThat(r.nonExistentPolicy()).isEqualTo(DmarcPolicy.QUARANTINE);
        assertThat(r.dkimAlignment()).isEqualTo(Alignment.STRICT);
        assertThat(r.spfAlignment()).isEqualTo(Alignment.STRICT);
        assertThat(r.testing()).isTrue();
        assertThat(r.publicSuffixDomain()).isEqualTo(DmarcRecord.PublicSuffixDomain.YES);
        assertThat(r.aggregateReportUris()).containsExactly("mailto:a@example.com", "mailto:b@example.com");
        assertThat(r.failureReportUris()).containsExactly("mailto:f@example.com");
        assertThat(r.failureReportOptions()).isEqualTo("1:d");
    }

    @Test
    void rfc9989Section4_7InvalidOptionalValuesFallBackToDefaults() {
        DmarcRecord r = parse("v=DMARC1; p=reject; adkim=x; psd=q; fo=9; rua=not a uri", DmarcMode.RFC9989);
        assertThat(r.subdomainPolicy()).isEqualTo(DmarcPolicy.REJECT);
        assertThat(r.hasNonExistentPolicy()).isFalse();
        assertThat(r.dkimAlignment()).isEqualTo(Alignment.RELAXED);
        assertThat(r.publicSuffixDomain()).isEqualTo(DmarcRecord.PublicSuffixDomain.UNKNOWN);
        assertThat(r.failureReportOptions()).isEqualTo("0");
        assertThat(r.aggregateReportUris()).isEmpty();
    }

    @Test
    void rfc9989Section4_7NoPolicyButRuaIsPolicyNone() {
        DmarcRecord r = parse("v=DMARC1; rua=mailto:a@example.com!10m", DmarcMode.RFC9989);
        assertThat(r.policy()).isEqualTo(DmarcPolicy.NONE);
        assertThat(r.policyFromRua()).isTrue();
    }

    @Test
    void rfc9989Section4_10_1AnInvalidSpOrNpMeansPNoneWithRuaAndNoProcessingWithout() {
        DmarcRecord withRua = parse("v=DMARC1; p=reject; np=maybe; rua=mailto:a@example.com", DmarcMode.RFC9989);
        assertThat(withRua.policy()).isEqualTo(DmarcPolicy.NONE);
        assertThat(withRua.subdomainPolicy()).isEqualTo(DmarcPolicy.NONE);
        assertThat(withRua.nonExistentPolicy()).isEqualTo(DmarcPolicy.NONE);
        DmarcRecord.ParsedRecord without = DmarcRecord.parse("v=DMARC1; p=reject; sp=maybe", DmarcMode.RFC9989);
        assertThat(without.record()).isEmpty();
        assertThat(without.isSyntaxError()).isFalse();
        assertThat(without.error()).hasValueSatisfying(e -> assertThat(e).contains("sp="));
        // np= does not exist in RFC 7489: its value does not matter there.
        assertThat(parse("v=DMARC1; p=reject; np=maybe", DmarcMode.RFC7489).policy()).isEqualTo(DmarcPolicy.REJECT);
    }

    @Test
    void rfc7489Section6_3PctOnlyInRfc7489Mode() {
        assertThat(parse("v=DMARC1; p=reject; pct=20", DmarcMode.RFC7489).percent()).isEqualTo(20);
        assertThat(parse("v=DMARC1; p=reject; pct=200", DmarcMode.RFC7489).percent()).isEqualTo(100);
        assertThat(parse("v=DMARC1; p=reject; pct=20", DmarcMode.RFC9989).percent()).isEqualTo(100);
        DmarcRecord old = parse("v=DMARC1; p=reject; np=none; t=y; psd=n", DmarcMode.RFC7489);
        assertThat(old.hasNonExistentPolicy()).isFalse();
        assertThat(old.testing()).isFalse();
        assertThat(old.publicSuffixDomain()).isEqualTo(DmarcRecord.PublicSuffixDomain.UNKNOWN);
    }

    @Test
    void rfc9989Section4_7VersionFirstAndExact() {
        assertThat(DmarcRecord.parse("p=reject; v=DMARC1", DmarcMode.RFC9989).isDmarc()).isFalse();
        assertThat(DmarcRecord.parse("v=DMARC2; p=reject", DmarcMode.RFC9989).isDmarc()).isFalse();
        assertThat(DmarcRecord.parse("v=spf1 -all", DmarcMode.RFC9989).isDmarc()).isFalse();
        DmarcRecord.ParsedRecord broken = DmarcRecord.parse("v=DMARC1; p=reject; oops", DmarcMode.RFC9989);
        assertThat(broken.isDmarc()).isTrue();
        assertThat(broken.isSyntaxError()).isTrue();
        DmarcRecord.ParsedRecord noPolicy = DmarcRecord.parse("v=DMARC1; sp=reject", DmarcMode.RFC9989);
        assertThat(noPolicy.isSyntaxError()).isFalse();
        assertThat(noPolicy.error()).isPresent();
    }
}
