package org.mailpolicy.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;

import org.apache.james.jdkim.DKIMVerifier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mailpolicy.dkim.DkimVerifier;
import org.mailpolicy.dkim.DkimVerifierOptions;

/** The DKIM benchmarks compare like with like only if both verifiers pass the same signed messages. */
class DkimFixturesTest {

    private final DkimFixtures fixtures = new DkimFixtures();

    @ParameterizedTest
    @ValueSource(ints = {4096, 102400})
    void bothVerifiersPassTheRsaSignedMessage(int size) throws Exception {
        byte[] signed = fixtures.rsaSigner().signedMessage(DkimFixtures.message(size));

        assertThat(new DkimVerifier(fixtures.resolver, DkimVerifierOptions.defaults()).verify(signed).join().passes()).hasSize(1);
        assertThat(new DKIMVerifier(fixtures.jdkimRecords()).verify(new ByteArrayInputStream(signed))).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(ints = {4096})
    void dualSignedMessagePassesBothSignatures(int size) {
        byte[] signed = fixtures.dualSigner().signedMessage(DkimFixtures.message(size));

        assertThat(new DkimVerifier(fixtures.resolver, DkimVerifierOptions.defaults()).verify(signed).join().passes()).hasSize(2);
    }
}
