package org.mailpolicy.dkim;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mailpolicy.dns.InMemoryResolver;

/**
 * Verifies signed messages from public suites, copied with their licences into
 * src/test/resources/conformance/dkim:
 * <ul>
 * <li>mail-auth/ (stalwartlabs/mail-auth @ 0e93300e, resources/dkim; Apache-2.0 / MIT): each file is
 *     "name TXT-record" lines, an empty line, then the message. 001.txt is RFC 8463 Appendix A.</li>
 * <li>dkimpy/ and dkimpy-1.1.4-debian/ (kitterma/dkimpy-mirror @ 2c6df2b8 and the Debian python3-dkim
 *     1.1.4 package, dkim/tests/data; dkimpy licence): signed messages with their key records.</li>
 * <li>rspamd/ (rspamd/rspamd @ eaac8e91, test/functional/messages; Apache-2.0): edge cases. Their key
 *     records come from rspamd's test/functional/configs/merged-local.conf ({@code fake_records});
 *     records rspamd's suite does not publish there answer NXDOMAIN here, as they would for us.</li>
 * </ul>
 * The expected results are what RFC 6376 / RFC 8301 / RFC 8463 require, not what the source suite's
 * implementation answers. The whole suite runs; nothing is skipped, except the files listed in
 * {@link #NOT_VERIFICATION_CASES}, which are inputs of the sign-and-verify cases instead.
 */
class DkimConformanceTest {

    /** Files of the copied suites that are not signed messages, and where they are used. */
    static final List<String> NOT_VERIFICATION_CASES = List.of(
            "dkimpy/*.txt, *.dns, *.key, *.private, 1024/2048_testkey*: keys and key records, used in DkimPyKeyTest",
            "dkimpy/test.message, test_extra.message, test_nofrom.message, rfc6376.msg, ed25519test.msg, rfc6376.w1258.msg: unsigned, signed then verified in DkimPyKeyTest",
            "dkimpy/message.mbox: an mbox file (a 'From ' line before the header), not an RFC 5322 message; dkimpy reads it only in its own mbox-signing test");

    private static final String FOOTBALL_RSA = "v=DKIM1; k=rsa; p=MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDkHlOQoBTzWRiGs5V6NpP3idY6Wk08a5qhdR6wy5bdOKb2jLQiY/J16JYi0Qvx/byYzCNb3W91y3FutACDfzwQ/BC/e/8uBsCR+yz1Lxj+PL6lHvqMKrM3rG4hstT5QjvHO9PzoxZyVYLzBfO2EeC3Ip3G+2kryOTIKT+l/K4w3QIDAQAB";
    private static final String FOOTBALL_ED25519 = "v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=";

    static Stream<Arguments> mailAuth() {
        return Stream.of(
                Arguments.of("001.txt RFC 8463 Appendix A: ed25519-sha256 and rsa-sha256 both pass", "001.txt",
                        List.of(DkimResult.PASS, DkimResult.PASS)),
                Arguments.of("002.txt RFC 6376 Appendix A, PKCS#1 RSAPublicKey in p=", "002.txt", List.of(DkimResult.PASS)),
                Arguments.of("003.txt ietf.org relaxed/simple, the same signature twice", "003.txt", List.of(DkimResult.PASS, DkimResult.PASS)),
                Arguments.of("004.txt facebookmail.com, key t=s h=sha256", "004.txt", List.of(DkimResult.PASS)),
                Arguments.of("005.txt topicbox.com with x= (before expiry)", "005.txt", List.of(DkimResult.PASS)),
                Arguments.of("006.txt github.com, key t=s", "006.txt", List.of(DkimResult.PASS)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mailAuth")
    void mailAuthVector(String name, String file, List<DkimResult> expected) {
        String text = ConformanceData.text("mail-auth/" + file);
        int split = text.indexOf("\n\n");
        InMemoryResolver.Builder dns = InMemoryResolver.builder();
        for (String line : text.substring(0, split).split("\n")) {
            int space = line.indexOf(' ');
            dns.txt(line.substring(0, space), line.substring(space + 1));
        }
        byte[] message = text.substring(split + 2).getBytes(StandardCharsets.UTF_8);

        assertThat(results(dns.build(), message)).as(name).containsExactlyElementsOf(expected);
    }

    static Stream<Arguments> dkimpy() {
        return Stream.of(
                Arguments.of("rfc6376.signed.msg: ed25519 and rsa signatures (RFC 8463 keys)", "dkimpy/rfc6376.signed.msg",
                        List.of(DkimResult.PASS, DkimResult.PASS)),
                Arguments.of("rfc6376.signed.rsa.msg: rsa-sha256 simple/simple", "dkimpy-1.1.4-debian/rfc6376.signed.rsa.msg",
                        List.of(DkimResult.PASS)),
                Arguments.of("ed25519test2.msg: Exim's ed25519 vector (eximtest.dns at sed._domainkey.test.ex)", "dkimpy/ed25519test2.msg",
                        List.of(DkimResult.PASS)),
                Arguments.of("test.message.baddomain: d= with '(' is not a domain name (RFC 6376 §3.5) -> permerror",
                        "dkimpy-1.1.4-debian/test.message.baddomain", List.of(DkimResult.PERMERROR)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dkimpy")
    void dkimpyMessage(String name, String file, List<DkimResult> expected) {
        InMemoryResolver dns = InMemoryResolver.builder()
                .txt("brisbane._domainkey.football.example.com", FOOTBALL_ED25519)
                .txt("test._domainkey.football.example.com", ConformanceData.text("dkimpy/test.txt").strip())
                .txt("sed._domainkey.test.ex", ConformanceData.text("dkimpy/eximtest.dns").strip())
                .txt("test._domainkey.legitimate.com(.attacker.com", FOOTBALL_RSA)
                .build();

        assertThat(results(dns, ConformanceData.bytes(file))).as(name).containsExactlyElementsOf(expected);
    }

    static Stream<Arguments> rspamd() {
        List<DkimResult> fiveJunkAndOne = List.of(DkimResult.PERMERROR, DkimResult.PERMERROR, DkimResult.PERMERROR,
                DkimResult.PERMERROR, DkimResult.PERMERROR);
        return Stream.of(
                Arguments.of("dkim_broken_key.eml: no key record published -> permerror (RFC 6376 §6.1.2)", "dkim_broken_key.eml",
                        List.of(DkimResult.PERMERROR), "no key record"),
                Arguments.of("dkim_key_too_long.eml: no key record published -> permerror", "dkim_key_too_long.eml",
                        List.of(DkimResult.PERMERROR), "no key record"),
                Arguments.of("dkim_key_too_wide.eml: no key record published -> permerror", "dkim_key_too_wide.eml",
                        List.of(DkimResult.PERMERROR), "no key record"),
                Arguments.of("dkim_key_wide_ok.eml: no key record published -> permerror", "dkim_key_wide_ok.eml",
                        List.of(DkimResult.PERMERROR), "no key record"),
                Arguments.of("dkim_revoked_key.eml: no key record published -> permerror", "dkim_revoked_key.eml",
                        List.of(DkimResult.PERMERROR), "no key record"),
                Arguments.of("dkim_huge_hlist.eml: no key record for example.com -> permerror", "dkim_huge_hlist.eml",
                        List.of(DkimResult.PERMERROR), "no key record"),
                Arguments.of("dkim_large_hlist.eml: the published record has no p= -> permerror naming p= (RFC 6376 §3.6.1)",
                        "dkim_large_hlist.eml", List.of(DkimResult.PERMERROR), "p="),
                Arguments.of("dkim_many_sigs.eml: 5 checked (junk without b= -> permerror naming b=), the 6th not checked",
                        "dkim_many_sigs.eml", concat(fiveJunkAndOne, DkimResult.NEUTRAL), "missing tag b="),
                Arguments.of("dkim_sigs_at_limit.eml: all 5 checked", "dkim_sigs_at_limit.eml", fiveJunkAndOne, "missing tag b="));
    }

    private static List<DkimResult> concat(List<DkimResult> first, DkimResult last) {
        List<DkimResult> all = new java.util.ArrayList<>(first);
        all.add(last);
        return all;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rspamd")
    void rspamdEdgeCase(String name, String file, List<DkimResult> expected, String firstReason) {
        InMemoryResolver dns = InMemoryResolver.builder()
                // rspamd's fake_records for the names these messages use.
                .txt("testdkim._domainkey.asdf.rspamd.tk", "bio=a263adeab8acdcdb8b89e127b67d696061fdfbee")
                .build();
        DkimVerification verification = new DkimVerifier(dns, options()).verify(ConformanceData.bytes("rspamd/" + file)).join();

        assertThat(verification.signatures()).extracting(DkimSignatureResult::result).as(name).containsExactlyElementsOf(expected);
        assertThat(verification.signatures().get(0).reason()).contains(firstReason);
    }

    private static DkimVerifierOptions options() {
        return DkimVerifierOptions.builder().clock(ConformanceData.VECTOR_TIME).build();
    }

    static List<DkimResult> results(InMemoryResolver dns, byte[] message) {
        DkimVerification verification = new DkimVerifier(dns, options()).verify(message).join();
        return Arrays.asList(verification.signatures().stream().map(DkimSignatureResult::result).toArray(DkimResult[]::new));
    }
}
