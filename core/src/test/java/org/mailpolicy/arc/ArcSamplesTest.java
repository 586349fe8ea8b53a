package org.mailpolicy.arc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.mailpolicy.dns.InMemoryResolver;

/** Real ARC chains from other implementations' test data (see conformance/arc/README.md). */
class ArcSamplesTest {

    @Test
    void mailAuth001OneGoogleHopPasses() {
        Sample sample = Sample.mailAuth("001.txt");

        ArcVerification v = new ArcVerifier(sample.dns).verify(sample.message).join();

        assertThat(v.result()).as(v.toString()).isEqualTo(ArcResult.PASS);
        assertThat(v.instances()).isEqualTo(1);
        assertThat(v.oldestPass()).isEqualTo(1);
        assertThat(v.hops()).extracting(ArcHop::sealerDomain, ArcHop::selector, ArcHop::algorithm)
                .containsExactly(Tuple.tuple("google.com", "arc-20160816", "rsa-sha256"));
        assertThat(v.hops().get(0).authenticationResults()).startsWith("mx.google.com;");
    }

    /** RFC 8463 in ARC: an ed25519-sha256 first hop, an rsa-sha256 second hop. */
    @Test
    void mailAuth002Ed25519HopThenRsaHopPasses() {
        Sample sample = Sample.mailAuth("002.txt");

        ArcVerification v = new ArcVerifier(sample.dns).verify(sample.message).join();

        assertThat(v.result()).as(v.toString()).isEqualTo(ArcResult.PASS);
        assertThat(v.oldestPass()).isEqualTo(1);
        assertThat(v.hops()).extracting(ArcHop::instance, ArcHop::sealerDomain, ArcHop::algorithm, ArcHop::recordedChainValidation)
                .containsExactly(Tuple.tuple(1, "scamorza.org", "ed25519-sha256", ArcResult.NONE),
                        Tuple.tuple(2, "manchego.org", "rsa-sha256", ArcResult.PASS));
    }

    /**
     * rspamd's arcallow.eml: Microsoft sealed i=1, Google i=2. rspamd's suite serves neither key; Google's
     * arc-20160816 key is the one mail-auth publishes, Microsoft's is not available here, so the Google hop
     * verifies and the chain fails on the first seal for want of its key, as it would for any verifier without it.
     */
    @Test
    void rspamdArcAllowGoogleHopVerifiesMicrosoftKeyUnavailable() {
        ArcVerification v = new ArcVerifier(Sample.mailAuth("001.txt").dns).verify(ArcSuite.bytes("rspamd/arcallow.eml")).join();

        assertThat(v.result()).isEqualTo(ArcResult.FAIL);
        assertThat(v.reason()).isEqualTo("ARC-Seal i=1: no key record at arcselector9901._domainkey.microsoft.com");
        assertThat(v.hops().get(1).sealerDomain()).isEqualTo("google.com");
        assertThat(v.hops().get(1).sealVerified()).isTrue();
        assertThat(v.hops().get(1).messageSignatureVerified()).isTrue();
    }

    /** rspamd's arcbad.eml: Microsoft sealed i=1, then the freebsd.org list sealed i=1 again; RFC 8617 §5.2 step 2 fails it before any key lookup. */
    @Test
    void rspamdArcBadHasTwoMessageSignaturesForOneInstance() {
        ArcVerification v = new ArcVerifier(InMemoryResolver.builder().build()).verify(ArcSuite.bytes("rspamd/arcbad.eml")).join();

        assertThat(v.result()).isEqualTo(ArcResult.FAIL);
        assertThat(v.reason()).isEqualTo("more than one ARC-Message-Signature with i=1 (RFC 8617 §4.2.1)");
    }

    /** mail-auth's layout: "name TXT-record" lines, an empty line, then the message. */
    static final class Sample {
        final InMemoryResolver dns;
        final byte[] message;

        private Sample(InMemoryResolver dns, byte[] message) {
            this.dns = dns;
            this.message = message;
        }

        static Sample mailAuth(String file) {
            String text = new String(ArcSuite.bytes("mail-auth/" + file), StandardCharsets.UTF_8);
            int split = text.indexOf("\n\n");
            InMemoryResolver.Builder dns = InMemoryResolver.builder();
            for (String line : text.substring(0, split).split("\n")) {
                int space = line.indexOf(' ');
                dns.txt(line.substring(0, space), line.substring(space + 1));
            }
            return new Sample(dns.build(), text.substring(split + 2).getBytes(StandardCharsets.UTF_8));
        }
    }
}
