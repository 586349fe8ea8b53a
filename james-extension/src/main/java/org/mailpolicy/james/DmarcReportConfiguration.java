package org.mailpolicy.james;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import org.apache.commons.configuration2.Configuration;
import org.mailpolicy.dmarcreport.InMemoryReportStore;
import org.mailpolicy.dmarcreport.RedisReportStore;
import org.mailpolicy.dmarcreport.ReportFormat;
import org.mailpolicy.dmarcreport.ReportInterval;
import org.mailpolicy.dmarcreport.ReportStore;
import org.mailpolicy.dmarcreport.ReporterMetadata;
import org.mailpolicy.dmarcreport.SuppressionList;
import org.mailpolicy.ratelimit.InMemoryRateLimitStore;
import org.mailpolicy.ratelimit.RateLimitStore;
import org.mailpolicy.ratelimit.RedisRateLimitStore;

/**
 * The {@code dmarc.report.*} settings of {@code conf/mailpolicy.properties}: whether aggregate reports
 * (RFC 9990) are collected and sent, how often, who signs them, where pending data waits, and where
 * reports never go. Off by default, so a development server never mails strangers. Checked at start-up;
 * a bad value fails naming the file, the key and what is accepted.
 */
public final class DmarcReportConfiguration {

    /** Where pending report data lives. */
    public enum Store {
        MEMORY, REDIS
    }

    static final String DEFAULT_SNAPSHOT = "file://var/mailpolicy/dmarc-reports.snapshot";
    private static final int DEFAULT_MAX_RECORDS = 100_000;
    private static final int DEFAULT_MAX_REPORTS_PER_DESTINATION = 100;
    private static final Duration DEFAULT_REDIS_TIMEOUT = Duration.ofSeconds(1);

    private final boolean enabled;
    private final Duration interval;
    private final ReporterMetadata reporter;
    private final ReportFormat format;
    private final Store store;
    private final String redisUri;
    private final Duration redisTimeout;
    private final Duration redisLease;
    private final String snapshot;
    private final int maxRecords;
    private final int maxReportsPerDestination;
    private final SuppressionList suppressions;

    private DmarcReportConfiguration(boolean enabled, Duration interval, ReporterMetadata reporter, ReportFormat format,
            Store store, String redisUri, Duration redisTimeout, Duration redisLease, String snapshot, int maxRecords,
            int maxReportsPerDestination, SuppressionList suppressions) {
        this.enabled = enabled;
        this.interval = interval;
        this.reporter = reporter;
        this.format = format;
        this.store = store;
        this.redisUri = redisUri;
        this.redisTimeout = redisTimeout;
        this.redisLease = redisLease;
        this.snapshot = snapshot;
        this.maxRecords = maxRecords;
        this.maxReportsPerDestination = maxReportsPerDestination;
        this.suppressions = suppressions;
    }

    /** @param resolve finds {@code dmarc.report.suppressionFile} as James resolves {@code file://conf/...} */
    public static DmarcReportConfiguration from(Configuration configuration, String authservId, PathResolver resolve) {
        boolean enabled = MailPolicyConfiguration.bool(configuration, "dmarc.report.enabled", false);
        // RFC 7489 §7.2: daily unless chosen otherwise; shorter intervals serve tests.
        Duration interval = MailPolicyConfiguration.duration(configuration, "dmarc.report.interval", ReportInterval.DAILY);
        if (interval.getSeconds() < 1) {
            throw MailPolicyConfiguration.invalid("dmarc.report.interval", interval.toString(), "at least 1s, such as 1h or 1d");
        }
        String email = configuration.getString("dmarc.report.email", "").trim();
        int at = email.lastIndexOf('@');
        if (enabled && (at <= 0 || at == email.length() - 1 || email.chars().anyMatch(c -> c <= ' ' || c == '<' || c == '>'))) {
            throw MailPolicyConfiguration.invalid("dmarc.report.email", email,
                    "the address reports come from, such as dmarc-reports@example.com, when dmarc.report.enabled=true");
        }
        String domain = at > 0 ? email.substring(at + 1) : authservId;
        String orgName = configuration.getString("dmarc.report.orgName", "").trim();
        String extra = configuration.getString("dmarc.report.extraContactInfo", "").trim();
        ReporterMetadata reporter = new ReporterMetadata(orgName.isEmpty() ? domain : orgName, email,
                extra.isEmpty() ? null : extra, domain);
        String formatName = configuration.getString("dmarc.report.format", "rfc9990").trim();
        ReportFormat format = Arrays.stream(ReportFormat.values()).filter(f -> f.name().equalsIgnoreCase(formatName))
                .findFirst().orElseThrow(() -> MailPolicyConfiguration.invalid("dmarc.report.format", formatName, "rfc9990 or rfc7489"));
        String storeName = configuration.getString("dmarc.report.store", "memory").trim();
        Store store = Arrays.stream(Store.values()).filter(s -> s.name().equalsIgnoreCase(storeName)).findFirst()
                .orElseThrow(() -> MailPolicyConfiguration.invalid("dmarc.report.store", storeName, "memory or redis"));
        String redisUri = configuration.getString("dmarc.report.redis.uri", "").trim();
        if (store == Store.REDIS && redisUri.isEmpty()) {
            throw MailPolicyConfiguration.invalid("dmarc.report.redis.uri", "",
                    "a Redis URI such as redis://127.0.0.1:6379 when dmarc.report.store=redis");
        }
        // Rows are recorded in the spool, not in the SMTP dialogue: a second is no one's wait.
        Duration redisTimeout = MailPolicyConfiguration.duration(configuration, "dmarc.report.redis.timeout", DEFAULT_REDIS_TIMEOUT);
        Duration redisLease = MailPolicyConfiguration.duration(configuration, "dmarc.report.redis.lease", RedisReportStore.DEFAULT_LEASE);
        if (redisLease.getSeconds() < 1) {
            throw MailPolicyConfiguration.invalid("dmarc.report.redis.lease", redisLease.toString(),
                    "at least 1s, longer than sending one report takes, such as 15m");
        }
        String snapshot = configuration.getString("dmarc.report.snapshot", DEFAULT_SNAPSHOT).trim();
        return new DmarcReportConfiguration(enabled, interval, reporter, format, store, redisUri, redisTimeout, redisLease,
                snapshot.isEmpty() ? DEFAULT_SNAPSHOT : snapshot,
                MailPolicyConfiguration.positiveInt(configuration, "dmarc.report.maxRecords", DEFAULT_MAX_RECORDS),
                MailPolicyConfiguration.positiveInt(configuration, "dmarc.report.maxReportsPerDestination",
                        DEFAULT_MAX_REPORTS_PER_DESTINATION),
                suppressions(configuration, resolve));
    }

    private static SuppressionList suppressions(Configuration configuration, PathResolver resolve) {
        List<String> lines = new ArrayList<>(Arrays.stream(configuration.getStringArray("dmarc.report.suppress"))
                .flatMap(value -> Arrays.stream(value.split(",")))
                .collect(Collectors.toList()));
        String file = configuration.getString("dmarc.report.suppressionFile", "").trim();
        if (!file.isEmpty()) {
            try {
                File resolved = resolve.file(file);
                lines.addAll(Files.readAllLines(resolved.toPath(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw MailPolicyConfiguration.invalid("dmarc.report.suppressionFile", file, "a readable file, one address or domain a line (" + e + ")");
            }
        }
        return SuppressionList.of(lines);
    }

    /** {@code dmarc.report.enabled}: collect rows and send reports; false by default. */
    public boolean enabled() {
        return enabled;
    }

    /** {@code dmarc.report.interval}: the length of a report's interval, 1d by default. */
    public Duration interval() {
        return interval;
    }

    public ReporterMetadata reporter() {
        return reporter;
    }

    /** The address reports come from: their From: and envelope sender. */
    public String email() {
        return reporter.email();
    }

    public ReportFormat format() {
        return format;
    }

    public Store storeType() {
        return store;
    }

    /** A new store as configured; a Redis store connects on first use, so James starts while Redis is down. */
    public ReportStore store() {
        if (store == Store.MEMORY) {
            return new InMemoryReportStore(maxRecords);
        }
        try {
            return RedisReportStore.connect(redisUri, redisTimeout, maxRecords, redisLease);
        } catch (IllegalArgumentException e) {
            throw invalidRedisUri(e);
        }
    }

    /**
     * Where {@code dmarc.report.maxReportsPerDestination} is counted: this James, or the Redis of the report
     * store, so that the nodes sharing the reports share the cap.
     */
    public RateLimitStore destinationLimitStore() {
        if (store == Store.MEMORY) {
            return new InMemoryRateLimitStore();
        }
        try {
            return RedisRateLimitStore.standalone(redisUri, redisTimeout);
        } catch (IllegalArgumentException e) {
            throw invalidRedisUri(e);
        }
    }

    private IllegalArgumentException invalidRedisUri(IllegalArgumentException e) {
        return MailPolicyConfiguration.invalid("dmarc.report.redis.uri", redisUri,
                "redis://[password@]host[:port], rediss://... (TLS) or redis-sentinel://host:port#master (" + e.getMessage() + ")");
    }

    public Optional<String> redisUri() {
        return Optional.of(redisUri).filter(u -> !u.isEmpty());
    }

    public Duration redisTimeout() {
        return redisTimeout;
    }

    /** {@code dmarc.report.redis.lease}: how long a node's claim on a report holds before another node takes it over. */
    public Duration redisLease() {
        return redisLease;
    }

    /** Where the in-memory store is written on shutdown and read at start-up, as James names files. */
    public String snapshot() {
        return snapshot;
    }

    public int maxRecords() {
        return maxRecords;
    }

    /** At most this many reports go to one destination address per interval, counted by every node together. */
    public int maxReportsPerDestination() {
        return maxReportsPerDestination;
    }

    public SuppressionList suppressions() {
        return suppressions;
    }
}
