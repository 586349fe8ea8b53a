package org.mailpolicy.ratelimit;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rules read from a properties file and read again when its modification time or size changes,
 * so an admin's edit applies without a restart. The file is looked at no more often than
 * {@code checkInterval}, from the calling thread (no background thread to manage).
 *
 * <p>The first load fails fast: a bad file at start-up is a configuration error. A later edit
 * that does not parse is logged with the key at fault and the previous rules stay in force, so a
 * typo never switches rate limiting off.
 */
public final class ReloadingRulesFile implements RateLimitRulesSource {

    private static final Logger LOG = LoggerFactory.getLogger(ReloadingRulesFile.class);

    private final Path file;
    private final Clock clock;
    private final Duration checkInterval;
    private final Object lock = new Object();
    private volatile Loaded loaded;
    private volatile long nextCheckMillis;

    /**
     * @throws RateLimitConfigException when the file does not parse
     * @throws IOException when it cannot be read
     */
    public ReloadingRulesFile(Path file, Clock clock, Duration checkInterval) throws IOException {
        this.file = Objects.requireNonNull(file, "file");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.checkInterval = Objects.requireNonNull(checkInterval, "checkInterval");
        this.loaded = load(version());
        this.nextCheckMillis = clock.millis() + checkInterval.toMillis();
    }

    @Override
    public RateLimitRules current() {
        long now = clock.millis();
        if (now >= nextCheckMillis) {
            synchronized (lock) {
                if (now >= nextCheckMillis) {
                    reloadIfChanged();
                    nextCheckMillis = now + checkInterval.toMillis();
                }
            }
        }
        return loaded.rules;
    }

    private void reloadIfChanged() {
        String version;
        try {
            version = version();
        } catch (IOException e) {
            LOG.warn("rate-limit rules {}: cannot read ({}); keeping the rules in force", file, e.toString());
            return;
        }
        if (version.equals(loaded.version)) {
            return;
        }
        try {
            loaded = load(version);
            LOG.info("rate-limit rules {}: reloaded, {} rules", file, loaded.rules.rules().size());
        } catch (IOException | RateLimitConfigException e) {
            LOG.warn("rate-limit rules {}: not reloaded, keeping the rules in force: {}", file, e.getMessage());
            loaded = new Loaded(version, loaded.rules);
        }
    }

    /** What tells an edited file: its modification time and size. */
    private String version() throws IOException {
        return Files.getLastModifiedTime(file) + "/" + Files.size(file);
    }

    private Loaded load(String version) throws IOException {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return new Loaded(version, RateLimitRules.parse(reader));
        }
    }

    private static final class Loaded {
        final String version;
        final RateLimitRules rules;

        Loaded(String version, RateLimitRules rules) {
            this.version = version;
            this.rules = rules;
        }
    }
}
