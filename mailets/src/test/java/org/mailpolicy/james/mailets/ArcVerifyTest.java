package org.mailpolicy.james.mailets;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.commons.configuration2.BaseConfiguration;
import org.apache.james.metrics.tests.RecordingMetricFactory;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.junit.jupiter.api.Test;
import org.mailpolicy.arc.ArcResult;
import org.mailpolicy.arc.ArcVerifier;
import org.mailpolicy.james.ArcVerdict;
import org.mailpolicy.james.MailPolicyConfiguration;

class ArcVerifyTest {

    private final RecordingMetricFactory metrics = new RecordingMetricFactory();

    private ArcVerify mailet() throws Exception {
        ArcVerify mailet = new ArcVerify(new ArcVerifier(DkimMessages.DNS), MailPolicyConfiguration.from(new BaseConfiguration()), metrics);
        mailet.init(FakeMailetConfig.builder().mailetName("ArcVerify").build());
        return mailet;
    }

    @Test
    void rfc8617Section5_2AMessageWithoutArcSetsIsNoneAndStored() throws Exception {
        FakeMail mail = FakeMail.builder().name("m").mimeMessage(DkimMessages.mime(DkimMessages.signed())).build();

        mailet().service(mail);

        assertThat(ArcVerdict.read(mail).orElseThrow().result()).isEqualTo(ArcResult.NONE);
        assertThat(metrics.countFor("mailpolicy_arc_none")).isEqualTo(1);
    }

    @Test
    void aStoredVerdictIsReusedNotRecomputed() throws Exception {
        FakeMail mail = FakeMail.builder().name("m").mimeMessage(DkimMessages.mime(DkimMessages.signed())).build();
        ArcVerdict stored = ArcVerdict.unfinished("from the hook");
        mail.setAttribute(stored.toAttribute());

        mailet().service(mail);

        assertThat(ArcVerdict.read(mail)).contains(stored);
        assertThat(metrics.countFor("mailpolicy_arc_none")).isZero();
    }
}
