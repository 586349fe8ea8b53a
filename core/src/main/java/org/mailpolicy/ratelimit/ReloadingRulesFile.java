package org.mailpolicy.ratelimit;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import org.mailpolicy.reload.ReloadingFiles;

/**
 * Rules read from a properties file and read again when it changes, looked at no more often than
 * {@code checkInterval}: an admin's edit applies without a restart, and an edit that does not
 * parse is logged with the key at fault while the previous rules stay in force.
 */
public final class ReloadingRulesFile implements RateLimitRulesSource {

    private final ReloadingFiles<RateLimitRules> rules;

    /**
     * @throws RateLimitConfigException when the file does not parse
     * @throws IOException when it cannot be read
     */
    public ReloadingRulesFile(Path file, Clock clock, Duration checkInterval) throws IOException {
        try {
            rules = ReloadingFiles.load("rate-limit rules", List.of(file), () -> read(file), clock, checkInterval);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    @Override
    public RateLimitRules current() {
        return rules.current();
    }

    private static RateLimitRules read(Path file) {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return RateLimitRules.parse(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
