package org.mailpolicy.routing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The routing table file (and its secrets file) as currently in force. Each {@link #current()}
 * compares the files' modification time and size with those last read and reloads on a change.
 * A changed file that does not parse leaves the previous table in force; the failure, with its
 * line numbers and reasons, is logged once and kept in {@link #lastFailure()}.
 */
public final class RoutingTableSource {

    private static final Logger LOG = LoggerFactory.getLogger(RoutingTableSource.class);

    /** What a reload check did. */
    public enum Reload {
        /** Neither file changed since the last read. */
        UNCHANGED,
        /** A file changed and the new table is in force. */
        RELOADED,
        /** A file changed but does not load; the previous table stays in force. */
        KEPT_PREVIOUS
    }

    private final Path tableFile;
    private final Path secretsFile;
    private volatile RoutingTable table;
    private volatile Stamp loaded;
    private volatile Stamp failed;
    private volatile RoutingTableException lastFailure;

    private RoutingTableSource(Path tableFile, Path secretsFile) {
        this.tableFile = tableFile;
        this.secretsFile = secretsFile;
    }

    /**
     * Loads a table without a secrets file.
     *
     * @throws RoutingTableException when the file cannot be read or does not parse: a configuration error at start-up
     */
    public static RoutingTableSource open(Path tableFile) {
        return open(tableFile, Optional.empty());
    }

    /**
     * Loads a table whose {@code auth=} options refer to {@code secretsFile}.
     *
     * @throws RoutingTableException when either file cannot be read or does not parse
     */
    public static RoutingTableSource open(Path tableFile, Optional<Path> secretsFile) {
        RoutingTableSource source = new RoutingTableSource(Objects.requireNonNull(tableFile, "tableFile"), secretsFile.orElse(null));
        Stamp stamp = source.stamp();
        source.table = source.load();
        source.loaded = stamp;
        return source;
    }

    /** The table in force, reloaded first if a file changed. */
    public RoutingTable current() {
        reloadIfChanged();
        return table;
    }

    /** Reloads if the table or secrets file changed since it was last read. */
    public Reload reloadIfChanged() {
        Stamp now = stamp();
        if (now.equals(loaded) || now.equals(failed)) {
            return now.equals(loaded) ? Reload.UNCHANGED : Reload.KEPT_PREVIOUS;
        }
        synchronized (this) {
            if (now.equals(loaded)) {
                return Reload.UNCHANGED;
            }
            try {
                table = load();
                loaded = now;
                failed = null;
                lastFailure = null;
                LOG.info("Routing table {} reloaded: {}", tableFile, table);
                return Reload.RELOADED;
            } catch (RoutingTableException e) {
                failed = now;
                lastFailure = e;
                LOG.warn("{}", keptPreviousMessage(e));
                return Reload.KEPT_PREVIOUS;
            }
        }
    }

    /** Why the latest change was not taken; empty when the table in force is the files' current content. */
    public Optional<RoutingTableException> lastFailure() {
        return Optional.ofNullable(lastFailure);
    }

    String keptPreviousMessage(RoutingTableException e) {
        return "Routing table not reloaded, the previous table stays in force: " + e.getMessage();
    }

    private RoutingTable load() {
        RouteSecrets secrets = RouteSecrets.none();
        if (secretsFile != null) {
            warnIfOthersCanRead(secretsFile);
            secrets = RouteSecrets.parse(secretsFile.toString(), read(secretsFile));
        }
        return RoutingTable.parse(tableFile.toString(), read(tableFile), secrets);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new RoutingTableException(file.toString(), "cannot read the file (it must exist and be UTF-8): " + e);
        }
    }

    private static void warnIfOthersCanRead(Path file) {
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            if (permissions.contains(PosixFilePermission.OTHERS_READ)) {
                LOG.warn("Secrets file {} is readable by every local user; chmod o-r it", file);
            }
        } catch (UnsupportedOperationException | IOException e) {
            LOG.debug("Cannot check the permissions of {}: {}", file, e.toString());
        }
    }

    private Stamp stamp() {
        return new Stamp(attributes(tableFile), secretsFile == null ? "" : attributes(secretsFile));
    }

    private static String attributes(Path file) {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return a.lastModifiedTime() + "/" + a.size();
        } catch (IOException e) {
            return "unreadable";
        }
    }

    /** The modification time and size of both files when they were read. */
    private static final class Stamp {
        private final String table;
        private final String secrets;

        Stamp(String table, String secrets) {
            this.table = table;
            this.secrets = secrets;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Stamp && ((Stamp) o).table.equals(table) && ((Stamp) o).secrets.equals(secrets);
        }

        @Override
        public int hashCode() {
            return Objects.hash(table, secrets);
        }
    }
}
