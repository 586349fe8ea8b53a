package org.mailpolicy.james;

import java.io.File;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.apache.commons.configuration2.Configuration;
import org.mailpolicy.ratelimit.InMemoryRateLimitStore;
import org.mailpolicy.ratelimit.RateLimitConfigException;
import org.mailpolicy.ratelimit.RateLimitRules;
import org.mailpolicy.ratelimit.RateLimitRulesSource;
import org.mailpolicy.ratelimit.RateLimitStore;
import org.mailpolicy.ratelimit.RedisRateLimitStore;
import org.mailpolicy.ratelimit.ReloadingRulesFile;

/**
 * The {@code ratelimit.*} settings of {@code conf/mailpolicy.properties}: where the rules come
 * from (the file itself or a rules file of their own, see the core's {@code RULES.md}) and which
 * store counts. Checked at start-up; a bad value fails naming the file, the key and what is accepted.
 */
public final class RateLimitConfiguration {

    static final String RULE_PREFIX = "ratelimit.rule.";
    static final String RULES_FILE = "ratelimit.rulesFile";
    private static final Duration DEFAULT_CHECK_INTERVAL = Duration.ofSeconds(5);

    /** Where the counters live. */
    public enum Store {
        MEMORY, REDIS
    }

    private final Map<String, String> ruleProperties;
    private final Optional<String> rulesFile;
    private final Duration rulesFileCheckInterval;
    private final Store store;
    private final List<String> redisUris;
    private final boolean redisCluster;
    private final Duration redisTimeout;

    private RateLimitConfiguration(Map<String, String> ruleProperties, Optional<String> rulesFile, Duration rulesFileCheckInterval,
                                   Store store, List<String> redisUris, boolean redisCluster, Duration redisTimeout) {
        this.ruleProperties = Map.copyOf(ruleProperties);
        this.rulesFile = rulesFile;
        this.rulesFileCheckInterval = rulesFileCheckInterval;
        this.store = store;
        this.redisUris = List.copyOf(redisUris);
        this.redisCluster = redisCluster;
        this.redisTimeout = redisTimeout;
    }

    public static RateLimitConfiguration from(Configuration configuration) {
        Map<String, String> rules = new LinkedHashMap<>();
        for (Iterator<String> keys = configuration.getKeys(); keys.hasNext(); ) {
            String key = keys.next();
            if (key.startsWith(RULE_PREFIX)) {
                // James reads properties files with ',' as a list separator; a window's limits are comma-separated.
                rules.put(key, configuration.getList(String.class, key).stream().collect(Collectors.joining(",")));
            }
        }
        Optional<String> rulesFile = Optional.of(configuration.getString(RULES_FILE, "").trim()).filter(f -> !f.isEmpty());
        if (rulesFile.isPresent() && !rules.isEmpty()) {
            throw MailPolicyConfiguration.invalid(RULES_FILE, rulesFile.get(),
                    "either a rules file or " + RULE_PREFIX + "* keys in " + MailPolicyConfiguration.FILE + ", not both");
        }
        String storeName = configuration.getString("ratelimit.store", "memory").trim();
        Store store = Arrays.stream(Store.values())
                .filter(s -> s.name().equalsIgnoreCase(storeName))
                .findFirst()
                .orElseThrow(() -> MailPolicyConfiguration.invalid("ratelimit.store", storeName, "memory or redis"));
        List<String> redisUris = Arrays.stream(configuration.getStringArray("ratelimit.redis.uri"))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .collect(Collectors.toList());
        if (store == Store.REDIS && redisUris.isEmpty()) {
            throw MailPolicyConfiguration.invalid("ratelimit.redis.uri", "", "a Redis URI such as redis://127.0.0.1:6379 when ratelimit.store=redis");
        }
        String cluster = configuration.getString("ratelimit.redis.cluster", "false").trim().toLowerCase(Locale.ROOT);
        if (!cluster.equals("true") && !cluster.equals("false")) {
            throw MailPolicyConfiguration.invalid("ratelimit.redis.cluster", cluster, "true or false");
        }
        if (!cluster.equals("true") && redisUris.size() > 1) {
            throw MailPolicyConfiguration.invalid("ratelimit.redis.uri", String.join(",", redisUris),
                    "one URI (several only with ratelimit.redis.cluster=true)");
        }
        Duration timeout = MailPolicyConfiguration.duration(configuration, "ratelimit.redis.timeout", RedisRateLimitStore.DEFAULT_TIMEOUT);
        if (timeout.isZero()) {
            throw MailPolicyConfiguration.invalid("ratelimit.redis.timeout", "0", "a positive duration such as 50ms");
        }
        return new RateLimitConfiguration(rules, rulesFile,
                MailPolicyConfiguration.duration(configuration, "ratelimit.rulesFile.checkInterval", DEFAULT_CHECK_INTERVAL),
                store, redisUris, cluster.equals("true"), timeout);
    }

    /**
     * The rules: parsed from the properties, or from the rules file (resolved by {@code resolve},
     * which knows James's {@code file://conf/} prefix) and re-read when it changes.
     */
    public RateLimitRulesSource rules(PathResolver resolve) {
        if (rulesFile.isEmpty()) {
            try {
                return RateLimitRules.parse(ruleProperties);
            } catch (RateLimitConfigException e) {
                throw new IllegalArgumentException(MailPolicyConfiguration.FILE + ": " + e.getMessage(), e);
            }
        }
        String name = rulesFile.get();
        try {
            File file = resolve.file(name);
            return new ReloadingRulesFile(file.toPath(), Clock.systemUTC(), rulesFileCheckInterval);
        } catch (RateLimitConfigException e) {
            throw new IllegalArgumentException("rate-limit rules file " + name + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw MailPolicyConfiguration.invalid(RULES_FILE, name, "a readable rules file (" + e + ")");
        }
    }

    /** A new store as configured; a Redis store connects on first use, so James starts while Redis is down. */
    public RateLimitStore store() {
        if (store == Store.MEMORY) {
            return new InMemoryRateLimitStore();
        }
        try {
            return redisCluster ? RedisRateLimitStore.cluster(redisUris, redisTimeout)
                    : RedisRateLimitStore.standalone(redisUris.get(0), redisTimeout);
        } catch (IllegalArgumentException e) {
            throw MailPolicyConfiguration.invalid("ratelimit.redis.uri", String.join(",", redisUris),
                    "redis://[password@]host[:port], rediss://... (TLS) or redis-sentinel://host:port#master (" + e.getMessage() + ")");
        }
    }

    public Store storeType() {
        return store;
    }

    public Duration redisTimeout() {
        return redisTimeout;
    }
}
