package org.mailpolicy.it.dmarc;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.mailpolicy.dmarc.DmarcPolicy;
import org.mailpolicy.dmarc.DmarcResultCode;
import org.mailpolicy.spf.SpfResultCode;

/**
 * One DMARC cross-check case: the DNS records it publishes, the message's From, the SPF and DKIM
 * verdicts handed to both implementations, the {@code pct=} draw, and per mode whether our engine
 * must agree with Mail::DMARC or differs for a stated reason.
 */
final class DmarcScenario {

    /** Why our engine's verdict and Mail::DMARC's differ in a case. */
    enum Difference {
        /** Mail::DMARC does not do what RFC 7489 asks. */
        PEER_DEVIATES_FROM_RFC7489,
        /** RFC 9989 changed the rule Mail::DMARC implements from RFC 7489. */
        RFC9989_CHANGED_THE_RULE
    }

    /** What the test requires of our verdict in one mode. */
    static final class Expectation {
        final Difference difference;
        final DmarcResultCode result;
        final DmarcPolicy disposition;
        final String reason;

        private Expectation(Difference difference, DmarcResultCode result, DmarcPolicy disposition, String reason) {
            this.difference = difference;
            this.result = result;
            this.disposition = disposition;
            this.reason = reason;
        }

        static Expectation agree() {
            return new Expectation(null, null, null, null);
        }

        boolean agrees() {
            return difference == null;
        }
    }

    /** A DKIM signature's verdict as the verifier gave it. */
    static final class Signature {
        final String domain;
        final boolean pass;

        Signature(String domain, boolean pass) {
            this.domain = domain;
            this.pass = pass;
        }
    }

    final String id;
    final String description;
    final List<String[]> txtRecords = new ArrayList<>();
    final List<String> addressRecords = new ArrayList<>();
    String fromHeader;
    /** The envelope sender's domain; null for the null sender, when SPF checked the HELO name. */
    String mailFromDomain;
    String helo;
    SpfResultCode spf = SpfResultCode.NONE;
    /** A HELO name SPF also passed, told to Mail::DMARC only: our engine takes the one SPF identity that counts. */
    String heloPassToo;
    final List<Signature> dkim = new ArrayList<>();
    /** The number 0-99 a pct= sample draws; in the sample when below pct. */
    int sample;
    Expectation rfc7489 = Expectation.agree();
    Expectation rfc9989 = Expectation.agree();

    DmarcScenario(String id, String description) {
        this.id = id;
        this.description = description;
    }

    DmarcScenario dmarc(String domain, String record) {
        txtRecords.add(new String[] {"_dmarc." + domain, record});
        return this;
    }

    /** The name exists (an A record), as Mail::DMARC checks before it applies DMARC. */
    DmarcScenario exists(String domain) {
        addressRecords.add(domain);
        return this;
    }

    DmarcScenario from(String address) {
        this.fromHeader = address;
        return this;
    }

    DmarcScenario spf(SpfResultCode result, String mailFromDomain) {
        this.spf = result;
        this.mailFromDomain = mailFromDomain;
        this.helo = "mx." + mailFromDomain;
        return this;
    }

    /** The null sender: SPF checked the HELO name (RFC 7208 §2.3). */
    DmarcScenario spfHelo(SpfResultCode result, String helo) {
        this.spf = result;
        this.mailFromDomain = null;
        this.helo = helo;
        return this;
    }

    DmarcScenario heloPassToo(String heloName) {
        this.heloPassToo = heloName;
        return this;
    }

    DmarcScenario dkimPass(String domain) {
        dkim.add(new Signature(domain, true));
        return this;
    }

    DmarcScenario dkimFail(String domain) {
        dkim.add(new Signature(domain, false));
        return this;
    }

    DmarcScenario sample(int draw) {
        this.sample = draw;
        return this;
    }

    DmarcScenario rfc7489Differs(Difference why, DmarcResultCode result, DmarcPolicy disposition, String reason) {
        this.rfc7489 = new Expectation(why, result, disposition, reason);
        return this;
    }

    DmarcScenario rfc9989Differs(Difference why, DmarcResultCode result, DmarcPolicy disposition, String reason) {
        this.rfc9989 = new Expectation(why, result, disposition, reason);
        return this;
    }

    /** The domain SPF authenticated: the MAIL FROM domain, or the HELO name for the null sender. */
    String spfDomain() {
        return mailFromDomain != null ? mailFromDomain : helo;
    }

    byte[] message() {
        return ("From: " + fromHeader + "\r\nTo: rcpt@receiver.example\r\nSubject: " + id + "\r\n\r\nHello.\r\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return id + " " + description;
    }
}
