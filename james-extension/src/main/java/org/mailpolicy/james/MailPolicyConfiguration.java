package org.mailpolicy.james;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;

import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.ex.ConversionException;

/**
 * The settings of {@code conf/mailpolicy.properties} that the engines share. Every value is
 * checked at start-up; a bad one fails with the file, the key and what is accepted.
 */
public final class MailPolicyConfiguration {

    public static final String FILE = "mailpolicy.properties";

    private final String authservId;
    private final List<String> dnsServers;
    private final Duration dnsTimeout;
    private final int dnsCacheMaxEntries;
    private final Duration spfTimeout;
    private final int dkimMaxSignatures;
    private final boolean dkimAllowRsaSha1;
    private final boolean dkimHonourLengthTag;
    private final Duration dkimClockSkew;
    private final Duration dkimTimeout;

    private MailPolicyConfiguration(String authservId, List<String> dnsServers, Duration dnsTimeout,
                                    int dnsCacheMaxEntries, Duration spfTimeout, int dkimMaxSignatures,
                                    boolean dkimAllowRsaSha1, boolean dkimHonourLengthTag, Duration dkimClockSkew,
                                    Duration dkimTimeout) {
        this.authservId = authservId;
        this.dnsServers = List.copyOf(dnsServers);
        this.dnsTimeout = dnsTimeout;
        this.dnsCacheMaxEntries = dnsCacheMaxEntries;
        this.spfTimeout = spfTimeout;
        this.dkimMaxSignatures = dkimMaxSignatures;
        this.dkimAllowRsaSha1 = dkimAllowRsaSha1;
        this.dkimHonourLengthTag = dkimHonourLengthTag;
        this.dkimClockSkew = dkimClockSkew;
        this.dkimTimeout = dkimTimeout;
    }

    public static MailPolicyConfiguration from(Configuration configuration) {
        String authservId = configuration.getString("authservId", "").trim();
        if (authservId.isEmpty()) {
            authservId = localHostName();
        }
        if (!authservId.matches("[A-Za-z0-9._-]+")) {
            throw invalid("authservId", authservId, "a host name such as mx.example.com");
        }
        List<String> servers = Arrays.stream(configuration.getStringArray("dns.servers"))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .collect(Collectors.toList());
        return new MailPolicyConfiguration(
                authservId.toLowerCase(Locale.ROOT),
                servers,
                duration(configuration, "dns.timeout", Duration.ofSeconds(2)),
                positiveInt(configuration, "dns.cache.maxEntries", 10_000),
                duration(configuration, "spf.timeout", Duration.ofSeconds(20)),
                positiveInt(configuration, "dkim.maxSignatures", 5),
                bool(configuration, "dkim.allowRsaSha1", false),
                bool(configuration, "dkim.honourLengthTag", false),
                duration(configuration, "dkim.clockSkew", Duration.ofMinutes(5)),
                duration(configuration, "dkim.timeout", Duration.ofSeconds(10)));
    }

    /** RFC 8601 §2.5: the name of this host in our Authentication-Results fields. */
    public String authservId() {
        return authservId;
    }

    /** {@code host:port} of each DNS server; empty means the system's. */
    public List<String> dnsServers() {
        return dnsServers;
    }

    public Duration dnsTimeout() {
        return dnsTimeout;
    }

    public int dnsCacheMaxEntries() {
        return dnsCacheMaxEntries;
    }

    /** Wall-clock budget of one SPF evaluation (RFC 7208 §4.6.4 asks for at least 20 seconds). */
    public Duration spfTimeout() {
        return spfTimeout;
    }

    /** How many DKIM-Signature fields of one message are verified; later ones are reported as not checked. */
    public int dkimMaxSignatures() {
        return dkimMaxSignatures;
    }

    /** Verify rsa-sha1 signatures instead of answering {@code policy} (RFC 8301 §3.1). */
    public boolean dkimAllowRsaSha1() {
        return dkimAllowRsaSha1;
    }

    /** Verify {@code l=} signatures over their signed part instead of answering {@code policy} (RFC 6376 §8.2). */
    public boolean dkimHonourLengthTag() {
        return dkimHonourLengthTag;
    }

    /** How long past {@code x=} a signature still counts as unexpired (RFC 6376 §3.5). */
    public Duration dkimClockSkew() {
        return dkimClockSkew;
    }

    /** Wall-clock budget of verifying one message's signatures; past it the result is {@code temperror}. */
    public Duration dkimTimeout() {
        return dkimTimeout;
    }

    static Duration duration(Configuration configuration, String key, Duration defaultValue) {
        String raw = configuration.getString(key, "").trim();
        if (raw.isEmpty()) {
            return defaultValue;
        }
        try {
            return Durations.parse(raw);
        } catch (IllegalArgumentException e) {
            throw invalid(key, raw, "a duration such as 500ms, 2s, 5m, 1h or 1d");
        }
    }

    static int positiveInt(Configuration configuration, String key, int defaultValue) {
        try {
            int value = configuration.getInt(key, defaultValue);
            if (value <= 0) {
                throw invalid(key, String.valueOf(value), "a positive whole number");
            }
            return value;
        } catch (ConversionException e) {
            throw invalid(key, configuration.getString(key), "a positive whole number");
        }
    }

    static boolean bool(Configuration configuration, String key, boolean defaultValue) {
        String raw = configuration.getString(key, "").trim();
        if (raw.isEmpty()) {
            return defaultValue;
        }
        switch (raw.toLowerCase(Locale.ROOT)) {
            case "true":
                return true;
            case "false":
                return false;
            default:
                throw invalid(key, raw, "true or false");
        }
    }

    static IllegalArgumentException invalid(String key, String value, String accepted) {
        return new IllegalArgumentException(FILE + ": " + key + "=" + value + " is not valid; expected " + accepted);
    }

    private static String localHostName() {
        try {
            return InetAddress.getLocalHost().getCanonicalHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof MailPolicyConfiguration)) {
            return false;
        }
        MailPolicyConfiguration that = (MailPolicyConfiguration) o;
        return authservId.equals(that.authservId) && dnsServers.equals(that.dnsServers)
                && dnsTimeout.equals(that.dnsTimeout) && dnsCacheMaxEntries == that.dnsCacheMaxEntries
                && spfTimeout.equals(that.spfTimeout) && dkimMaxSignatures == that.dkimMaxSignatures
                && dkimAllowRsaSha1 == that.dkimAllowRsaSha1 && dkimHonourLengthTag == that.dkimHonourLengthTag
                && dkimClockSkew.equals(that.dkimClockSkew) && dkimTimeout.equals(that.dkimTimeout);
    }

    @Override
    public int hashCode() {
        return Objects.hash(authservId, dnsServers, dnsTimeout, dnsCacheMaxEntries, spfTimeout, dkimMaxSignatures,
                dkimAllowRsaSha1, dkimHonourLengthTag, dkimClockSkew, dkimTimeout);
    }
}
