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

    private MailPolicyConfiguration(String authservId, List<String> dnsServers, Duration dnsTimeout,
                                    int dnsCacheMaxEntries, Duration spfTimeout) {
        this.authservId = authservId;
        this.dnsServers = List.copyOf(dnsServers);
        this.dnsTimeout = dnsTimeout;
        this.dnsCacheMaxEntries = dnsCacheMaxEntries;
        this.spfTimeout = spfTimeout;
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
                duration(configuration, "spf.timeout", Duration.ofSeconds(20)));
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

    private static int positiveInt(Configuration configuration, String key, int defaultValue) {
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
                && spfTimeout.equals(that.spfTimeout);
    }

    @Override
    public int hashCode() {
        return Objects.hash(authservId, dnsServers, dnsTimeout, dnsCacheMaxEntries, spfTimeout);
    }
}
