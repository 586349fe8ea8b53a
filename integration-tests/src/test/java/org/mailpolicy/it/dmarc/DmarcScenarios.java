package org.mailpolicy.it.dmarc;

import static org.mailpolicy.dmarc.DmarcPolicy.NONE;
import static org.mailpolicy.dmarc.DmarcPolicy.QUARANTINE;
import static org.mailpolicy.dmarc.DmarcPolicy.REJECT;
import static org.mailpolicy.it.dmarc.DmarcScenario.Difference.PEER_DEVIATES_FROM_RFC7489;
import static org.mailpolicy.it.dmarc.DmarcScenario.Difference.RFC9989_CHANGED_THE_RULE;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BiConsumer;

import org.mailpolicy.dmarc.DmarcResultCode;
import org.mailpolicy.spf.SpfResultCode;

/**
 * The generated cross-check cases. Each case owns its domain (its id under .com, .net, .co.uk or
 * the SERVFAIL .org), so the records of one case never answer for another. Three families:
 * the policy matrix (p × sp × From at or below the organizational domain), the alignment matrix
 * (strict and relaxed × From at or below × which identifier passed), and named edge cases.
 */
final class DmarcScenarios {

    private DmarcScenarios() {
    }

    static List<DmarcScenario> all() {
        List<DmarcScenario> all = new ArrayList<>();
        all.addAll(policyMatrix());
        all.addAll(alignmentMatrix());
        all.addAll(edgeCases());
        return all;
    }

    /** p × sp × (From = organizational domain | a subdomain of it); no aligned identifier, so the policy decides. */
    private static List<DmarcScenario> policyMatrix() {
        List<DmarcScenario> out = new ArrayList<>();
        String[] policies = {"none", "quarantine", "reject"};
        String[] subdomainPolicies = {null, "none", "quarantine", "reject"};
        for (String p : policies) {
            for (String sp : subdomainPolicies) {
                for (boolean subdomain : new boolean[] {false, true}) {
                    String id = String.format(Locale.ROOT, "p%02d", out.size() + 1);
                    String org = id + ".com";
                    String record = "v=DMARC1; p=" + p + (sp == null ? "" : "; sp=" + sp);
                    out.add(new DmarcScenario(id, "policy " + record + ", From " + (subdomain ? "subdomain" : "org domain")
                            + ", SPF pass for an unrelated domain")
                            .dmarc(org, record).exists(org)
                            .from("user@" + (subdomain ? "news." + org : org))
                            .spf(SpfResultCode.PASS, id + ".net"));
                }
            }
        }
        return out;
    }

    /** Which identifier passed, against strict and relaxed alignment, From at or below the organizational domain. */
    private static List<DmarcScenario> alignmentMatrix() {
        List<AuthCase> cases = List.of(
                new AuthCase("SPF pass, MAIL FROM = From domain", (s, d) -> s.spf(SpfResultCode.PASS, d.from)),
                new AuthCase("SPF pass, MAIL FROM bounce.<org>", (s, d) -> s.spf(SpfResultCode.PASS, "bounce." + d.org)),
                new AuthCase("SPF pass, MAIL FROM = org domain", (s, d) -> s.spf(SpfResultCode.PASS, d.org)),
                new AuthCase("SPF pass, unrelated MAIL FROM", (s, d) -> s.spf(SpfResultCode.PASS, d.unrelated)),
                new AuthCase("SPF fail, MAIL FROM = From domain", (s, d) -> s.spf(SpfResultCode.FAIL, d.from)),
                new AuthCase("SPF softfail, MAIL FROM = From domain", (s, d) -> s.spf(SpfResultCode.SOFTFAIL, d.from)),
                new AuthCase("DKIM pass d=From domain", (s, d) -> s.spf(SpfResultCode.PASS, d.unrelated).dkimPass(d.from)),
                new AuthCase("DKIM pass d=mail.<org>", (s, d) -> s.spf(SpfResultCode.PASS, d.unrelated).dkimPass("mail." + d.org)),
                new AuthCase("DKIM pass d=org domain", (s, d) -> s.spf(SpfResultCode.PASS, d.unrelated).dkimPass(d.org)),
                new AuthCase("DKIM pass d=unrelated", (s, d) -> s.spf(SpfResultCode.PASS, d.unrelated).dkimPass(d.unrelated)),
                new AuthCase("DKIM fail d=From domain, pass d=unrelated",
                        (s, d) -> s.spf(SpfResultCode.FAIL, d.unrelated).dkimFail(d.from).dkimPass(d.unrelated)),
                new AuthCase("two passing signatures, unrelated then d=From domain",
                        (s, d) -> s.spf(SpfResultCode.NONE, d.unrelated).dkimPass(d.unrelated).dkimPass(d.from)),
                new AuthCase("DKIM pass d=From domain in upper case",
                        (s, d) -> s.spf(SpfResultCode.NONE, d.unrelated).dkimPass(d.from.toUpperCase(Locale.ROOT))),
                new AuthCase("null sender, SPF pass for HELO mx.<org>", (s, d) -> s.spfHelo(SpfResultCode.PASS, "mx." + d.org)));
        List<DmarcScenario> out = new ArrayList<>();
        for (boolean strict : new boolean[] {false, true}) {
            for (boolean subdomain : new boolean[] {false, true}) {
                for (AuthCase auth : cases) {
                    String id = String.format(Locale.ROOT, "a%02d", out.size() + 1);
                    Domains d = new Domains(id, subdomain);
                    // relaxed spelled out in half the cases, left to its default in the other half
                    String record = strict ? "v=DMARC1; p=reject; adkim=s; aspf=s"
                            : subdomain ? "v=DMARC1; p=quarantine" : "v=DMARC1; p=quarantine; adkim=r; aspf=r";
                    DmarcScenario s = new DmarcScenario(id, record + ", From " + (subdomain ? "subdomain" : "org domain")
                            + ": " + auth.description).dmarc(d.org, record).exists(d.org).from("user@" + d.from);
                    auth.apply.accept(s, d);
                    out.add(s);
                }
            }
        }
        return out;
    }

    private static List<DmarcScenario> edgeCases() {
        List<DmarcScenario> out = new ArrayList<>();
        out.add(edge(out, "no DMARC record anywhere", (s, org) -> s.exists(org).from("user@" + org)
                .spf(SpfResultCode.PASS, "x" + org)));
        out.add(edge(out, "record at the org domain only, From three labels below it",
                (s, org) -> s.dmarc(org, "v=DMARC1; p=reject; sp=quarantine").exists(org).from("user@a.b." + org)
                        .spf(SpfResultCode.FAIL, "a.b." + org)));
        out.add(edge(out, "records at an intermediate domain (p=none) and the org domain (p=reject), From below both",
                (s, org) -> s.dmarc("b." + org, "v=DMARC1; p=none").dmarc(org, "v=DMARC1; p=reject").exists(org)
                        // RFC 9989 §4.10.1: a record below the organizational domain does not govern its subdomains,
                        // so both RFCs take <org>'s policy here
                        .from("user@a.b." + org).spf(SpfResultCode.FAIL, "a.b." + org)));
        out.add(edge(out, "From subdomain with its own record p=none, org domain p=reject",
                (s, org) -> s.dmarc("news." + org, "v=DMARC1; p=none").dmarc(org, "v=DMARC1; p=reject").exists(org)
                        .from("user@news." + org).spf(SpfResultCode.FAIL, "news." + org)));
        String twoRecords = "RFC 7489 §6.6.3 step 5 (and RFC 9989 §4.10): several DMARC records mean no policy, result none; "
                + "Mail::DMARC stops with its initial result 'fail' left in place";
        out.add(edge(out, "two DMARC records at the From domain",
                (s, org) -> s.dmarc(org, "v=DMARC1; p=reject").dmarc(org, "v=DMARC1; p=none").exists(org)
                        .from("user@" + org).spf(SpfResultCode.FAIL, org)
                        .rfc7489Differs(PEER_DEVIATES_FROM_RFC7489, DmarcResultCode.NONE, NONE, twoRecords)
                        .rfc9989Differs(PEER_DEVIATES_FROM_RFC7489, DmarcResultCode.NONE, NONE, twoRecords)));
        out.add(edge(out, "two DMARC records at the From subdomain, p=reject at the org domain",
                (s, org) -> s.dmarc("news." + org, "v=DMARC1; p=none").dmarc("news." + org, "v=DMARC1; p=quarantine")
                        .dmarc(org, "v=DMARC1; p=reject").exists(org).from("user@news." + org).spf(SpfResultCode.FAIL, "news." + org)
                        .rfc7489Differs(PEER_DEVIATES_FROM_RFC7489, DmarcResultCode.NONE, NONE, twoRecords)
                        .rfc9989Differs(RFC9989_CHANGED_THE_RULE, DmarcResultCode.FAIL, REJECT,
                                "RFC 9989 §4.10 step 2: several records at one name are discarded and the tree walk goes on "
                                        + "to <org>'s p=reject; RFC 7489 §6.6.3 step 5 ends policy discovery")));
        String invalidP = "RFC 7489 §6.6.3 step 6 (and RFC 9989): no valid p= and no rua= means no DMARC processing; we "
                + "report none, Mail::DMARC its initial 'fail'";
        out.add(edge(out, "p=bogus and no rua=",
                (s, org) -> s.dmarc(org, "v=DMARC1; p=bogus").exists(org).from("user@" + org).spf(SpfResultCode.FAIL, org)
                        .rfc7489Differs(PEER_DEVIATES_FROM_RFC7489, DmarcResultCode.NONE, NONE, invalidP)
                        .rfc9989Differs(PEER_DEVIATES_FROM_RFC7489, DmarcResultCode.NONE, NONE, invalidP)));
        out.add(edge(out, "p=bogus with a valid rua= counts as p=none",
                (s, org) -> s.dmarc(org, "v=DMARC1; p=bogus; rua=mailto:dmarc@" + org).exists(org).from("user@" + org)
                        .spf(SpfResultCode.FAIL, org)));
        out.add(edge(out, "no p= but a valid rua= counts as p=none",
                (s, org) -> s.dmarc(org, "v=DMARC1; rua=mailto:dmarc@" + org).exists(org).from("user@" + org)
                        .spf(SpfResultCode.FAIL, org)));
        String pctGone = "RFC 9989 removed pct=: the published policy applies to every failing message";
        out.add(edge(out, "pct=50 p=reject, draw 10 (in the sample)",
                (s, org) -> s.dmarc(org, "v=DMARC1; p=reject; pct=50").exists(org).from("user@" + org)
                        .spf(SpfResultCode.FAIL, org).sample(10)));
        out.add(edge(out, "pct=50 p=reject, draw 60 (sampled out: quarantine)",
                (s, org) -> s.dmarc(org, "v=DMARC1; p=reject; pct=50").exists(org).from("user@" + org)
                        .spf(SpfResultCode.FAIL, org).sample(60)
                        .rfc9989Differs(RFC9989_CHANGED_THE_RULE, DmarcResultCode.FAIL, REJECT, pctGone)));
        out.add(edge(out, "pct=0 p=quarantine, draw 0 (sampled out: none)",
                (s, org) -> s.dmarc(org, "v=DMARC1; p=quarantine; pct=0").exists(org).from("user@" + org)
                        .spf(SpfResultCode.FAIL, org).sample(0)
                        .rfc9989Differs(RFC9989_CHANGED_THE_RULE, DmarcResultCode.FAIL, QUARANTINE, pctGone)));
        out.add(edge(out, "pct=100 p=reject, draw 99",
                (s, org) -> s.dmarc(org, "v=DMARC1; p=reject; pct=100").exists(org).from("user@" + org)
                        .spf(SpfResultCode.FAIL, org).sample(99)));
        out.add(edge(out, "pct=20 p=none sp=reject, From subdomain, draw 50 (sampled out: quarantine)",
                (s, org) -> s.dmarc(org, "v=DMARC1; p=none; sp=reject; pct=20").exists(org).from("user@news." + org)
                        .spf(SpfResultCode.FAIL, "news." + org).sample(50)
                        .rfc9989Differs(RFC9989_CHANGED_THE_RULE, DmarcResultCode.FAIL, REJECT, pctGone)));
        out.add(edge(out, "t=y p=reject",
                (s, org) -> s.dmarc(org, "v=DMARC1; p=reject; t=y").exists(org).from("user@" + org).spf(SpfResultCode.FAIL, org)
                        .rfc9989Differs(RFC9989_CHANGED_THE_RULE, DmarcResultCode.FAIL, QUARANTINE,
                                "RFC 9989 §4.7 t=y: the policy applies one step lower; RFC 7489 has no t= tag")));
        out.add(edge(out, "np=reject p=none sp=none, From a subdomain that does not exist",
                (s, org) -> s.dmarc(org, "v=DMARC1; p=none; sp=none; np=reject").exists(org).from("user@nx." + org)
                        .spf(SpfResultCode.FAIL, "nx." + org)
                        .rfc9989Differs(RFC9989_CHANGED_THE_RULE, DmarcResultCode.FAIL, REJECT,
                                "RFC 9989 §4.7 np=: the policy for subdomains that do not exist (RFC 8020 NXDOMAIN); "
                                        + "RFC 7489 has no np= tag")));
        out.add(edge(out, "np=reject p=none sp=none, From a subdomain that exists",
                (s, org) -> s.dmarc(org, "v=DMARC1; p=none; sp=none; np=reject").exists(org).exists("news." + org)
                        .from("user@news." + org).spf(SpfResultCode.FAIL, "news." + org)));
        out.add(edge(out, "psd=y at the org domain, From a.<org>, DKIM pass d=b.<org>",
                (s, org) -> s.dmarc(org, "v=DMARC1; p=reject; psd=y").exists(org).from("user@a." + org)
                        .spf(SpfResultCode.NONE, "a." + org).dkimPass("b." + org)
                        .rfc9989Differs(RFC9989_CHANGED_THE_RULE, DmarcResultCode.FAIL, REJECT,
                                "RFC 9989 §4.10.2: below a psd=y record the organizational domains are a.<org> and b.<org>, "
                                        + "which do not align; with the Public Suffix List both are <org>")));
        out.add(edge(out, "From under co.uk, DKIM pass d=mail.<org>.co.uk",
                (s, org) -> {
                    String uk = org.replace(".com", ".co.uk");
                    s.dmarc(uk, "v=DMARC1; p=reject").exists(uk).from("user@" + uk).spf(SpfResultCode.NONE, uk)
                            .dkimPass("mail." + uk);
                }));
        out.add(edge(out, "From news.<org>.co.uk, record at <org>.co.uk p=none sp=reject",
                (s, org) -> {
                    String uk = org.replace(".com", ".co.uk");
                    s.dmarc(uk, "v=DMARC1; p=none; sp=reject").exists(uk).from("user@news." + uk)
                            .spf(SpfResultCode.FAIL, "news." + uk);
                }));
        out.add(edge(out, "From <org>.co.uk, SPF pass for another domain under co.uk",
                (s, org) -> {
                    String uk = org.replace(".com", ".co.uk");
                    s.dmarc(uk, "v=DMARC1; p=reject").exists(uk).from("user@" + uk).spf(SpfResultCode.PASS, "x" + uk);
                }));
        out.add(edge(out, "From domain not in DNS at all",
                (s, org) -> s.from("user@" + org).spf(SpfResultCode.PASS, org)));
        out.add(edge(out, "TXT record that does not start with v=DMARC1",
                (s, org) -> s.dmarc(org, "p=reject; v=DMARC1").exists(org).from("user@" + org).spf(SpfResultCode.FAIL, org)));
        out.add(edge(out, "policy word in mixed case, tags spaced",
                (s, org) -> s.dmarc(org, "v=DMARC1 ; p = Quarantine ; adkim = s").exists(org).from("user@" + org)
                        .spf(SpfResultCode.NONE, org).dkimPass("mail." + org)));
        String multiFrom = "RFC 7489 §6.6.1: with several From addresses each domain is evaluated and the strictest "
                + "failing policy applies; Mail::DMARC evaluates only the last address (its get_from_dom)";
        out.add(edge(out, "two From addresses, first domain p=reject fails, last domain p=none passes",
                (s, org) -> {
                    String other = org.replace(".com", ".net");
                    s.dmarc(org, "v=DMARC1; p=reject").exists(org).dmarc(other, "v=DMARC1; p=none").exists(other)
                            .from("a@" + org + ", b@" + other).spf(SpfResultCode.PASS, other)
                            .rfc7489Differs(PEER_DEVIATES_FROM_RFC7489, DmarcResultCode.FAIL, REJECT, multiFrom)
                            .rfc9989Differs(PEER_DEVIATES_FROM_RFC7489, DmarcResultCode.FAIL, REJECT, multiFrom);
                }));
        String servfail = "RFC 7489 §6.6.3: a transient DNS error is not 'no record'; we answer temperror (RFC 8601 "
                + "§2.7.6), Mail::DMARC takes SERVFAIL for a domain not in DNS and answers none";
        out.add(edge(out, "the From domain's zone answers SERVFAIL",
                (s, org) -> s.from("user@" + org.replace(".com", ".org")).spf(SpfResultCode.PASS, "x" + org)
                        .rfc7489Differs(PEER_DEVIATES_FROM_RFC7489, DmarcResultCode.TEMPERROR, NONE, servfail)
                        .rfc9989Differs(PEER_DEVIATES_FROM_RFC7489, DmarcResultCode.TEMPERROR, NONE, servfail)));
        String invalidSp = "RFC 7489 §6.6.3 step 6 and RFC 9989 §4.10.1: an invalid sp= and no rua= means no DMARC "
                + "processing; we report none, Mail::DMARC its initial 'fail' (both leave the message alone)";
        out.add(edge(out, "sp=bogus p=reject and no rua=, From subdomain",
                (s, org) -> s.dmarc(org, "v=DMARC1; p=reject; sp=bogus").exists(org).from("user@news." + org)
                        .spf(SpfResultCode.FAIL, "news." + org)
                        .rfc7489Differs(PEER_DEVIATES_FROM_RFC7489, DmarcResultCode.NONE, NONE, invalidSp)
                        .rfc9989Differs(PEER_DEVIATES_FROM_RFC7489, DmarcResultCode.NONE, NONE, invalidSp)));
        out.add(edge(out, "null sender, SPF pass for an unrelated HELO name",
                (s, org) -> s.dmarc(org, "v=DMARC1; p=reject").exists(org).from("user@" + org)
                        .spfHelo(SpfResultCode.PASS, "mx.x" + org)));
        String heloPass = "RFC 7489 §4.1 and RFC 9989 §4.4.2: the SPF identity is RFC5321.MailFrom, HELO only for the null "
                + "sender; Mail::DMARC takes a passing HELO result when the MAIL FROM one failed";
        out.add(edge(out, "SPF fail for MAIL FROM = From domain, pass for the HELO name mx.<org>",
                (s, org) -> s.dmarc(org, "v=DMARC1; p=reject").exists(org).from("user@" + org)
                        .spf(SpfResultCode.FAIL, org).heloPassToo("mx." + org)
                        .rfc7489Differs(PEER_DEVIATES_FROM_RFC7489, DmarcResultCode.FAIL, REJECT, heloPass)
                        .rfc9989Differs(PEER_DEVIATES_FROM_RFC7489, DmarcResultCode.FAIL, REJECT, heloPass)));
        return out;
    }

    private static DmarcScenario edge(List<DmarcScenario> sofar, String description, BiConsumer<DmarcScenario, String> build) {
        String id = String.format(Locale.ROOT, "e%02d", sofar.size() + 1);
        DmarcScenario s = new DmarcScenario(id, description);
        build.accept(s, id + ".com");
        return s;
    }

    /** The names one alignment case uses. */
    private static final class Domains {
        final String org;
        final String from;
        final String unrelated;

        Domains(String id, boolean subdomain) {
            this.org = id + ".com";
            this.from = subdomain ? "news." + org : org;
            this.unrelated = id + ".net";
        }
    }

    private static final class AuthCase {
        final String description;
        final BiConsumer<DmarcScenario, Domains> apply;

        AuthCase(String description, BiConsumer<DmarcScenario, Domains> apply) {
            this.description = description;
            this.apply = apply;
        }
    }
}
