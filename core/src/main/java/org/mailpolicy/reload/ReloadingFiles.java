package org.mailpolicy.reload;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A value an administrator edits as files (rate-limit rules, the routing table and its secrets),
 * loaded again when a file's modification time or size changes, so an edit applies without a
 * restart. The files are looked at no more often than the check interval, from the calling thread.
 *
 * <p>The first load fails with the loader's exception: a bad file at start-up is a configuration
 * error. A later change that does not load is logged once and kept in {@link #lastFailure()}, and
 * the previous value stays in force, so a typo never switches a policy off; the same bad files
 * are not loaded again until they change.
 *
 * @param <T> the loaded value, immutable
 */
public final class ReloadingFiles<T> {

    private static final Logger LOG = LoggerFactory.getLogger(ReloadingFiles.class);

    /** What a reload check did. */
    public enum Reload {
        /** No file changed since the last read. */
        UNCHANGED,
        /** A file changed and the new value is in force. */
        RELOADED,
        /** A file changed but does not load; the previous value stays in force. */
        KEPT_PREVIOUS
    }

    private final String what;
    private final List<Path> files;
    private final Supplier<T> loader;
    private final Clock clock;
    private final long checkIntervalMillis;
    private volatile T value;
    private volatile String loadedStamp;
    private volatile String failedStamp;
    private volatile RuntimeException lastFailure;
    private volatile long nextCheckMillis;

    private ReloadingFiles(String what, List<Path> files, Supplier<T> loader, Clock clock, Duration checkInterval) {
        this.what = what;
        this.files = List.copyOf(files);
        this.loader = loader;
        this.clock = clock;
        this.checkIntervalMillis = checkInterval.toMillis();
    }

    /**
     * Loads the value for the first time.
     *
     * @param what names the value in log lines, e.g. {@code rate-limit rules}
     * @param loader reads {@code files}; fails with an unchecked exception whose message says what is wrong
     * @throws RuntimeException whatever {@code loader} throws
     */
    public static <T> ReloadingFiles<T> load(String what, List<Path> files, Supplier<T> loader, Clock clock, Duration checkInterval) {
        ReloadingFiles<T> source = new ReloadingFiles<>(Objects.requireNonNull(what, "what"), files,
                Objects.requireNonNull(loader, "loader"), Objects.requireNonNull(clock, "clock"), checkInterval);
        String stamp = source.stamp();
        source.value = loader.get();
        source.loadedStamp = stamp;
        source.nextCheckMillis = clock.millis() + source.checkIntervalMillis;
        return source;
    }

    /** The value in force, loaded again first when the check interval has passed and a file changed. */
    public T current() {
        long now = clock.millis();
        if (now >= nextCheckMillis) {
            nextCheckMillis = now + checkIntervalMillis;
            reloadIfChanged();
        }
        return value;
    }

    /** Loads again now if a file changed since it was last read. */
    public Reload reloadIfChanged() {
        String stamp = stamp();
        if (stamp.equals(loadedStamp)) {
            return Reload.UNCHANGED;
        }
        if (stamp.equals(failedStamp)) {
            return Reload.KEPT_PREVIOUS;
        }
        synchronized (this) {
            if (stamp.equals(loadedStamp)) {
                return Reload.UNCHANGED;
            }
            try {
                value = loader.get();
                loadedStamp = stamp;
                failedStamp = null;
                lastFailure = null;
                LOG.info("{} {}: reloaded", what, files);
                return Reload.RELOADED;
            } catch (RuntimeException e) {
                failedStamp = stamp;
                lastFailure = e;
                LOG.warn("{}", keptPreviousMessage(e));
                return Reload.KEPT_PREVIOUS;
            }
        }
    }

    /** Why the latest change was not taken; empty when the value in force is the files' current content. */
    public Optional<RuntimeException> lastFailure() {
        return Optional.ofNullable(lastFailure);
    }

    /** The log line for a change that did not load. */
    public String keptPreviousMessage(RuntimeException failure) {
        return what + " not reloaded (the previous version stays in force): " + failure.getMessage();
    }

    /** What tells an edited file: its modification time and size. */
    private String stamp() {
        return files.stream().map(ReloadingFiles::attributes).collect(Collectors.joining(" "));
    }

    private static String attributes(Path file) {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return a.lastModifiedTime() + "/" + a.size();
        } catch (IOException e) {
            return "unreadable";
        }
    }
}
