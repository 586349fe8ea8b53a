package org.mailpolicy.dmarc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.mailpolicy.authres.MethodResult;
import org.mailpolicy.authres.MethodResults;
import org.mailpolicy.dkim.DkimVerifier;
import org.mailpolicy.dkim.DkimVerifierOptions;
import org.mailpolicy.dns.InMemoryResolver;
import org.mailpolicy.spf.SpfOptions;
import org.mailpolicy.spf.SpfVerifier;

/**
 * The DMARC messages of rspamd and of authheaders, run whole through SPF, DKIM and DMARC with the
 * DNS data of their own suites, in both modes. Each case states the outcome the RFC of the mode
 * requires; where that differs from the suite's, the case says why. Messages of the copied folders
 * that their suites give no DMARC outcome for are listed in {@link #SKIPPED} with the reason.
 * Sources and licences: {@code src/test/resources/conformance/dmarc/README.md}.
 */
class DmarcConformanceTest {

    private static final String RSPAMD = "/conformance/dmarc/rspamd/";
    private static final String AUTHHEADERS = "/conformance/dmarc/authheaders/";

    /** rspamd symbol -> result and disposition. */
    private static final Map<String, String> SYMBOLS = Map.of(
            "DMARC_POLICY_ALLOW", "pass none",
            "DMARC_POLICY_SOFTFAIL", "fail none",
            "DMARC_POLICY_QUARANTINE", "fail quarantine",
            "DMARC_POLICY_REJECT", "fail reject",
            "DMARC_DNSFAIL", "temperror none",
            "DMARC_NA", "none none");

    private static final String NO_ORG_RECORD = "RFC 9989 §4.10.2: mom.za.org publishes no DMARC record, so my.mom.za.org "
            + "(which does) is its own organizational domain and mom.za.org does not align; rspamd uses the PSL";
    private static final String NO_PCT = "RFC 9989 removed pct=, so the policy applies in full; rspamd follows RFC 7489";

    /** Messages copied with their folder that no suite gives a DMARC outcome for. */
    static final Map<String, String> SKIPPED = Map.of(
            "rspamd/bad_dkim2.eml, bad_dkim4.eml, dkim_unknown_tags.eml, ed25519_from.eml", "rspamd asserts only DKIM symbols for them",
            "rspamd/bad_dkim_highsecure.eml, bad_dkim_rspamd.eml, good_dkim_highsecure.eml, good_dkim_rspamd.eml, no_dkim_valid_spf.eml",
            "rspamd asserts only DKIM and SPF symbols for them (dkim.robot, spf.robot)",
            "rspamd/fail_none1.eml", "no rspamd case uses it",
            "rspamd 'DMARC NA NXDOMAIN'", "its message (utf.eml) is not among the copied DMARC messages",
            "authheaders/test.gov.message, test.message", "test_authentication.py uses them for no DMARC assertion");

    // name, file, client IP, MAIL FROM, rspamd's symbol, RFC 9989 symbol where it differs (with the reason)
    private static final String[][] RSPAMD_CASES = {
        {"DMARC NONE PASS DKIM", "pass_none.eml", null, null, "DMARC_POLICY_ALLOW"},
        {"DMARC NONE PASS SPF", "fail_none.eml", "8.8.4.4", "foo@spf.cacophony.za.org", "DMARC_POLICY_ALLOW"},
        {"DMARC NONE FAIL", "fail_none.eml", null, null, "DMARC_POLICY_SOFTFAIL"},
        {"DMARC REJECT FAIL", "fail_reject.eml", null, null, "DMARC_POLICY_REJECT"},
        {"DMARC QUARANTINE FAIL", "fail_quarantine.eml", null, null, "DMARC_POLICY_QUARANTINE"},
        {"DMARC SP NONE FAIL", "subdomain_fail_none.eml", null, null, "DMARC_POLICY_SOFTFAIL"},
        {"DMARC SP REJECT FAIL", "subdomain_fail_reject.eml", null, null, "DMARC_POLICY_REJECT"},
        {"DMARC SP QUARANTINE FAIL", "subdomain_fail_quarantine.eml", null, null, "DMARC_POLICY_QUARANTINE"},
        {"DMARC SUBDOMAIN FAIL DKIM STRICT ALIGNMENT", "onsubdomain_fail_alignment.eml", null, null, "DMARC_POLICY_REJECT"},
        {"DMARC SUBDOMAIN PASS DKIM RELAXED ALIGNMENT", "onsubdomain_pass_relaxed.eml", null, null, "DMARC_POLICY_ALLOW",
            "DMARC_POLICY_REJECT", NO_ORG_RECORD},
        {"DMARC SUBDOMAIN PASS SPF STRICT ALIGNMENT", "onsubdomain_fail_alignment.eml", "37.48.67.26", "foo@yo.mom.za.org", "DMARC_POLICY_ALLOW"},
        {"DMARC SUBDOMAIN FAIL SPF STRICT ALIGNMENT", "onsubdomain_fail_alignment.eml", "37.48.67.26", "foo@mom.za.org", "DMARC_POLICY_REJECT"},
        {"DMARC SUBDOMAIN PASS SPF RELAXED ALIGNMENT", "onsubdomain_fail.eml", "37.48.67.26", "foo@mom.za.org", "DMARC_POLICY_ALLOW",
            "DMARC_POLICY_REJECT", NO_ORG_RECORD},
        {"DMARC DNSFAIL", "dmarc_tmpfail.eml", "37.48.67.26", "foo@mom.za.org", "DMARC_DNSFAIL"},
        {"DMARC PCT ZERO REJECT", "pct_none.eml", "37.48.67.26", "foo@mom.za.org", "DMARC_POLICY_QUARANTINE",
            "DMARC_POLICY_REJECT", NO_PCT},
        {"DMARC PCT ZERO SP QUARANTINE", "pct_none1.eml", "37.48.67.26", "foo@mom.za.org", "DMARC_POLICY_SOFTFAIL",
            "DMARC_POLICY_QUARANTINE", NO_PCT},
        {"DKIM TEMPFAIL SERVFAIL UNALIGNED", "bad_dkim3.eml", "37.48.67.26", null, "DMARC_POLICY_SOFTFAIL"},
        {"SPF DNSFAIL FAILED INCLUDE UNALIGNED", "bad_dkim1.eml", "8.8.8.8", "x@fail2.org.org.za", "DMARC_POLICY_SOFTFAIL"},
    };

    @TestFactory
    Stream<DynamicTest> rspamd() {
        InMemoryResolver dns = rspamdZone();
        List<DynamicTest> tests = new ArrayList<>();
        for (DmarcMode mode : DmarcMode.values()) {
            for (String[] c : RSPAMD_CASES) {
                String symbol = mode == DmarcMode.RFC9989 && c.length > 5 ? c[5] : c[4];
                String name = mode.word() + ": " + c[0] + " (" + c[1] + ") -> " + symbol + (symbol.equals(c[4]) ? "" : ", not " + c[4] + ": " + c[6]);
                tests.add(DynamicTest.dynamicTest(name, () -> {
                    DmarcResult result = evaluate(dns, mode, bytes(RSPAMD + c[1]), c[2], c[3]);
                    assertThat(result.code().keyword() + " " + result.disposition().word()).as("%s", result).isEqualTo(SYMBOLS.get(symbol));
                }));
            }
        }
        return tests.stream();
    }

    // name, file, DKIM passes the suite gives ("verify": our own DKIM verification), expected dmarc= resinfo
    private static final String[][] AUTHHEADERS_CASES = {
        {"test_authenticate_dmarc", "test.message_signed", "verify", "dmarc=pass header.from=example.com policy.dmarc=reject"},
        {"test_authenticate_dmarc_bad", "test.bad.message", "", "dmarc=permerror header.from=bad.example.com"},
        {"test_authenticate_dmarc_nofrom", "test.nofrom.message", "", "dmarc=permerror"},
        {"test_authenticate_dmarc_mult_from", "test.message_multi", "example.org", "dmarc=fail header.from=example.com policy.dmarc=reject"},
        {"test_authenticate_dmarc_mult_from2", "test.message_multi2", "example.org", "dmarc=fail header.from=example.com policy.dmarc=reject"},
        {"test_authenticate_dmarc_sub", "test.message_sub", "", "dmarc=fail header.from=sub.example.net policy.dmarc=reject"},
        {"test_authenticate_dmarc_np1", "test.message_np1", "", "dmarc=fail header.from=sub.example.biz policy.dmarc=reject"},
        {"test_authenticate_dmarc_np2", "test.message_np2", "", "dmarc=fail header.from=sub2.example.biz policy.dmarc=quarantine"},
        // authheaders writes a bare dmarc=none; RFC 8601 §2.7.6 lets header.from name the domain evaluated, and we do.
        {"test_authenticate_dmarc_no_p", "test_nop.message", "", "dmarc=none header.from=nop.example.org"},
        {"test_authenticate_dmarc_comma", "testcomma.message", "verify", "dmarc=pass header.from=example.com policy.dmarc=reject"},
    };

    @TestFactory
    Stream<DynamicTest> authheaders() throws Exception {
        InMemoryResolver dns = InMemoryResolver.builder()
                .txt("test._domainkey.example.com", text(AUTHHEADERS + "test.txt").strip())
                .txt("_dmarc.example.com", "v=DMARC1; p=reject; rua=mailto:dmarc.reports@valimail.com,mailto:dmarc_agg@vali.email;"
                        + " ruf=mailto:dmarc.reports@valimail.com,mailto:dmarc_c0cb7153_afrf@vali.email")
                .txt("_dmarc.example.org", "v=DMARC1; p=none")
                .txt("_dmarc.example.net", "v=DMARC1; p=none; sp=reject")
                .txt("_dmarc.sub.example.net", "")
                .txt("_dmarc.example.biz", "v=DMARC1; p=none; sp=quarantine; np=reject")
                .txt("_dmarc.nop.example.org", "v=DMARC1; sp=quarantine; np=reject")
                .txt("_dmarc.sub.example.biz", "")
                .txt("_dmarc.sub2.example.biz", "")
                .a("sub2.example.biz", InetAddress.getByName("192.0.2.2"))
                .txt("_dmarc.bad.example.com", "v=DMARC1; p=none; reject")
                .build();
        List<DynamicTest> tests = new ArrayList<>();
        for (DmarcMode mode : DmarcMode.values()) {
            for (String[] c : AUTHHEADERS_CASES) {
                // RFC 7489 has no np=: sub.example.biz gets sp=quarantine there; authheaders applies np= in either case.
                String expected = mode == DmarcMode.RFC7489 && c[0].endsWith("np1") ? c[3].replace("reject", "quarantine") : c[3];
                tests.add(DynamicTest.dynamicTest(mode.word() + ": " + c[0] + " (" + c[1] + ") -> " + expected, () -> {
                    byte[] message = bytes(AUTHHEADERS + c[1]);
                    DmarcInput.Builder input = DmarcInput.builder(message);
                    if (c[2].equals("verify")) {
                        input.dkim(new DkimVerifier(dns, DkimVerifierOptions.defaults()).verify(message).get());
                    } else if (!c[2].isEmpty()) {
                        input.dkimPass(c[2]);
                    }
                    DmarcResult result = new DmarcEvaluator(dns, DmarcOptions.builder().mode(mode).build()).evaluate(input.build()).get();
                    assertThat(resinfo(MethodResults.dmarc(result))).as("%s", result).isEqualTo(expected);
                }));
            }
        }
        return tests.stream();
    }

    @Test
    void skippedMessagesAreListedWithAReason() {
        assertThat(SKIPPED).allSatisfy((what, why) -> assertThat(why).isNotBlank());
    }

    private static String resinfo(MethodResult r) {
        StringBuilder out = new StringBuilder(r.method()).append('=').append(r.result());
        r.properties().forEach(p -> out.append(' ').append(p));
        return out.toString();
    }

    private static DmarcResult evaluate(InMemoryResolver dns, DmarcMode mode, byte[] message, String ip, String mailFrom) throws Exception {
        DmarcInput.Builder input = DmarcInput.builder(message).mailFrom(mailFrom);
        if (ip != null) {
            InetAddress client = InetAddress.getByName(ip);
            input.clientAddress(client);
            SpfVerifier spf = new SpfVerifier(dns, SpfOptions.defaults());
            input.spf(mailFrom == null ? spf.verifyHelo(client, "localhost").get() : spf.verifyMailFrom(client, "localhost", mailFrom).get());
        }
        input.dkim(new DkimVerifier(dns, DkimVerifierOptions.defaults()).verify(message).get());
        // pct=0 samples every message out (RFC 7489 §6.6.4), whatever the draw.
        DmarcOptions options = DmarcOptions.builder().mode(mode).sampler(() -> 0).build();
        return new DmarcEvaluator(dns, options).evaluate(input.build()).get();
    }

    private static final Pattern RECORD = Pattern.compile("\\{([^{}]*?)}", Pattern.DOTALL);
    private static final Pattern NAME = Pattern.compile("name\\s*=\\s*\"([^\"]+)\"");
    private static final Pattern TYPE = Pattern.compile("type\\s*=\\s*\"([^\"]+)\"");
    private static final Pattern RCODE = Pattern.compile("rcode\\s*=\\s*'([^']+)'");
    private static final Pattern REPLY = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");

    /** rspamd's {@code fake_records}: rcode norec is NODATA, nxdomain NXDOMAIN, timeout DNS trouble. */
    private static InMemoryResolver rspamdZone() {
        String conf = text(RSPAMD + "merged-local.conf");
        String records = conf.substring(conf.indexOf("fake_records"));
        InMemoryResolver.Builder zone = InMemoryResolver.builder();
        Matcher block = RECORD.matcher(records);
        while (block.find()) {
            String body = block.group(1);
            Matcher type = TYPE.matcher(body);
            if (!type.find()) {
                continue;
            }
            Matcher rcode = RCODE.matcher(body);
            int repliesAt = body.indexOf("replies");
            List<String> replies = new ArrayList<>();
            if (repliesAt >= 0) {
                Matcher reply = REPLY.matcher(body.substring(body.indexOf('[', repliesAt), body.indexOf(']', repliesAt)));
                while (reply.find()) {
                    replies.add(reply.group(1));
                }
            }
            Matcher name = NAME.matcher(body);
            while (name.find()) {
                String n = name.group(1);
                String code = rcode.find(0) ? rcode.group(1) : "";
                if (code.equals("norec")) {
                    zone.exists(n);
                } else if (code.equals("timeout")) {
                    zone.tempfail(n, "timeout");
                }
                for (String r : replies) {
                    add(zone, n, type.group(1), r);
                }
            }
        }
        return zone.build();
    }

    private static void add(InMemoryResolver.Builder zone, String name, String type, String reply) {
        try {
            switch (type) {
                case "txt":
                    zone.txt(name, reply);
                    break;
                case "a":
                case "aaaa":
                    zone.address(name, InetAddress.getByName(reply));
                    break;
                default:
                    zone.exists(name);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] bytes(String path) {
        try (InputStream in = DmarcConformanceTest.class.getResourceAsStream(path)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String text(String path) {
        return new String(bytes(path), StandardCharsets.UTF_8);
    }
}
