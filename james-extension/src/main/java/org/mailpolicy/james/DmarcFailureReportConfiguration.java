package org.mailpolicy.james;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Locale;

import org.apache.commons.configuration2.Configuration;
import org.mailpolicy.dmarcreport.Redaction;

/**
 * The {@code dmarc.failureReports.*} settings of {@code conf/mailpolicy.properties}: whether DMARC failure
 * reports (RFC 9991) are sent, from which address, how the copied header fields are redacted (RFC 6590)
 * and how many may go out per hour. Off by default: failure reports carry parts of other people's mail.
 * Checked at start-up; a bad value fails naming the file, the key and what is accepted.
 */
public final class DmarcFailureReportConfiguration {

    static final String PREFIX = "dmarc.failureReports.";
    private static final int DEFAULT_PER_DOMAIN = 10;
    private static final int DEFAULT_PER_DESTINATION = 20;
    private static final int DEFAULT_TOTAL = 100;

    private final boolean enabled;
    private final String email;
    private final Redaction redaction;
    private final boolean randomKey;
    private final int maxPerDomain;
    private final int maxPerDestination;
    private final int maxTotal;

    private DmarcFailureReportConfiguration(boolean enabled, String email, Redaction redaction, boolean randomKey,
            int maxPerDomain, int maxPerDestination, int maxTotal) {
        this.enabled = enabled;
        this.email = email;
        this.redaction = redaction;
        this.randomKey = randomKey;
        this.maxPerDomain = maxPerDomain;
        this.maxPerDestination = maxPerDestination;
        this.maxTotal = maxTotal;
    }

    public static DmarcFailureReportConfiguration from(Configuration configuration) {
        boolean enabled = MailPolicyConfiguration.bool(configuration, PREFIX + "enabled", false);
        String email = configuration.getString(PREFIX + "email", "").trim();
        if (email.isEmpty()) {
            email = configuration.getString("dmarc.report.email", "").trim();
        }
        int at = email.lastIndexOf('@');
        if (enabled && (at <= 0 || at == email.length() - 1 || email.chars().anyMatch(c -> c <= ' ' || c == '<' || c == '>'))) {
            throw MailPolicyConfiguration.invalid(PREFIX + "email", email,
                    "the address failure reports come from, such as dmarc-failures@example.com (or dmarc.report.email),"
                            + " when " + PREFIX + "enabled=true");
        }
        String mode = configuration.getString(PREFIX + "redaction", "hash").trim().toLowerCase(Locale.ROOT);
        String key = configuration.getString(PREFIX + "redactionKey", "");
        Redaction redaction;
        boolean randomKey = false;
        switch (mode) {
            case "hash":
                byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
                if (key.isEmpty()) {
                    // Without a configured key, one per start: tokens compare within a run, never across restarts.
                    bytes = new byte[32];
                    new SecureRandom().nextBytes(bytes);
                    randomKey = true;
                }
                redaction = Redaction.keyedHash(bytes);
                break;
            case "token":
                redaction = Redaction.token();
                break;
            case "none":
                redaction = Redaction.none();
                break;
            default:
                throw MailPolicyConfiguration.invalid(PREFIX + "redaction", mode, "hash, token or none");
        }
        return new DmarcFailureReportConfiguration(enabled, email, redaction, randomKey,
                MailPolicyConfiguration.positiveInt(configuration, PREFIX + "maxPerDomain", DEFAULT_PER_DOMAIN),
                MailPolicyConfiguration.positiveInt(configuration, PREFIX + "maxPerDestination", DEFAULT_PER_DESTINATION),
                MailPolicyConfiguration.positiveInt(configuration, PREFIX + "maxTotal", DEFAULT_TOTAL));
    }

    /** {@code dmarc.failureReports.enabled}: false by default. */
    public boolean enabled() {
        return enabled;
    }

    /** The From: and envelope sender of failure reports: {@code dmarc.failureReports.email}, else {@code dmarc.report.email}. */
    public String email() {
        return email;
    }

    /** The domain of {@link #email()}: our Message-IDs and the DKIM key reports are signed with. */
    public String domain() {
        return email.substring(email.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT);
    }

    public Redaction redaction() {
        return redaction;
    }

    /** Hash redaction with a key drawn at start-up, since {@code dmarc.failureReports.redactionKey} is not set. */
    public boolean randomRedactionKey() {
        return randomKey;
    }

    /** At most this many failure reports about one policy domain per hour. */
    public int maxPerDomain() {
        return maxPerDomain;
    }

    /** At most this many failure reports to one destination address per hour. */
    public int maxPerDestination() {
        return maxPerDestination;
    }

    /** At most this many failure reports per hour in all. */
    public int maxTotal() {
        return maxTotal;
    }
}
