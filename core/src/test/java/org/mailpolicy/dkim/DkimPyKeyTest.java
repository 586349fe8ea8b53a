package org.mailpolicy.dkim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mailpolicy.dns.InMemoryResolver;

/**
 * dkimpy's keys, key records and unsigned messages (dkimpy/ and dkimpy-1.1.4-debian/, dkimpy licence
 * beside them): each message is signed with our signer and the dkimpy key, then verified against the
 * key record dkimpy's tests publish, with the result RFC 6376 §3.6.1 requires for that record.
 */
class DkimPyKeyTest {

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("test.private (PKCS#1) + test.txt", "dkimpy/test.private", "dkimpy/test.message", "dkimpy/test.txt", DkimResult.PASS, ""),
                Arguments.of("test2.txt: no k= defaults to rsa", "dkimpy/test.private", "dkimpy/test.message", "dkimpy/test2.txt", DkimResult.PASS, ""),
                Arguments.of("test_bad.txt: p= with its last bytes changed is no RSA key -> permerror naming p=", "dkimpy/test.private", "dkimpy/test.message", "dkimpy/test_bad.txt", DkimResult.PERMERROR, "p="),
                Arguments.of("badk.txt: k=ed25519-sha256 is no key type -> permerror naming k=", "dkimpy/test.private", "dkimpy/test.message", "dkimpy/badk.txt", DkimResult.PERMERROR, "k="),
                Arguments.of("badversion.txt: v=DKIM1: g=* is not DKIM1 -> permerror naming v=", "dkimpy/test.private", "dkimpy/test.message", "dkimpy/badversion.txt", DkimResult.PERMERROR, "v="),
                Arguments.of("test_tlsrpt.txt: s=tlsrpt excludes email -> permerror naming s=", "dkimpy/test.private", "dkimpy/test.message", "dkimpy/test_tlsrpt.txt", DkimResult.PERMERROR, "s=tlsrpt"),
                Arguments.of("test_extra.message", "dkimpy/test.private", "dkimpy/test_extra.message", "dkimpy/test.txt", DkimResult.PASS, ""),
                Arguments.of("test_nofrom.message: From is still signed (over-signed, absent)", "dkimpy/test.private", "dkimpy/test_nofrom.message", "dkimpy/test.txt", DkimResult.PASS, ""),
                Arguments.of("rfc6376.msg", "dkimpy/test.private", "dkimpy/rfc6376.msg", "dkimpy/test.txt", DkimResult.PASS, ""),
                Arguments.of("rfc6376.w1258.msg: windows-1258 bytes in the header", "dkimpy/test.private", "dkimpy-1.1.4-debian/rfc6376.w1258.msg", "dkimpy/test.txt", DkimResult.PASS, ""),
                Arguments.of("ed25519test.key (raw base64 seed) + ed25519test.dns", "dkimpy/ed25519test.key", "dkimpy/ed25519test.msg", "dkimpy/ed25519test.dns", DkimResult.PASS, ""),
                Arguments.of("1024_testkey.key + its record", "dkimpy-1.1.4-debian/1024_testkey.key", "dkimpy/test.message", "dkimpy-1.1.4-debian/1024_testkey_wo_markers.pub.txt", DkimResult.PASS, ""),
                Arguments.of("2048_testkey.key (PKCS#1) + its record", "dkimpy-1.1.4-debian/2048_testkey.key", "dkimpy/test.message", "dkimpy-1.1.4-debian/2048_testkey_wo_markers.pub.txt", DkimResult.PASS, ""),
                Arguments.of("2048_testkey_PKCS8.key + its record", "dkimpy-1.1.4-debian/2048_testkey_PKCS8.key", "dkimpy/test.message", "dkimpy-1.1.4-debian/2048_testkey_PKCS8.key.pub.txt", DkimResult.PASS, ""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void signWithDkimpyKeyAndVerify(String name, String keyFile, String messageFile, String recordFile, DkimResult expected, String reason) {
        DkimPrivateKey key = DkimKeys.parse(ConformanceData.text(keyFile));
        byte[] signed = DkimSigner.builder("example.com").key("test", key).build().signedMessage(ConformanceData.bytes(messageFile));
        InMemoryResolver dns = InMemoryResolver.builder().txt("test._domainkey.example.com", ConformanceData.text(recordFile).strip()).build();

        DkimSignatureResult result = new DkimVerifier(dns, DkimVerifierOptions.defaults()).verify(signed).join().signatures().get(0);

        assertThat(result.result()).as(name + ": " + result).isEqualTo(expected);
        assertThat(result.reason()).contains(reason);
    }
}
