package org.mailpolicy.spf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.mailpolicy.smtp.SmtpReply;

class SpfPolicyTest {

    private static SpfResult result(SpfResultCode code) {
        return SpfResult.builder(code, SpfIdentity.MAILFROM, "example.net", "user@example.net").build();
    }

    @Test
    void defaultsDeferTemperrorAndAcceptEverythingElse() {
        SpfPolicy policy = SpfPolicy.defaults();

        for (SpfResultCode code : SpfResultCode.values()) {
            SpfPolicy.Action expected = code == SpfResultCode.TEMPERROR ? SpfPolicy.Action.TEMPFAIL : SpfPolicy.Action.ACCEPT;
            assertThat(policy.actionFor(code)).as(code.keyword()).isEqualTo(expected);
        }
        assertThat(policy.replyFor(result(SpfResultCode.FAIL))).isEmpty();
    }

    @Test
    void rfc7372RejectedFailIs550_5_7_23WithTheDomainOwnersExplanation() {
        SpfPolicy policy = SpfPolicy.defaults().with(SpfResultCode.FAIL, SpfPolicy.Action.REJECT);
        SpfResult fail = SpfResult.builder(SpfResultCode.FAIL, SpfIdentity.MAILFROM, "example.net", "user@example.net")
                .explanation("See https://example.net/why").build();

        SmtpReply reply = policy.replyFor(fail).orElseThrow();

        assertThat(reply.toString()).isEqualTo("550 5.7.23 SPF fail: See https://example.net/why");
    }

    @Test
    void rfc7372TemperrorIs451_4_7_24AndPermerrorRejectIs550_5_7_24() {
        SpfPolicy policy = SpfPolicy.defaults().with(SpfResultCode.PERMERROR, SpfPolicy.Action.REJECT);
        SpfResult temperror = SpfResult.builder(SpfResultCode.TEMPERROR, SpfIdentity.MAILFROM, "example.net", "u@example.net")
                .problem("SERVFAIL").build();
        SpfResult permerror = SpfResult.builder(SpfResultCode.PERMERROR, SpfIdentity.HELO, "mx.example.net", "postmaster@mx.example.net")
                .problem("two SPF records").build();

        assertThat(policy.replyFor(temperror).orElseThrow().toString())
                .isEqualTo("451 4.7.24 SPF temporary error for example.net, try again later: SERVFAIL");
        assertThat(policy.replyFor(permerror).orElseThrow().toString())
                .isEqualTo("550 5.7.24 SPF record of HELO mx.example.net is invalid: two SPF records");
    }

    @Test
    void passCannotBeRefusedAndUnknownActionsAreNamed() {
        assertThatThrownBy(() -> SpfPolicy.defaults().with(SpfResultCode.PASS, SpfPolicy.Action.REJECT))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SpfPolicy.Action.parse("drop"))
                .hasMessageContaining("accept, reject, tempfail");
    }

    @Test
    void replyTextNeverCarriesLineBreaksFromTheRecord() {
        SpfPolicy policy = SpfPolicy.defaults().with(SpfResultCode.FAIL, SpfPolicy.Action.REJECT);
        SpfResult fail = SpfResult.builder(SpfResultCode.FAIL, SpfIdentity.MAILFROM, "example.net", "u@example.net")
                .explanation("bad\r\n250 OK").build();

        assertThat(policy.replyFor(fail).orElseThrow().text()).doesNotContain("\r").doesNotContain("\n");
    }
}
